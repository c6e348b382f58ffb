"""Full-text search over persons (every spelling), organisations, meeting notes,
recommendations, findings and cases, behind one service for SQLite and PostgreSQL.

:func:`search` asks the dialect's backend (``backends``) for candidate ids, then loads the rows
through the ORM so that the visibility rule hides whatever the user may not see, and returns
them grouped by kind with the matching words highlighted (``highlight``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Case, Finding, Meeting, Organisation, Person, PersonName, Recommendation
from app.security.cleaning import clean_text
from app.security.masking import masker
from app.services.search.backends import backend_for
from app.services.search.highlight import excerpt, highlight, terms_pattern

#: Results shown per kind.
PER_KIND = 20
MAX_TERMS = 8
_TERM = re.compile(r"[^\W_]+")


@dataclass
class Hit:
    """One result: what it is, its title and an excerpt with the matches marked."""

    kind: str
    record_id: int
    title: Markup
    excerpt: Markup
    endpoint: str | None
    url_args: dict
    note: str = ""


@dataclass
class SearchResults:
    """Hits grouped by kind, in a fixed order."""

    query: str
    terms: list[str]
    groups: list[tuple[str, list[Hit]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Number of hits over every kind."""
        return sum(len(hits) for _, hits in self.groups)


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


def search(session: Session, query: str, per_kind: int = PER_KIND) -> SearchResults:
    """Search every kind for ``query``; restricted records obey the visibility rule."""
    terms = search_terms(query)
    results = SearchResults(query=query, terms=terms)
    if not terms:
        return results
    backend = backend_for(session)
    pattern = terms_pattern(terms)
    ids = lambda table, n=per_kind: backend.ids(session, table, terms, n)

    readable = masker(session)

    def mark(value: str) -> Markup:
        return highlight(excerpt(readable(value) or "", pattern), pattern)

    def found(record, *fields) -> bool:
        """False when the terms matched only inside names the reader may not read."""
        values = [getattr(record, f) or "" for f in fields]
        if not any(pattern.search(v) for v in values):
            return True  # matched in a field not shown here
        return any(pattern.search(readable(v)) for v in values)

    person_ids = ids("persons")
    spelled = ids("person_names", per_kind * 3)
    if spelled:
        for person_id in session.scalars(select(PersonName.person_id)
                                         .where(PersonName.id.in_(spelled))):
            if person_id not in person_ids:
                person_ids.append(person_id)
    persons = _load(session, Person, person_ids, selectinload(Person.other_names))[:per_kind]
    hits = []
    for person in persons:
        spellings = [n.name for n in person.other_names if pattern.search(n.name)]
        note = "also spelled " + ", ".join(spellings) if spellings else ""
        hits.append(Hit("person", person.id, mark(person.full_name),
                        mark(note or person.email or person.country or ""),
                        "persons.detail", {"person_id": person.id}))
    results.groups.append(("Persons", hits))

    organisations = [o for o in _load(session, Organisation, ids("organisations"))
                     if found(o, "name", "acronym", "country", "notes")]
    results.groups.append(("Organisations", [
        Hit("organisation", o.id, mark(o.name), mark(_best([o.acronym, o.country], pattern)),
            "organisations.detail", {"organisation_id": o.id}) for o in organisations]))

    meetings = [m for m in _load(session, Meeting, ids("meetings"))
                if found(m, "title", "notes", "outcome", "purpose", "objective", "place")]
    results.groups.append(("Meetings", [
        Hit("meeting", m.id, mark(m.title),
            mark(_best([m.notes, m.outcome, m.purpose, m.objective, m.place], pattern)),
            "meetings.detail", {"meeting_id": m.id},
            note=m.starts_at.strftime("%d %b %Y") if m.starts_at else "") for m in meetings]))

    recommendations = [r for r in _load(session, Recommendation, ids("recommendations"))
                       if found(r, "title", "text")]
    results.groups.append(("Recommendations", [
        Hit("recommendation", r.id, mark(r.title), mark(r.text), "recommendations.detail",
            {"recommendation_id": r.id}, note=f"to {r.addressee}") for r in recommendations]))

    findings = [f for f in _load(session, Finding, ids("findings"), selectinload(Finding.theme))
                if found(f, "text")]
    results.groups.append(("Findings", [
        Hit("finding", f.id, mark(f.theme.name if f.theme else "Finding"), mark(f.text),
            "sources.detail" if f.source_id else None,
            {"source_id": f.source_id} if f.source_id else {},
            note="positive step" if f.polarity.value == "positive" else "concern")
        for f in findings]))

    cases = [c for c in _load(session, Case, ids("cases"))
             if found(c, "title", "summary", "charges")]
    results.groups.append(("Cases", [
        Hit("case", c.id, mark(c.title), mark(_best([c.summary, c.charges], pattern)),
            "cases.detail", {"case_id": c.id}, note=c.status.label) for c in cases]))
    return results
