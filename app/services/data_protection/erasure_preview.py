"""What erasing a person would change, as the confirmation page shows it, read in a fixed
number of bounded queries.

The records about the person, the audit events about those records and the issued packs
naming them are counted in SQL (every one, as the erasure reaches every one). The texts naming
them are sampled from the search index: a few candidates per searched table, checked with the
erasure's own name matcher and loaded through the visibility rule. Persons sharing a spelling
(namesakes) are found the same way, among the index's candidates. Nothing here reads a whole
table: the erasure itself reads every text, the audit log and every issued pack when it runs
(:mod:`app.services.data_protection.erasure`), and its audit event records what it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select, union
from sqlalchemy.orm import Session

from app.models import (
    AuditEvent,
    Case,
    Finding,
    Meeting,
    Person,
    PersonName,
    Recommendation,
    pack_masked_persons,
    pack_persons,
)
from app.security.masking import Matcher, mentions, spellings_of
from app.security.visibility import unrestricted
from app.services.data_protection.erasure_plan import LINKED_LABELS, linked_records
from app.services.people.mentions import person_matcher
from app.services.search import search_terms
from app.services.search.backends import RANK_WINDOW, backend_for
from app.services.search.schema import SEARCHED

#: Records naming the person shown on the confirmation page, and candidates read per table.
SAMPLE = 10
CANDIDATES = 25
#: Searched tables whose text may name the person: table -> (model, kind shown, endpoint and
#: the name of its id argument, the attribute holding that id).
MENTIONING: dict[str, tuple[type[Meeting | Recommendation | Finding | Case],
                            str, str, str, str]] = {
    "meetings": (Meeting, "Meeting", "meetings.detail", "meeting_id", "id"),
    "recommendations": (Recommendation, "Recommendation", "recommendations.detail",
                        "recommendation_id", "id"),
    "findings": (Finding, "Finding of a source", "sources.detail", "source_id", "source_id"),
    "cases": (Case, "Case", "cases.detail", "case_id", "id"),
}
#: The audit log's name of each kind of record whose values the erasure empties.
AUDITED = {"Affiliation": "posts", "Case": "cases", "Raising": "raisings",
           "FollowUp": "follow_ups"}


@dataclass
class Naming:
    """A record whose text names the person: what it is, its title, and its page."""

    kind: str
    title: str
    endpoint: str | None
    url_args: dict = field(default_factory=dict)


@dataclass
class ErasurePreview:
    """What the confirmation page shows: counts, and a short sample of texts naming them."""

    person_id: int
    #: Label of a kind of record about them -> how many (kinds with none left out).
    linked: dict[str, int]
    #: Audit events about them and the records above (their values are erased).
    audit_events: int
    #: Issued packs naming them (rewritten and rendered again).
    packs: int
    #: Records whose text names them, from the search index (at most :data:`SAMPLE`).
    naming: list[Naming]
    #: True when the search index holds more of them than shown.
    more_naming: bool
    #: Other persons sharing a spelling of their name (among the index's candidates).
    namesakes: int


def preview_erasure(session: Session, person: Person) -> ErasurePreview:
    """What erasing ``person`` would change, for the confirmation page; nothing is written."""
    found = person_matcher(person)
    groups = _search_groups(person, found)
    naming, more = _naming(session, person, found, groups)
    return ErasurePreview(person.id, _linked_counts(session, person.id),
                          _audit_events(session, person.id), _packs(session, person.id),
                          naming, more, _namesakes(session, person, found, groups))


def _count(stmt):
    return select(func.count()).select_from(stmt.subquery()).scalar_subquery()


def _linked_counts(session: Session, person_id: int) -> dict[str, int]:
    """Records about the person per kind (labelled), every kind counted in one query."""
    linked = linked_records(person_id)
    counts = session.execute(unrestricted(
        select(*(_count(stmt) for stmt in linked.values())))).one()
    return {LINKED_LABELS[kind]: n for kind, n in zip(linked, counts, strict=True) if n}


def _audit_events(session: Session, person_id: int) -> int:
    """Audit events about the person and their posts, cases, raisings and commitments."""
    linked = linked_records(person_id)
    about = [and_(AuditEvent.entity_type == "Person", AuditEvent.entity_id == person_id)]
    about += [and_(AuditEvent.entity_type == entity, AuditEvent.entity_id.in_(linked[kind]))
              for entity, kind in AUDITED.items()]
    return session.scalar(unrestricted(
        select(func.count(AuditEvent.id)).where(or_(*about)))) or 0


def _packs(session: Session, person_id: int) -> int:
    """Issued packs naming the person, or masking their name."""
    named = union(select(pack_persons.c.pack_id).where(pack_persons.c.person_id == person_id),
                  select(pack_masked_persons.c.pack_id)
                  .where(pack_masked_persons.c.person_id == person_id))
    return session.scalar(unrestricted(
        select(func.count()).select_from(named.subquery()))) or 0


def _search_groups(person: Person, found: Matcher) -> list[list[str]]:
    """The search terms of every spelling: as written (accents kept) and as matched."""
    names = [person.full_name, *(n.name for n in person.other_names), *found.owners]
    groups: dict[tuple[str, ...], None] = {}
    for name in names:
        terms = tuple(sorted(set(search_terms(name))))
        if terms:
            groups.setdefault(terms)
    return [list(terms) for terms in groups]


def _naming(session: Session, person: Person, found: Matcher,
            groups: list[list[str]]) -> tuple[list[Naming], bool]:
    """Records of the searched tables whose text names the person: the first few the search
    index proposes in each table, read through the visibility rule and checked with the
    erasure's matcher (cases about the person are left out: they are anonymised whole)."""
    if not groups:
        return [], False
    backend = backend_for(session)
    fields = {table: columns for table, _, columns in SEARCHED}
    result, more = [], False
    for table, (model, kind, endpoint, id_arg, id_attr) in MENTIONING.items():
        ids = backend.ids_any(session, table, groups, CANDIDATES)
        more = more or len(ids) >= CANDIDATES
        for record in session.scalars(select(model).where(model.id.in_(ids or [-1]))
                                      .order_by(model.id)):
            if getattr(record, "person_id", None) == person.id:
                continue
            if any(mentions(getattr(record, name) or "", found) for name in fields[table]):
                target = getattr(record, id_attr)
                result.append(Naming(kind, _title(record), endpoint if target else None,
                                     {id_arg: target} if target else {}))
    return result[:SAMPLE], more or len(result) > SAMPLE


