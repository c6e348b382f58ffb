"""What the import infers beyond the text: short titles, priorities, case statuses, and the
paper's date and publisher when it states them."""

from __future__ import annotations

import re
from datetime import date

from app.services.imports.briefing.headings import LEAD_NUMBER
from app.services.imports.briefing.lines import squash
from app.services.imports.briefing.shapes import action_of, asked_in

#: The longest short title proposed (the column holds 200; tables want far less).
TITLE_LENGTH = 80

_LEADING_CLAUSE = re.compile(
    r"^(?:in\s+line\s+with|in\s+accordance\s+with|consistent\s+with|in\s+light\s+of|"
    r"in\s+view\s+of|further\s+to|following|pending|given|as\s+recommended|with\s+a\s+view\s+to|"
    r"where|when|until|before|after)\b[^,]{0,160},\s+", re.IGNORECASE)
_CLAUSE_END = re.compile(
    r"\s*(?:;|:|\s[–—]\s|\s-\s|\(|,\s+(?=(?:and|including|in\s+particular|such\s+as|which|"
    r"with|to|in\s+line|in\s+accordance|as|by|while|so\s+that|without|pending|given|notably|"
    r"especially|e\.g\.|i\.e\.|for\s+example|or|where|if|unless|even)\b))", re.IGNORECASE)
_WEAK_END = {"and", "or", "of", "for", "in", "to", "the", "a", "an", "with", "on", "by", "at",
             "its", "their", "from", "that", "as", "into", "any", "all"}


def short_title(text: str) -> str:
    """The first clause of a recommendation, as a short handle: "Release imprisoned journalists".

    Who is asked ("We urge the EU to …", "The EU should …") and a leading "In line with …,"
    are dropped; the clause is cut at a semicolon, dash, parenthesis or a comma before "and",
    "including", …; a long clause ends at a word boundary near :data:`TITLE_LENGTH` characters.
    """
    clause = LEAD_NUMBER.sub("", squash(text))
    if asked_in(clause):
        clause = action_of(clause)
    clause = _LEADING_CLAUSE.sub("", clause) or clause
    cut = _CLAUSE_END.search(clause)
    if cut and cut.start() >= 12:
        clause = clause[:cut.start()]
    clause = clause.strip(" .,;:")
    if len(clause) > TITLE_LENGTH:
        words = clause[:TITLE_LENGTH + 1].split(" ")[:-1]
        while len(words) > 3 and words[-1].lower().strip(",") in _WEAK_END:
            words.pop()
        clause = " ".join(words).rstrip(",;:")
    return clause[:1].upper() + clause[1:]


def priorities(sections: list) -> list[int]:
    """Priority per recommendation from the paper's order: within each section (a theme's list
    or a lead-in's list, per addressee) the first is 1, the second 2, the rest 3."""
    seen: dict = {}
    result = []
    for section in sections:
        seen[section] = seen.get(section, 0) + 1
        result.append(min(seen[section], 3))
    return result


# ------------------------------------------------------------------------------- case status

