"""Names as they really are: case-insensitive matching in any script, and likely duplicates.

Duplicates are found on transliteration keys (:func:`app.services.people.transliteration.match_key`),
so that Zhylanbaev, Jylanbayev and Жыланбаев are one name, then by fuzzy similarity.

SQLite's ``lower()`` folds ASCII only, so "Жыланбаев" would not match "жыланбаев". The
:class:`fold` expression compiles to ``lower()`` on PostgreSQL (Unicode-aware) and to the
``parley_fold`` function Parley registers on every SQLite connection (Python's ``str.lower``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, String, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.models import Person, PersonName
from app.services.folding import normalise
from app.services.people.transliteration import match_key

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


@overload
def fold_text(value: str) -> str: ...
@overload
def fold_text(value: None) -> None: ...
def fold_text(value: str | None) -> str | None:
    """Fold a Python string exactly as :class:`fold` folds a column."""
    return value.lower() if isinstance(value, str) else value


def contains_folded(column, term: str):
    """SQL condition: ``column`` contains ``term``, ignoring case in any script."""
    return fold(column).contains(fold_text(term), autoescape=True)


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
    """SQL condition on Person: the full name or any other spelling contains ``term``."""
    other = select(PersonName.person_id).where(contains_folded(PersonName.name, term))
    return or_(contains_folded(Person.full_name, term), Person.id.in_(other))


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
    and erased persons are left out too."""
    candidates: dict[str, tuple[int, str]] = {}
    wanted: list[ColumnElement[bool]] = [Person.merged_into_id.is_(None)]
    if live_only:
        wanted += [Person.archived_at.is_(None), Person.erased_at.is_(None)]
    if exclude_id is not None:
        wanted.append(Person.id != exclude_id)
    persons = session.execute(select(Person.id, Person.full_name).where(*wanted)).all()
    full_names = {pid: full for pid, full in persons}
    for pid, full in persons:
        candidates[f"{pid}:{full}"] = (pid, full)
    others = session.execute(
        select(PersonName.person_id, PersonName.name)
        .join(Person, Person.id == PersonName.person_id).where(*wanted)
    ).all()
    for pid, other in others:
        if pid in full_names:
            candidates[f"{pid}:{other}"] = (pid, other)
    choices = {key: match_key(name) for key, (_, name) in candidates.items()}
    choices = {key: folded for key, folded in choices.items() if folded}
    best: dict[int, PossibleDuplicate] = {}
    for name in names:
        if not match_key(name):
            continue
        for _, score, key in process.extract(match_key(name), choices, scorer=fuzz.token_sort_ratio,
                                             score_cutoff=DUPLICATE_SCORE, limit=limit * 3):
            pid, matched = candidates[key]
            if pid not in best or best[pid].score < score:
                best[pid] = PossibleDuplicate(pid, full_names[pid], matched, score)
    return sorted(best.values(), key=lambda d: -d.score)[:limit]
