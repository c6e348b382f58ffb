"""Names as they really are: case-insensitive matching in any script, and likely duplicates.

Duplicates are found on transliteration keys (:func:`app.services.people.transliteration.match_key`),
so that Zhylanbaev, Jylanbayev and Жыланбаев are one name, then by fuzzy similarity.

SQLite's ``lower()`` folds ASCII only, so "Жыланбаев" would not match "жыланбаев". The
:class:`fold` expression compiles to ``lower()`` on PostgreSQL (Unicode-aware) and to the
``parley_fold`` function Parley registers on every SQLite connection (Python's ``str.lower``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import overload

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, String, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.models import Affiliation, NameStamp, Person, PersonName
from app.security.visibility import unrestricted
from app.services.folding import normalise
from app.services.people.transliteration import match_key
from app.services.search.name_trigrams import by_dialect, persons_named_like, trigram_phrase

#: The name of the SQLite function registered in ``app._sqlite_pragmas``.
SQLITE_FOLD = "parley_fold"
#: Similarity (0-100) from which two names count as a likely duplicate.
DUPLICATE_SCORE = 85


class fold(FunctionElement):
    """A column or value folded to lower case in every script, on SQLite and PostgreSQL."""

    type = String()
    name = "fold"
    inherit_cache = True


@compiles(fold)
def _fold_default(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(fold, "sqlite")
def _fold_sqlite(element, compiler, **kw):
    return f"{SQLITE_FOLD}({compiler.process(element.clauses, **kw)})"


class ascii_fold(fold):
    """:class:`fold` for a comparison with a term of ASCII characters only: on SQLite the
    column is compared as it is, since SQLite's ``LIKE`` already ignores the case of ASCII
    letters (in C, where ``parley_fold`` calls Python once per row: a type-ahead over 20,000
    names took 150 ms). A letter outside ASCII can never match such a term once folded
    either (the one exception, the Kelvin sign folding to "k", is not a letter of names)."""

    inherit_cache = True


@compiles(ascii_fold, "sqlite")
def _ascii_fold_sqlite(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@overload
def fold_text(value: str) -> str: ...
@overload
def fold_text(value: None) -> None: ...
def fold_text(value: str | None) -> str | None:
    """Fold a Python string exactly as :class:`fold` folds a column."""
    return value.lower() if isinstance(value, str) else value


def folded_for(column, term: str):
    """``column`` folded for comparing with ``term``: :class:`ascii_fold` for a term of ASCII
    characters (SQLite's own case-insensitive ``LIKE``), else :class:`fold`."""
    return ascii_fold(column) if term.isascii() else fold(column)


def contains_folded(column, term: str):
    """SQL condition: ``column`` contains ``term``, ignoring case in any script."""
    return folded_for(column, term).contains(fold_text(term), autoescape=True)


def name_key(name: str) -> str:
    """A name as compared for duplicates: case, accents, quotes, dashes and spacing ignored."""
    return normalise(name)


def spellings_by_key(rows) -> dict[str, set[int]]:
    """``(person id, spelling)`` rows as {match key: person ids}, for :func:`persons_named`."""
    keyed: dict[str, set[int]] = {}
    for person_id, spelling in rows:
        keyed.setdefault(match_key(spelling), set()).add(person_id)
    return keyed


def persons_named(names: list[str], keyed: dict[str, set[int]]) -> set[int]:
    """Ids of persons with a spelling equal (in any transliteration) or close to any of
    ``names``."""
    choices = list(keyed)
    found: set[int] = set()
    for name in names:
        key = match_key(name)
        found |= keyed.get(key, set())
        for match, _, _ in process.extract(key, choices, scorer=fuzz.token_sort_ratio,
                                           score_cutoff=DUPLICATE_SCORE, limit=None):
            found |= keyed[match]
    return found


def person_name_matches(term: str):
    """SQL condition on Person: the full name or any other spelling contains ``term``; read
    from the name index (app/services/search/name_trigrams.py) for a term it can serve."""
    return _person_found(term)


def person_found_by(term: str, *more) -> ColumnElement[bool]:
    """:func:`person_name_matches`, or a post containing ``term``, or any of ``more`` (SELECTs
    of person ids: the posts at organisations found, for one)."""
    return _person_found(term, posts=True, more=more)


def _person_found(term: str, *, posts: bool = False, more=()) -> ColumnElement[bool]:
    # each source its own SELECT in one UNION: each is then read by its own index (on
    # PostgreSQL the pg_trgm ones), where one OR over them reads every person
    scanned = [select(Person.id).where(contains_folded(Person.full_name, term)),
               select(PersonName.person_id).where(contains_folded(PersonName.name, term))]
    if posts:
        scanned.append(select(Affiliation.person_id)
                       .where(contains_folded(Affiliation.role, term)))
    in_columns = Person.id.in_(union_all(*scanned, *more))
    phrase = trigram_phrase(term)
    if phrase is None:
        return in_columns
    indexed = persons_named_like(phrase, posts=posts)
    if more:
        indexed = union_all(indexed, *more)
    return by_dialect(sqlite=Person.id.in_(indexed), other=in_columns)


def split_spellings(text: str | None) -> list[str]:
    """Other spellings typed one per line: trimmed, blank lines and repeats dropped."""
    seen, result = set(), []
    for line in (text or "").splitlines():
        name = " ".join(line.split())
        if name and fold_text(name) not in seen:
            seen.add(fold_text(name))
            result.append(name)
    return result


def script_of(name: str) -> str:
    """"Cyrillic" when the name holds Cyrillic letters, else "Latin"."""
    return "Cyrillic" if any("\u0400" <= ch <= "\u04ff" for ch in name) else "Latin"


@dataclass(frozen=True)
class PossibleDuplicate:
    """An existing person whose name is close to a new one."""

    person_id: int
    full_name: str
    matched: str
    score: float


def possible_duplicates(session, names: list[str], *, exclude_id: int | None = None,
                        limit: int = 5, live_only: bool = False) -> list[PossibleDuplicate]:
    """Existing persons (visible ones only, never those already merged into another) whose
    names, in any transliteration, are close to any of ``names``; with ``live_only``, archived
    and erased persons are left out too.

    The names are compared with the keys of every spelling in Parley (:func:`_name_keys`,
    kept while no name changes); the persons matched are then read through the visibility
    rule, so a hidden person is never offered."""
    every = _name_keys(session)
    best: dict[int, tuple[str, float]] = {}
    for name in names:
        for pid, matched, score in every.close_to(_sorted_words(match_key(name))):
            if pid != exclude_id and (pid not in best or best[pid][1] < score):
                best[pid] = (matched, score)
    if not best:
        return []
    wanted: list[ColumnElement[bool]] = [Person.id.in_(best), Person.merged_into_id.is_(None)]
    if live_only:
        wanted += [Person.archived_at.is_(None), Person.erased_at.is_(None)]
    found = [PossibleDuplicate(pid, full_name, *best[pid])
             for pid, full_name in session.execute(select(Person.id, Person.full_name)
                                                   .where(*wanted))]
    return sorted(found, key=lambda d: (-d.score, d.full_name, d.person_id))[:limit]


def _sorted_words(key: str) -> str:
    """``key`` with its words in order: comparing such keys with ``fuzz.ratio`` is rapidfuzz's
    ``token_sort_ratio`` (word order ignored), with the sorting done once per name, not on
    every comparison."""
    return " ".join(sorted(key.split()))


@dataclass(frozen=True)
class NameKeys:
    """Every spelling of every person with its transliteration key, as of one name stamp."""

    stamp: object
    #: spelling id -> the spelling's match key, its words in order (the choices
    #: :func:`possible_duplicates` scores).
    keys: dict[int, str]
    #: spelling id -> (person id, the spelling as written).
    spellings: dict[int, tuple[int, str]]
    #: key -> what :meth:`close_to` found for it, for the names last asked about (a profile
    #: asks on every view; comparing with every spelling is the costly part, about 10 ms at
    #: 40,000 spellings). Kept with the keys, so it is forgotten when a name changes.
    found: OrderedDict[str, list[tuple[int, str, float]]] = field(default_factory=OrderedDict)

    def close_to(self, key: str) -> list[tuple[int, str, float]]:
        """(person id, spelling, score) of every spelling whose key is close to ``key``."""
        if not key:
            return []
        with _keys_lock:
            if (kept := self.found.get(key)) is not None:
                self.found.move_to_end(key)
                return kept
        result = [(*self.spellings[spelling_id], score)
                  for _, score, spelling_id in process.extract(
                      key, self.keys, scorer=fuzz.ratio, score_cutoff=DUPLICATE_SCORE,
                      limit=None)]
        with _keys_lock:
            self.found[key] = result
            while len(self.found) > KEPT_MATCHES:
                self.found.popitem(last=False)
        return result


#: How many names' matches :class:`NameKeys` keeps (the most recently asked).
KEPT_MATCHES = 2048
_kept_keys: dict[str, NameKeys] = {}
_keys_lock = threading.Lock()


def _name_keys(session) -> NameKeys:
    """The keys of every person's names, worked out once per database and name stamp.

    Working out a key (transliteration) is the costly part of looking for duplicates: on
    20,000 persons it took most of a second of every profile view. The name stamp
    (:class:`app.models.NameStamp`) is renewed by database triggers whenever a person is added
    or removed, or a name, spelling or sensitivity changes, so the keys kept are never stale.
    They include restricted persons' names: they stay in the worker's memory, and only the
    persons :func:`possible_duplicates` then reads through the visibility rule are shown.
    """
    stamp = session.scalar(select(NameStamp.stamp).where(NameStamp.id == 1))
    database = str(session.get_bind().url)
    with _keys_lock:
        kept = _kept_keys.get(database)
    if kept is not None and kept.stamp == stamp:
        return kept
    persons, names = Person.__table__, PersonName.__table__
    spellings: dict[int, tuple[int, str]] = {}
    rows = session.execute(unrestricted(select(persons.c.id, persons.c.full_name))).all()
    rows += session.execute(unrestricted(select(names.c.person_id, names.c.name))).all()
    keys: dict[int, str] = {}
    for spelling_id, (pid, spelling) in enumerate(rows):
        if key := _sorted_words(match_key(spelling)):
            keys[spelling_id] = key
            spellings[spelling_id] = (pid, spelling)
    kept = NameKeys(stamp, keys, spellings)
    with _keys_lock:
        _kept_keys[database] = kept
    return kept
