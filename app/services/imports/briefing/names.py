"""Named persons and groups in a paragraph.

Papers mark names in bold (Markdown ``**…**``, bold runs in Word): a bold span that looks like
a personal name (two to five capitalised words) is a person; another short bold span inside a
sentence ("the Atajurt movement", "opposed the construction of a nuclear power plant") is a
group. Text pasted from a PDF has lost the bold, so names are found after the words papers use
to introduce people ("journalist", "activist", "blogger", "lawyer", "defender", "priest",
"leader", …, also in lists: "Journalists A B, C D and E F") and groups after a counted plural
("Nineteen activists from the X movement", "Five activists who peacefully opposed …").
"""

from __future__ import annotations

import re

from app.services.imports.briefing.lines import Block, squash

_UPPER = "A-ZА-ЯЁÀ-ÖØ-ÞĀ-Ž"
_WORD = rf"[{_UPPER}][\w'’.-]*"
_NAME = rf"{_WORD}(?:\s+{_WORD}){{1,4}}"
_TOKEN = re.compile(rf"^[{_UPPER}](?:[\w'’-]*\w|\.)$")
_NOT_NAME_WORDS = {"the", "a", "an", "recommendations", "recommendation", "article", "criminal",
                   "code", "eu", "un", "human", "rights", "court", "committee", "ministry",
                   "office", "law", "in", "on", "for", "and", "of", "to"}

#: Words papers put before a person's name.
CUES = (
    "journalists?", "activists?", "bloggers?", "lawyers?", "attorneys?", "defenders?",
    "priests?", "imams?", "pastors?", "widow", "widower", "wife", "husband", "son", "daughter",
    "leaders?", "dissidents?", "poets?", "writers?", "artists?", "editors?", "reporters?",
    "researchers?", "academics?", "scholars?", "politicians?", "campaigners?",
    "whistle-?blowers?", "critics?", "founder", "chair(?:person|man|woman)?", "director",
    "mr\\.?", "mrs\\.?", "ms\\.?", "dr\\.?",
)
_CUE_NAMES = re.compile(
    rf"(?i:\b(?:{'|'.join(CUES)}))[,:]?\s+(?P<names>{_NAME}(?:(?:,\s+(?:and\s+)?|\s+and\s+){_NAME})*)")
_SPLIT_NAMES = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
_COUNTED = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|"
            r"twenty|thirty|forty|fifty|several|dozens\s+of|hundreds\s+of|a\s+group\s+of)")
_PEOPLE = r"(?:activists|journalists|bloggers|protesters|defendants|members|lawyers|workers|people)"
_GROUP_FROM = re.compile(
    rf"(?i:\b{_COUNTED}\s+{_PEOPLE}\s+(?:from|of)\s+)(?P<phrase>the\s+[{_UPPER}][\w-]+"
    rf"(?:\s+[{_UPPER}][\w-]+)*?\s+(?i:movement|group|party|union|association|community|"
    rf"network|initiative))\b")
_GROUP_WHO = re.compile(
    rf"(?i:\b{_COUNTED}\s+{_PEOPLE}\s+who\s+(?:\w+ly\s+)?)(?P<phrase>(?:opposed|protested|"
    rf"campaigned|demonstrated|rallied|organised|organized|took\s+part)\b[^,.;]*?)"
    rf"(?=\s+in\s+[{_UPPER}]|\s+were\b|\s+was\b|\s+have\b|\s+had\b|[,.;])")
_NOUN_FROM = re.compile(r"(\w+)\s+(?:from|of)\s*$", re.IGNORECASE)
_NOUN_WHO = re.compile(r"(\w+)\s+who\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"А-ЯЁ])")


def strip_possessive(name: str) -> str:
    """"Marat Zhylanbaev’s" -> "Marat Zhylanbaev"."""
    return re.sub(r"['’]s$", "", name.strip(" ,.;:"))


def is_name_like(span: str) -> bool:
    """Two to five capitalised words, no digits: looks like a personal name."""
    tokens = strip_possessive(squash(span)).split(" ")
    if not 2 <= len(tokens) <= 5 or any(ch.isdigit() for ch in span):
        return False
    if tokens[0].lower() in _NOT_NAME_WORDS or tokens[-1].lower() in _NOT_NAME_WORDS:
        return False
    return all(_TOKEN.match(t) and not (len(t) > 1 and t.isupper()) for t in tokens)


def _sentence_of(text: str, start: int) -> tuple[str, int]:
    """The sentence around offset ``start`` and the offset of ``start`` inside it."""
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= start:
            begin = match.end()
        else:
            end = match.start() + 1
            return text[begin:end].strip(), start - begin
    return text[begin:].strip(), start - begin


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def group_title(phrase: str, before: str) -> str:
    """A case title for a group from its phrase and the words before it in the sentence."""
    phrase = squash(phrase).strip(" ,.;:")
    bare = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)
    who = _NOUN_WHO.search(before)
    if who and phrase[:1].islower() and bare == phrase:
        return f"{_capitalise(who.group(1).lower())} who {phrase}"
    of = _NOUN_FROM.search(before)
    if of and bare != phrase:
        return f"{_capitalise(bare)} {of.group(1).lower()}"
    return _capitalise(bare)


def find_named(block: Block, use_bold: bool) -> tuple[list[tuple[str, str]],
                                                       list[tuple[str, str, str]]]:
    """Persons as (name, sentence) and groups as (title, phrase, sentence) in one block."""
    text = block.text
    persons: list[tuple[str, str]] = []
    groups: list[tuple[str, str, str]] = []
    if use_bold:
        cursor = 0
        for span in block.bold:
            where = text.find(span, cursor)
            if where < 0:
                where = text.find(span)
            if where < 0:
                continue
            cursor = where + len(span)
            sentence, offset = _sentence_of(text, where)
            if is_name_like(span):
                persons.append((strip_possessive(span), sentence))
            elif len(span.split()) <= 12 and not span.endswith("."):
                groups.append((group_title(span, sentence[:offset]), span, sentence))
        return persons, groups
    for match in _CUE_NAMES.finditer(text):
        sentence, _ = _sentence_of(text, match.start("names"))
        for name in _SPLIT_NAMES.split(match.group("names")):
            name = strip_possessive(name)
            if is_name_like(name):
                persons.append((name, sentence))
    for pattern in (_GROUP_FROM, _GROUP_WHO):
        for match in pattern.finditer(text):
            sentence, offset = _sentence_of(text, match.start("phrase"))
            phrase = match.group("phrase")
            groups.append((group_title(phrase, sentence[:offset]), phrase, sentence))
    return persons, groups
