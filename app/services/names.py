"""Names as they really are: case-insensitive matching in any script, and likely duplicates.

SQLite's ``lower()`` folds ASCII only, so "Жыланбаев" would not match "жыланбаев". The
:class:`fold` expression compiles to ``lower()`` on PostgreSQL (Unicode-aware) and to the
``parley_fold`` function Parley registers on every SQLite connection (Python's ``str.lower``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import String, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.models import Person, PersonName
from app.services.folding import normalise

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
    """``(person id, spelling)`` rows as {name key: person ids}, for :func:`persons_named`."""
    keyed: dict[str, set[int]] = {}
    for person_id, spelling in rows:
        keyed.setdefault(name_key(spelling), set()).add(person_id)
    return keyed


def persons_named(names: list[str], keyed: dict[str, set[int]]) -> set[int]:
    """Ids of persons with a spelling equal (once folded) or close to any of ``names``."""
    choices = list(keyed)
    found: set[int] = set()
    for name in names:
        key = name_key(name)
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
                        limit: int = 5) -> list[PossibleDuplicate]:
    """Existing persons (visible ones only) whose names are close to any of ``names``."""
    candidates: dict[str, tuple[int, str]] = {}
    persons = session.execute(select(Person.id, Person.full_name)).all()
    full_names = {pid: full for pid, full in persons}
    for pid, full in persons:
        candidates[f"{pid}:{full}"] = (pid, full)
    others = session.execute(
        select(PersonName.person_id, PersonName.name)
        .join(Person, Person.id == PersonName.person_id)
    ).all()
    for pid, other in others:
        if pid in full_names:
            candidates[f"{pid}:{other}"] = (pid, other)
    choices = {key: fold_text(name) for key, (_, name) in candidates.items()}
    best: dict[int, PossibleDuplicate] = {}
    for name in names:
        for _, score, key in process.extract(fold_text(name), choices, scorer=fuzz.token_sort_ratio,
                                             score_cutoff=DUPLICATE_SCORE, limit=limit * 3):
            pid, matched = candidates[key]
            if pid == exclude_id:
                continue
            if pid not in best or best[pid].score < score:
                best[pid] = PossibleDuplicate(pid, full_names[pid], matched, score)
    return sorted(best.values(), key=lambda d: -d.score)[:limit]
