"""The name matcher: one Aho-Corasick automaton over restricted persons' spellings, cached
per database and rebuilt when the name stamp changes; finding mentions in a text."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import overload

import ahocorasick
from flask import g, has_request_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import NameStamp, Person, PersonName, Sensitivity
from app.security.masking.names import fold, spellings_of
from app.security.visibility import unrestricted


@dataclass
class Matcher:
    """The automaton over restricted spellings, with who owns each spelling."""

    fingerprint: tuple
    automaton: ahocorasick.Automaton | None
    #: folded spelling -> ((person_id, sensitivity value), ...) of every person spelled so.
    owners: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)
    #: The spellings hidden from a clearance (its levels' values), one per line: filled by
    #: :func:`app.security.masking.text.hides_words`.
    hidden_spellings: dict[frozenset[str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mention:
    """A restricted person's name found in a text, at ``start:end``."""

    start: int
    end: int
    owners: tuple[tuple[int, str], ...]
    spelling: str = ""


_lock = threading.Lock()
_matchers: dict[str, Matcher] = {}


def _fingerprint(session: Session) -> tuple:
    """The stamp database triggers renew on every change to a name or a sensitivity."""
    return (session.scalar(select(NameStamp.stamp).where(NameStamp.id == 1)),)


def _build(session: Session, fingerprint: tuple) -> Matcher:
    """Load every person's spellings and build the automaton over the restricted ones."""
    persons_table, names_table = Person.__table__, PersonName.__table__
    persons = session.execute(unrestricted(select(
        persons_table.c.id, persons_table.c.full_name, persons_table.c.sensitivity))).all()
    other_names: dict[int, list[str]] = {}
    for person_id, name in session.execute(unrestricted(select(
            names_table.c.person_id, names_table.c.name))):
        other_names.setdefault(person_id, []).append(name)
    normal = Sensitivity.NORMAL.value
    restricted: dict[str, list[tuple[int, str]]] = {}
    for person_id, full_name, sensitivity in persons:
        if sensitivity != normal:
            for spelling in spellings_of(full_name, other_names.get(person_id, ())):
                restricted.setdefault(spelling, []).append((person_id, sensitivity))
    for person_id, full_name, sensitivity in persons:  # namesakes the reader may see
        if sensitivity == normal:
            for spelling in spellings_of(full_name, other_names.get(person_id, ())):
                if spelling in restricted:
                    restricted[spelling].append((person_id, normal))
    owners = {spelling: tuple(found) for spelling, found in restricted.items()}
    return Matcher(fingerprint, _automaton(owners), owners)


def _automaton(spellings: Iterable[str]):
    """The Aho-Corasick automaton over folded ``spellings`` (None when there are none)."""
    spellings = list(spellings)
    if not spellings:
        return None
    automaton = ahocorasick.Automaton()
    for spelling in spellings:
        automaton.add_word(spelling, spelling)
    automaton.make_automaton()
    return automaton


def matcher_for(persons: dict[int, tuple[str, Iterable[str]]]) -> Matcher:
    """A matcher over the given persons only, whatever their sensitivity; not cached.

    ``persons`` maps a person id to ``(full_name, other spellings)``; the spellings are
    :func:`spellings_of`'s. Used where one person's names are looked for on purpose (erasure,
    subject access), with :func:`mentions` and :func:`replace_mentions`.
    """
    owners: dict[str, list[tuple[int, str]]] = {}
    for person_id, (full_name, others) in persons.items():
        for spelling in spellings_of(full_name, others):
            owners.setdefault(spelling, []).append((person_id, ""))
    owned = {spelling: tuple(found) for spelling, found in owners.items()}
    return Matcher((), _automaton(owned), owned)


@overload
def replace_mentions(text: str, found: Matcher, replacement: Callable[[Mention], str]) -> str: ...
@overload
def replace_mentions(text: None, found: Matcher,
                     replacement: Callable[[Mention], str]) -> None: ...
def replace_mentions(text: str | None, found: Matcher,
                     replacement: Callable[[Mention], str]) -> str | None:
    """``text`` with every name ``found`` matches replaced by ``replacement(mention)``."""
    if not text:
        return text
    pieces, position = [], 0
    for mention in mentions(text, found):
        pieces += [text[position:mention.start], replacement(mention)]
        position = mention.end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def _key(session: Session) -> str:
    return str(session.get_bind().engine.url)


def matcher(session: Session) -> Matcher:
    """The current matcher for this database, rebuilt when a name or sensitivity changed.

    The stamp is read once per request (on every call outside a request); a flush that
    touched a person in this request forgets the request's copy.
    """
    in_request = has_request_context()
    if in_request and g.get("parley_matcher") is not None:
        return g.parley_matcher
    key = _key(session)
    current = _matchers.get(key)
    fingerprint = _fingerprint(session)
    if current is None or current.fingerprint != fingerprint or fingerprint == (None,):
        current = _build(session, fingerprint)
        with _lock:
            _matchers[key] = current
    if in_request:
        g.parley_matcher = current
    return current


def mentions(text: str, found: Matcher) -> list[Mention]:
    """Restricted names in ``text`` (longest match wins, on word boundaries), in order."""
    if not text or found.automaton is None:
        return []
    folded = fold(text)
    candidates = []
    for end, spelling in found.automaton.iter(folded):
        start = end - len(spelling) + 1
        if start > 0 and folded[start - 1].isalnum():
            continue
        if end + 1 < len(folded) and folded[end + 1].isalnum():
            continue
        candidates.append((start, end + 1, spelling))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    result, last_end = [], -1
    for start, end, spelling in candidates:
        if start >= last_end:
            result.append(Mention(start, end, found.owners[spelling], spelling))
            last_end = end
    return result


def is_hidden(mention: Mention, levels: Iterable[Sensitivity], exempt: Iterable[int] = ()) -> bool:
    """True when the reader (``levels``) may not read this name (and may see nobody so named)."""
    values = {Sensitivity(level).value for level in levels}
    exempt = set(exempt)
    visible_owner = any(level in values or pid in exempt for pid, level in mention.owners)
    return not visible_owner
