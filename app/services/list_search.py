"""A list's search box: the records whose text, as the reader sees it, holds every typed word.

Every list with a search box (meetings, events, cases, recommendations, sources,
organisations) finds its records here, with :func:`text_search`:

- the typed text is cut into words (letters and digits; at most :data:`MAX_WORDS`), and a
  record must hold each word (case ignored, any script) in one of the list's text columns or,
  for a list that says so, in another way (a meeting: a visible attendee's name);
- a word that is part of a name hidden from the reader (:func:`app.security.masking.
  hides_words`) must not find a record only through that name: the reader sees "[restricted]"
  there, and a record found by it would tell them whose name is written in it. When a word is
  such a part, the records found are read again with their texts masked for the reader, and
  those whose masked texts no longer hold it are left out;
- at most :data:`SEARCH_WINDOW` records are found, the first in the list's usual order; past
  that the list says so (:attr:`Found.note`). The search reads no further than that window,
  so the check above, and the list's pages and count, stay bounded whatever the data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, false, or_
from sqlalchemy.orm import Session

from app.security.cleaning import clean_text
from app.security.masking import hides_words, masker
from app.services.people.names import contains_folded, fold_text

#: The most records a search finds (the first in the list's usual order).
SEARCH_WINDOW = 1_000
#: The most words of a search that are looked for (each must be found).
MAX_WORDS = 8
#: Letters and digits: a word never holds a space or a mark, so that it is either inside a
#: masked name or not (a masked name covers whole words).
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Found:
    """The list's query narrowed to what a search found, and what the list should say."""

    stmt: Select
    #: Said above the list's pager when the search found more than :data:`SEARCH_WINDOW`.
    note: str = ""


def search_words(text: str | None) -> list[str]:
    """The words of a typed search: runs of letters and digits, cleaned, at most
    :data:`MAX_WORDS`."""
    return _WORD.findall(clean_text(text or ""))[:MAX_WORDS]


def text_search(session: Session, stmt: Select, text: str | None, model,
                columns: Sequence, *, order: Sequence, noun: str,
                also: Callable[[str], ColumnElement] | None = None,
                indexed: Callable[[str], ColumnElement] | None = None) -> Found:
    """``stmt`` (a list's query of ``model``) narrowed to the records holding every word of
    ``text`` in ``columns`` (or by ``also(word)``, another way a word finds one) as the reader
    sees them; the first :data:`SEARCH_WINDOW` in ``order``. ``noun`` names the records in
    the note ("meetings"). ``indexed(word)``, when given, is the condition "one of
    ``columns`` holds the word" as an index serves it (the meetings' text trigrams)."""
    words = search_words(text)
    if not words:
        return Found(stmt)

    def found_by(word: str) -> ColumnElement[bool]:
        matches = [indexed(word)] if indexed else [contains_folded(c, word) for c in columns]
        return or_(*matches, *([also(word)] if also else []))

    checked = hides_words(session, words)
    flags = [also(word).label(f"also_{n}") for n, word in enumerate(words)] \
        if checked and also else []
    candidates = (stmt.where(and_(*(found_by(word) for word in words)))
                  .with_only_columns(model.id, *(columns if checked else ()), *flags)
                  .order_by(None).order_by(*order).limit(SEARCH_WINDOW + 1))
    rows = session.execute(candidates).all()
    note = ""
    if len(rows) > SEARCH_WINDOW:
        rows = rows[:SEARCH_WINDOW]
        note = (f"More than {SEARCH_WINDOW:,} {noun} match: the first {SEARCH_WINDOW:,} in "
                f"the list's usual order are listed. Add a word or a filter to narrow the "
                f"search.")
    if checked:
        rows = _as_seen(session, rows, words, len(columns), bool(flags))
    ids = [row[0] for row in rows]
    return Found(stmt.where(model.id.in_(ids)) if ids else stmt.where(false()), note)


def _as_seen(session: Session, rows, words: list[str], texts: int, flagged: bool) -> list:
    """The rows whose texts, masked for the reader, still hold every word (or that a word
    finds another way)."""
    mask = masker(session, replacement="\x00")  # a mask no word can be found in
    folded = [fold_text(word) for word in words]
    kept = []
    for row in rows:
        seen = fold_text("\n".join(mask(value) for value in row[1:1 + texts] if value))
        others = row[1 + texts:] if flagged else [False] * len(words)
        if all(other or word in seen for word, other in zip(folded, others, strict=True)):
            kept.append(row)
    return kept
