"""Finding records by what a user types: the type-ahead lists and the names typed without
JavaScript.

Three operations over the kinds of :mod:`app.services.lookup_kinds`, all through ORM queries
on the kind's model (the visibility rule applies):

- :func:`search`: at most :data:`MAX_RESULTS` records whose fields contain every typed word:
  persons whose own names contain them before those found by their posts, then those whose
  name starts with the first word first;
- :func:`load`: the records behind posted ids, one query per kind;
- :func:`resolve`: the one record a typed name means, or the several it could mean.

A record that matched only because a typed word sits inside a name the reader may not read
(a meeting titled after an at-risk person) is left out, as in the search page: the masked
label would still tell the reader that such a name is there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from app.routing import MAX_ID
from app.security.cleaning import clean_text
from app.security.masking import masker
from app.services.lookup_kinds import BY_PREFIX, KINDS, Kind, kinds_named
from app.services.people.names import fold_text, folded_for

#: The most results one type-ahead request returns.
MAX_RESULTS = 20
#: The most characters of a typed query that are used.
MAX_QUERY = 100
#: The most words of a query that are matched (each must match).
MAX_WORDS = 5
#: How many candidates a "several match" message names.
SEVERAL_SHOWN = 5

__all__ = ["BY_PREFIX", "KINDS", "MAX_QUERY", "MAX_RESULTS", "Choice", "Kind", "Resolution",
           "kinds_named", "load", "resolve", "search", "tidy"]


@dataclass(frozen=True)
class Choice:
    """One record as a type-ahead offers it."""

    kind: Kind
    id: int
    label: str
    detail: str = ""
    #: False for an archived record (it stays on forms that already name it).
    current: bool = True

    def value(self, mixed: bool = False) -> str:
        """What a form posts for it: ``12``, or ``p12`` in a field offering several kinds."""
        return f"{self.kind.prefix}{self.id}" if mixed else str(self.id)

    @property
    def full_label(self) -> str:
        """The label with its detail, e.g. "Anna Desk (Desk Officer, EEAS)"."""
        return f"{self.label} ({self.detail})" if self.detail else self.label

    def as_json(self, mixed: bool = False) -> dict:
        """The result as the type-ahead script reads it."""
        return {"value": self.value(mixed), "label": self.label, "detail": self.detail,
                "group": self.kind.group}


@dataclass(frozen=True)
class Resolution:
    """What a typed name means: one record (``chosen``), or the candidates (none or several)."""

    chosen: Choice | None
    matches: list[Choice] = field(default_factory=list)


def tidy(text: str | None) -> str:
    """A typed query cleaned like any input, spaces squeezed, cut to :data:`MAX_QUERY`."""
    return " ".join(clean_text(text or "").split())[:MAX_QUERY].strip()


def _words(text: str | None) -> list[str]:
    return tidy(text).split()[:MAX_WORDS]


def _choice(kind: Kind, record) -> Choice:
    return Choice(kind, record.id, kind.label(record), kind.detail(record) or "",
                  kind.is_current(record))


def _reader(session: Session):
    """``readable(kind, record, words)``: False when a word matched only inside masked names."""
    mask = masker(session)

    def readable(kind: Kind, record, words: Sequence[str]) -> bool:
        if kind.texts is None or not words:
            return True
        shown = fold_text(" ".join(mask(text) for text in kind.texts(record) if text))
        return all(fold_text(word) in shown for word in words)

    return readable


def _records(session: Session, kind: Kind, words: list[str], *, everyone: bool, limit: int,
             event_id: int | None = None):
    """Up to ``limit`` records of ``kind`` matching every word: first those whose own names
    match (:attr:`Kind.name_word`), then, when they are fewer, the others."""
    named = _matching(session, kind, words, kind.name_word, everyone=everyone, limit=limit,
                      event_id=event_id) if kind.name_word and words else []
    if len(named) >= limit:
        return named
    return [*named, *_matching(session, kind, words, kind.word, everyone=everyone,
                               limit=limit - len(named), event_id=event_id,
                               besides=[record.id for record in named])]


def _matching(session: Session, kind: Kind, words: list[str], condition, *, everyone: bool,
              limit: int, event_id: int | None, besides: Sequence[int] = ()):
    stmt = select(kind.model).options(*kind.loads())
    if not everyone:
        stmt = stmt.where(kind.current())
    for word in words:
        stmt = stmt.where(condition(word))
    if besides:
        stmt = stmt.where(kind.model.id.not_in(besides))
    if event_id and kind.raised_at is not None:
        stmt = stmt.order_by(case((kind.raised_at(event_id), 0), else_=1))
    if words:
        starts = folded_for(kind.name_column, words[0]).startswith(fold_text(words[0]),
                                                                   autoescape=True)
        stmt = stmt.order_by(case((starts, 0), else_=1))
    return session.scalars(stmt.order_by(*kind.order()).limit(limit)).all()


def _shared(found: list[list[Choice]], limit: int) -> list[Choice]:
    """Up to ``limit`` results, each kind getting an equal share first, in kind order."""
    share = max(1, limit // len(found))
    taken = [choices[:share] for choices in found]
    spare = limit - sum(len(t) for t in taken)
    for index, choices in enumerate(found):
        if spare <= 0:
            break
        more = choices[len(taken[index]):len(taken[index]) + spare]
        taken[index] += more
        spare -= len(more)
    return [choice for choices in taken for choice in choices][:limit]


def search(session: Session, kinds: Sequence[Kind], text: str | None, *,
           limit: int = MAX_RESULTS, everyone: bool = False,
           event_id: int | None = None) -> list[Choice]:
    """Records of ``kinds`` matching every word of ``text`` (all of them, first ones, when
    ``text`` is empty), at most ``limit``; archived ones only with ``everyone``; with
    ``event_id``, those already raised at that dialogue event's meetings first.

    One query per kind, whatever the size of the tables.
    """
    limit = max(1, min(limit, MAX_RESULTS))
    words = _words(text)
    readable = _reader(session)
    found = []
    for kind in kinds:
        records = _records(session, kind, words, everyone=everyone, limit=limit + 5,
                           event_id=event_id)
        found.append([_choice(kind, r) for r in records if readable(kind, r, words)][:limit])
    return _shared(found, limit)


def load(session: Session, references: Iterable[tuple[Kind, int]]) -> dict[tuple[str, int], Choice]:
    """The records behind ``(kind, id)`` pairs that exist and that the user may see, archived
    ones included, keyed by ``(kind name, id)``; one query per kind."""
    wanted: dict[Kind, set[int]] = defaultdict(set)
    for kind, record_id in references:
        if isinstance(record_id, int) and 0 < record_id <= MAX_ID:
            wanted[kind].add(record_id)
    found = {}
    for kind, ids in wanted.items():
        stmt = select(kind.model).where(kind.model.id.in_(ids)).options(*kind.loads())
        for record in session.scalars(stmt):
            found[(kind.name, record.id)] = _choice(kind, record)
    return found


def resolve(session: Session, kinds: Sequence[Kind], text: str | None, *,
            everyone: bool = False) -> Resolution:
    """The record ``text`` names: the only match, or the only one called exactly that.

    Otherwise no choice, with up to :data:`SEVERAL_SHOWN` + 1 candidates (none when nothing
    matches).
    """
    text = tidy(text)
    if not text:
        return Resolution(None)
    matches = search(session, kinds, text, limit=SEVERAL_SHOWN + 1, everyone=everyone)
    if len(matches) == 1:
        return Resolution(matches[0], matches)
    if not matches:
        return Resolution(None)
    readable, words, folded = _reader(session), _words(text), fold_text(text)
    exact = {(c.kind.name, c.id): c for c in matches if fold_text(c.label) == folded}
    for kind in kinds:
        stmt = select(kind.model).where(kind.called(text)).options(*kind.loads())
        if not everyone:
            stmt = stmt.where(kind.current())
        for record in session.scalars(stmt.order_by(*kind.order()).limit(2)):
            if readable(kind, record, words):
                exact.setdefault((kind.name, record.id), _choice(kind, record))
    if len(exact) == 1:
        return Resolution(next(iter(exact.values())), matches)
    return Resolution(None, list(exact.values()) if exact else matches)
