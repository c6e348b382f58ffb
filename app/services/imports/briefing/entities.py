"""Criminal-code articles, the offences they name, and key figures such as the CIVICUS rating."""

from __future__ import annotations

import re

from app.services.imports.briefing.lines import squash
from app.services.imports.briefing.model import ParsedArticle, ParsedFact

_ARTICLE = re.compile(r"\b(?:Article|Art\.)\s*(\d{1,4}(?:[-.]\d{1,3})?)", re.IGNORECASE)
_OFFENCE_BEFORE = re.compile(r"[“\"«]([^”\"»]{3,80})[”\"»]((?:\s+[^\W\d]+){0,3})\s*\(\s*$")
_CIVICUS = re.compile(
    r"CIVICUS\s+Monitor[^.]*?[“\"']?\b(open|narrowed|obstructed|repressed|closed)\b",
    re.IGNORECASE)
_SCORE = re.compile(r"\bscore\s+of\s+(\d{1,3})\b|\b(\d{1,3})\s*/\s*100\b", re.IGNORECASE)
_COUNTRY = re.compile(r"\bclassif\w*\s+(?:the\s+)?([A-Z][\w-]+?)(?:['’]s)?\s+civic\s+space")
_CLAUSE_BREAK = re.compile(r",?\s+(?:while|whereas|but|meanwhile)\s+|;\s+")
_OFFENCE_STOPWORDS = {"knowingly", "involvement", "activities", "activity", "other", "others",
                      "participation", "organisation", "organization", "creation"}


def find_articles(text: str) -> list[ParsedArticle]:
    """Criminal-code articles cited in ``text`` with the offence quoted just before, if any."""
    found = []
    for match in _ARTICLE.finditer(text):
        offence = _OFFENCE_BEFORE.search(text[:match.start()])
        words = squash(f"{offence.group(1)} {offence.group(2)}") if offence else None
        found.append(ParsedArticle(match.group(1), words))
    return found


def clause_of(sentence: str, words: str) -> str:
    """The clause of ``sentence`` that contains ``words`` ("…, while …" splits clauses)."""
    where = sentence.find(words)
    if where < 0:
        return sentence
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() > where:
            return sentence[start:match.start()]
        start = match.end()
    return sentence[start:]


def describes_offence(sentence: str, article: ParsedArticle) -> bool:
    """True when ``sentence`` names the article's offence in other words.

    Papers cite the article once ("knowingly spreading false information" (Article 274)) and
    then speak of "“false” information charges": every distinctive word of the offence (or its
    first six letters, so "extremism" matches "extremist") must appear in the sentence, and at
    least two when the offence has two or more.
    """
    if not article.offence:
        return False
    words = [w for w in re.findall(r"[^\W\d_]{5,}", article.offence.casefold())
             if w not in _OFFENCE_STOPWORDS]
    if not words:
        return False
    text = sentence.casefold()
    found = sum(1 for w in words if w[:6] in text)
    return found >= min(2, len(words)) and (len(words) == 1 or found >= len(words) - 1)


def find_facts(text: str) -> list[ParsedFact]:
    """Key figures: the CIVICUS Monitor rating with its score."""
    facts = []
    rating = _CIVICUS.search(text)
    if rating:
        window = text[rating.start():rating.end() + 300]
        score = _SCORE.search(window)
        value = rating.group(1).capitalize()
        if score:
            value += f", {score.group(1) or score.group(2)}/100"
        country = _COUNTRY.search(window)
        facts.append(ParsedFact("CIVICUS Monitor rating", value,
                                country.group(1) if country else None))
    return facts
