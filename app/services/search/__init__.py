"""Full-text search over persons (every spelling), organisations, meeting notes,
recommendations, findings and cases, behind one service for SQLite and PostgreSQL.

:func:`search` asks the dialect's backend (``backends``) for candidate ids, then loads the rows
through the ORM so that the visibility rule hides whatever the user may not see, and returns
them grouped by kind with the matching words highlighted (``highlight``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Case, Finding, Meeting, Organisation, Person, PersonName, Recommendation
from app.security.cleaning import clean_text
from app.security.field_crypto import with_private_fields
from app.security.masking import masker
from app.services.search.backends import RANK_WINDOW, backend_for
from app.services.search.highlight import excerpt, highlight, terms_pattern

#: Results shown per kind on the overview; each kind has its own pages of results too.
PER_KIND = 10
MAX_TERMS = 8
_TERM = re.compile(r"[^\W_]+")
#: The kinds searched, in the order shown: (kind, heading, searched table).
KINDS = (("persons", "Persons"), ("organisations", "Organisations"), ("meetings", "Meetings"),
         ("recommendations", "Recommendations"), ("findings", "Findings"), ("cases", "Cases"))
#: Fields a hit must match in, as the reader reads them (names they may not read are masked).
_SHOWN = {"organisations": ("name", "acronym", "country", "notes"),
          "meetings": ("title", "notes", "outcome", "purpose", "objective", "place"),
          "recommendations": ("title", "text"), "findings": ("text",),
          "cases": ("title", "summary", "charges")}
_MODELS = {"organisations": Organisation, "meetings": Meeting, "recommendations": Recommendation,
           "findings": Finding, "cases": Case}


@dataclass
class Hit:
    """One result: what it is, its title and an excerpt with the matches marked."""

    kind: str
    record_id: int
    title: Markup
    excerpt: Markup
    #: The record whose page the hit opens, as ``(model name, id)``: a finding opens its
    #: source; None when there is no page (a finding with no source). See
    #: :func:`app.record_views.links.record_url`.
    links_to: tuple[str, int] | None
    note: str = ""


@dataclass
class Group:
    """The results of one kind, best first: every record found (up to the ranking window of
    :data:`~app.services.search.backends.RANK_WINDOW`), and the hits of the first ones."""

    kind: str
    label: str
    records: list = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    #: True when the window was full: there may be more matches than ``total``.
    capped: bool = False

    @property
    def total(self) -> int:
        """How many records of this kind were found."""
        return len(self.records)


@dataclass
class SearchResults:
    """Hits grouped by kind, in a fixed order."""

    query: str
    terms: list[str]
    groups: list[Group] = field(default_factory=list)
    #: Makes the hit of a record found: ``hit(kind, record)``.
    hit: Callable[[str, object], Hit] | None = None

    @property
    def total(self) -> int:
        """Number of records found over every kind."""
        return sum(group.total for group in self.groups)

    def group(self, kind: str) -> Group | None:
        """The group of one kind (None when that kind was not searched)."""
        return next((group for group in self.groups if group.kind == kind), None)


def search_terms(query: str) -> list[str]:
    """The words of a query, case-folded (punctuation and operators dropped)."""
    return _TERM.findall(clean_text(query or "").casefold())[:MAX_TERMS]


def _ordered(rows, ids: list[int]) -> list:
    position = {record_id: n for n, record_id in enumerate(ids)}
    return sorted(rows, key=lambda row: position.get(row.id, len(position)))


def _load(session: Session, model, ids: list[int], *options) -> list:
    if not ids:
        return []
    stmt = select(model).where(model.id.in_(ids), model.archived_at.is_(None)).options(*options)
    return _ordered(session.scalars(stmt).all(), ids)


def _best(fields: list[str | None], pattern) -> str:
    for value in fields:
        if value and pattern.search(value):
            return value
    return next((value for value in fields if value), "")


def search(session: Session, query: str, per_kind: int = PER_KIND,
           kind: str | None = None) -> SearchResults:
    """Search every kind (or only ``kind``) for ``query``, ranked and cut by the database;
    restricted records obey the visibility rule, and a record matching only inside names the
    reader may not read is left out. Each group holds its records found (at most the ranking
    window) and the hits of the first ``per_kind``; ``results.hit`` makes the others'."""
    terms = search_terms(query)
    results = SearchResults(query=query, terms=terms)
    if not terms:
        return results
    backend = backend_for(session)
    pattern = terms_pattern(terms)
    if pattern is None:
        return results
    readable = masker(session)

    def ids(table: str, n: int = RANK_WINDOW) -> list[int]:
        return backend.ids(session, table, terms, n)

    def mark(value: str) -> Markup:
        return highlight(excerpt(readable(value) or "", pattern), pattern)

    def found(record, fields) -> bool:
        """False when the terms matched only inside names the reader may not read."""
        values = [getattr(record, f) or "" for f in fields]
        if not any(pattern.search(v) for v in values):
            return True  # matched in a field not shown here
        return any(pattern.search(readable(v)) for v in values)

    def hit(kind: str, record) -> Hit:
        return _hit(kind, record, mark, pattern)

    results.hit = hit
    for name, label in KINDS:
        if kind is not None and name != kind:
            continue
        if name == "persons":
            candidates = ids("persons")
            spelled = ids("person_names")
            if spelled:
                for person_id in session.scalars(select(PersonName.person_id)
                                                 .where(PersonName.id.in_(spelled))):
                    if person_id not in candidates:
                        candidates.append(person_id)
            capped = len(candidates) >= RANK_WINDOW
            records = _load(session, Person, candidates[:RANK_WINDOW],
                            selectinload(Person.other_names), with_private_fields())
        else:
            candidates = ids(name)
            capped = len(candidates) >= RANK_WINDOW
            options = (selectinload(Finding.theme),) if name == "findings" else ()
            records = [r for r in _load(session, _MODELS[name], candidates, *options)
                       if found(r, _SHOWN[name])]
        results.groups.append(Group(name, label, records,
                                    [hit(name, r) for r in records[:per_kind]], capped))
    return results


def _hit(kind: str, record, mark, pattern) -> Hit:
    """The hit shown for one record found."""
    if kind == "persons":
        spellings = [n.name for n in record.other_names if pattern.search(n.name)]
        note = "also spelled " + ", ".join(spellings) if spellings else ""
        return Hit("person", record.id, mark(record.full_name),
                   mark(note or record.email or record.country or ""),
                   ("Person", record.id))
    if kind == "organisations":
        return Hit("organisation", record.id, mark(record.name),
                   mark(_best([record.acronym, record.country], pattern)),
                   ("Organisation", record.id))
    if kind == "meetings":
        return Hit("meeting", record.id, mark(record.title),
                   mark(_best([record.notes, record.outcome, record.purpose, record.objective,
                               record.place], pattern)),
                   ("Meeting", record.id),
                   note=record.starts_at.strftime("%d %b %Y") if record.starts_at else "")
    if kind == "recommendations":
        return Hit("recommendation", record.id, mark(record.title), mark(record.text),
                   ("Recommendation", record.id),
                   note=f"to {record.addressee}")
    if kind == "findings":
        return Hit("finding", record.id, mark(record.theme.name if record.theme else "Finding"),
                   mark(record.text), ("Source", record.source_id) if record.source_id else None,
                   note="positive step" if record.polarity.value == "positive" else "concern")
    return Hit("case", record.id, mark(record.title),
               mark(_best([record.summary, record.charges], pattern)),
               ("Case", record.id), note=record.status.label)