def _title(record) -> str:
    title = getattr(record, "title", None) or getattr(record, "text", "") or ""
    return title if len(title) <= 90 else title[:87].rstrip() + "…"


def _namesakes(session: Session, person: Person, found: Matcher,
               groups: list[list[str]]) -> int:
    """How many other persons have a spelling of this person's name, among the persons and
    spellings the search index proposes (a mention of a shared spelling is replaced too)."""
    if not groups:
        return 0
    backend = backend_for(session)
    candidates = set(backend.ids_any(session, "persons", groups, RANK_WINDOW))
    spelled = backend.ids_any(session, "person_names", groups, RANK_WINDOW)
    candidates.update(session.scalars(unrestricted(
        select(PersonName.person_id).where(PersonName.id.in_(spelled or [-1])))))
    candidates.discard(person.id)
    if not candidates:
        return 0
    others: dict[int, list[str]] = {}
    for person_id, name in session.execute(
            unrestricted(select(PersonName.person_id, PersonName.name)
                         .where(PersonName.person_id.in_(candidates)))):
        others.setdefault(person_id, []).append(name)
    mine = set(found.owners)
    return sum(1 for person_id, name in session.execute(
        unrestricted(select(Person.id, Person.full_name).where(Person.id.in_(candidates))))
        if spellings_of(name, others.get(person_id, ())) & mine)
