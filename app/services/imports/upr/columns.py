"""Which column of a UPR list is which: headers matched loosely.

A header matches a field when it *is* one of the field's names ("Recommending State"), when it
*contains* all the words of one ("Response of the State under review" holds "response"), or
when it is spelt nearly like one ("Recomendation", rapidfuzz). Each column serves one field,
the best match first. The header row need not be the first: titles above it ("Kazakhstan —
third cycle") are skipped, the first of the top rows that names the recommendation text wins.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from app.services.folding import normalise

#: field -> (label, names a header may use). Order breaks ties: "Response of the State under
#: review" is the response before it is a state.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "text": ("Recommendation", (
        "recommendation", "recommendations", "recommendation text", "text", "full text",
        "text of the recommendation", "recommendation full text", "wording")),
    "paragraph": ("Paragraph", (
        "paragraph", "paragraph number", "paragraph no", "para", "para no", "no", "nr",
        "number", "recommendation number", "recommendation no", "rec no", "ref", "reference")),
    "response": ("Response", (
        "response", "position", "state response", "response of the state under review",
        "response of state under review", "position of the state under review",
        "position of state under review", "sur response", "sur position", "reply", "support",
        "supported noted", "accepted")),
    "addressee": ("State under review", (
        "state under review", "sur", "country under review", "reviewed state", "addressee")),
    "state": ("Recommending state", (
        "recommending state", "recommending states", "recommending country", "state",
        "country", "recommended by", "delegation", "source state", "by")),
    "cycle": ("Cycle", ("cycle", "upr cycle", "review cycle", "round")),
    "symbol": ("Document symbol", (
        "document symbol", "symbol", "document", "un symbol", "report symbol", "report",
        "source document", "source", "doc symbol", "document number")),
}
#: Words that keep a header from being a field unless it is one of the field's names exactly:
#: "Position of the State under review" is not the state under review, nor "Recommending
#: state" the recommendation.
_NOT_FOR = {
    "addressee": {"position", "response", "reply", "supported", "noted", "recommending"},
    "state": {"under", "review", "position", "response", "reply"},
    "text": {"recommending", "recommended", "number", "no", "nr", "state"},
}
#: How many rows from the top may stand above the header row.
HEADER_SEARCH = 10
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_FUZZY_CUTOFF = 86


def header_key(header: str) -> str:
    """A header as compared: case, accents and punctuation ignored ("Para. No." → "para no")."""
    return " ".join(_NOT_WORD.sub(" ", normalise(header)).split())


def _score(key: str, field: str) -> int:
    """How well a header key fits a field: 100 exact, 60+ all words of a name, 50 a near
    spelling, 0 none."""
    if not key:
        return 0
    names = FIELDS[field][1]
    if key in names:
        return 100
    words = set(key.split())
    if words & _NOT_FOR.get(field, set()):
        return 0
    best = 0
    for name in names:
        name_words = name.split()
        if set(name_words) <= words and (len(name_words) > 1 or len(name) > 2):
            best = max(best, 60 + 5 * len(name_words) - len(words))
        elif len(key) > 4 and fuzz.ratio(key, name) >= _FUZZY_CUTOFF:
            best = max(best, 50)
    return best


def match_columns(headers: list[str]) -> dict[str, int | None]:
    """field -> the column that holds it (``None`` when no header fits)."""
    keys = [header_key(h) for h in headers]
    order = list(FIELDS)
    scored = sorted(((score, -order.index(field), column, field)
                     for field in FIELDS
                     for column, key in enumerate(keys)
                     if (score := _score(key, field))), reverse=True)
    found: dict[str, int | None] = dict.fromkeys(FIELDS)
    used: set[int] = set()
    for _, _, column, field in scored:
        if found[field] is None and column not in used:
            found[field] = column
            used.add(column)
    return found


def find_header(rows: list[list[str]]) -> tuple[int, dict[str, int | None]] | None:
    """(index of the header row, its columns) among the top rows: the first naming the text
    and another field, else the first naming the text; ``None`` when none does."""
    first = None
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        columns = match_columns(row)
        if columns["text"] is None:
            continue
        if sum(column is not None for column in columns.values()) >= 2:
            return index, columns
        first = first or (index, columns)
    return first