#: (CaseStatus value, the words that suggest it); the cue nearest the name wins.
_STATUS_CUES = (
    ("closed", (r"killed|killing|murdered|murder\s+of|assassinated|died|death\s+of|"
                r"was\s+found\s+dead")),
    ("under_investigation", r"fled\s+(?:abroad|the\s+country)|forced\s+to\s+flee|in\s+exile"),
    ("convicted", (r"convicted|sentenced|sentences?|jailed|imprisoned|found\s+guilty|"
                   r"(?:received|was\s+given)\s+\w+\s+years|"
                   r"serv(?:e|es|ing)\s+(?:a\s+)?(?:prison|\w+-year)")),
    ("on_trial", r"on\s+trial|(?:his|her|their)\s+trial\s+(?:began|started|opened)"),
    ("detained", (r"detained|arrested|in\s+(?:pre-trial\s+)?detention|in\s+custody|"
                  r"behind\s+bars|remanded")),
    ("released", r"released|freed|acquitted|pardoned|amnestied"),
)
_CUES = [(status, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for status, words in _STATUS_CUES]
_NEGATED = re.compile(r"\b(?:not|never|yet\s+to\s+be|no\s+longer)\s+(?:been\s+|be\s+)?$", re.IGNORECASE)


def case_status(sentence: str, name: str) -> tuple[str, str]:
    """(CaseStatus value, phrase) from the words around ``name`` in ``sentence``.

    Convicted or sentenced gives "convicted", detained or arrested "detained", released
    "released", on trial "on_trial", killed or died "closed"; fled abroad keeps "under
    investigation" but shows the phrase, so the officer decides. Nothing found: "under
    investigation" and no phrase.
    """
    where = sentence.find(name)
    where = max(where, 0)
    best: tuple[int, str, str] | None = None
    for status, pattern in _CUES:
        for match in pattern.finditer(sentence):
            if _NEGATED.search(sentence[:match.start()]):
                continue
            distance = match.start() - (where + len(name)) if match.start() >= where \
                else where - match.end()
            if best is None or distance < best[0]:
                best = (distance, status, _around(sentence, match.start(), match.end()))
    if best is None:
        return "under_investigation", ""
    return best[1], best[2]


def _around(sentence: str, start: int, end: int) -> str:
    """The cue with a word before and two after, not crossing a comma or a full stop."""
    before = re.search(r"(?:[^\s,;.]+\s+)?$", sentence[:start])
    after = re.match(r"(?:\s+[^\s,;.]+){0,2}", sentence[end:])
    # Both patterns can match the empty string, so they always match.
    assert before is not None and after is not None
    return squash(before.group(0) + sentence[start:end] + after.group(0))


# ------------------------------------------------------------------------------ date, publisher

_MONTHS = {m: n for n, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_MONTH = r"(?P<month>" + "|".join(_MONTHS) + r")"
_DATE = (rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)|"
         rf"{_MONTH.replace('month', 'month2')}\s+(?P<day2>\d{{1,2}}),?\s+(?P<year2>(?:19|20)\d\d)|"
         r"(?P<iso>(?:19|20)\d\d-\d\d-\d\d))")
_DATE_LINE = re.compile(
    rf"^(?:(?:published|date|dated|issued|updated|released)(?:\s+on)?\s*:?\s*|"
    rf"[A-Z][\w .'’-]{{1,40}},\s+|[A-Z][\w .'’-]{{1,40}}\s+\(|)(?:\w+day,?\s+)?{_DATE}"
    rf"(?:\)?\s*(?:[–—-].*|\.?))?$", re.IGNORECASE)
_PUBLISHER = re.compile(
    r"^(?:(?:an?\s+)?(?:joint\s+)?(?:briefing(?:\s+paper)?|paper|statement|report|submission|"
    r"update|open\s+letter|letter|press\s+release|analysis|note)\s+(?:by|from)|"
    r"published\s+by|publisher\s*:|issued\s+by)\s+(?P<who>[^.;:]+?)"
    r"(?=,\s+(?-i:[a-z])|\.|;|:|\s+(?:prepared|ahead\s+of|published|submitted|highlights|shows|on\s+the)\b|$)",
    re.IGNORECASE)


_ONLY_DATE = re.compile(
    rf"^(?:(?:published|date|dated|issued|updated|released)(?:\s+on)?\s*:?\s*|"
    rf"[A-Z][\w .'’-]{{1,40}},\s+|)(?:\w+day,?\s+)?{_DATE}\.?$", re.IGNORECASE)


def is_date_line(text: str) -> bool:
    """True for a line that is only a date, perhaps with a place or "Published": never a heading."""
    return bool(_ONLY_DATE.match(squash(text)))


def _as_date(match: re.Match) -> date | None:
    parts = match.groupdict()
    try:
        if parts.get("iso"):
            return date.fromisoformat(parts["iso"])
        day, month, year = ((parts["day"], parts["month"], parts["year"]) if parts.get("day")
                            else (parts["day2"], parts["month2"], parts["year2"]))
        return date(int(year), _MONTHS[month.lower()], int(day))
    except (ValueError, KeyError, TypeError):
        return None


def paper_date(texts: list[str]) -> date | None:
    """The date a paper states for itself: "Published 3 March 2026", a line that is a date, or a
    dateline ("Brussels, 3 March 2026 – …"). Dates inside sentences are events, not the paper's."""
    for text in texts:
        match = _DATE_LINE.match(squash(text)[:200]) if len(text) <= 200 or re.match(
            r"^[A-Z][\w .'’-]{1,40},\s+\d", text) else None
        if match is None and len(text) > 200:
            head = re.split(r"\s[–—-]\s", text, maxsplit=1)[0]
            match = _DATE_LINE.match(squash(head)) if head != text else None
        if match:
            found = _as_date(match)
            if found is not None:
                return found
    return None


def paper_publisher(texts: list[str]) -> str | None:
    """Who published the paper when it says so: "A joint briefing paper by X and Y, …" -> "X and Y"."""
    for text in texts:
        match = _PUBLISHER.match(squash(text))
        if match:
            who = re.sub(r"^the\s+", "", squash(match.group("who")), flags=re.IGNORECASE)
            if 2 <= len(who) <= 300 and who[:1].isupper():
                return who
    return None
