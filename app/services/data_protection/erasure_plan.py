"""Planning a person's erasure: what it will reach and what each text becomes; nothing is
written here.

:func:`plan_erasure` finds the records about the person (:func:`linked_records`, which the
confirmation page counts too), the free-text mentions of their name, and the audit events and
issued packs whose values change, into an :class:`ErasurePlan` that
:func:`app.services.data_protection.erasure.erase_person` then writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import (
    Affiliation,
    AuditEvent,
    Case,
    CaseUpdate,
    FollowUp,
    FollowUpChange,
    Pack,
    Person,
    PersonName,
    PossibleDuplicate,
    Raising,
)
from app.security.masking import Matcher, replace_mentions
from app.security.visibility import unrestricted
from app.services.data_protection.erasure_packs import (
    rewrite_audit_changes,
    rewrite_pack,
    scrub_strings,
)
from app.services.people.mentions import find_mentions, person_matcher

#: What a person's fields and linked texts become.
ERASED = "[erased]"
#: Personal values shorter than this are not chased through packs and the audit log as text.
CHASE_MIN = 8
#: Free-text fields of records about the person, cleared to :data:`ERASED`.
LINKED_TEXT: dict[str, tuple[type[CaseUpdate | Raising | FollowUp | FollowUpChange],
                             tuple[str, ...]]] = {
    "case_updates": (CaseUpdate, ("text",)),
    "raisings": (Raising, ("talking_point", "response", "our_reply")),
    "follow_ups": (FollowUp, ("description", "outcome")),
    "follow_up_changes": (FollowUpChange, ("note",)),
}
#: How the confirmation page names each kind of linked record.
LINKED_LABELS = {
    "other spellings": "other spellings (deleted)",
    "posts": "posts (deleted)",
    "review items": "review-queue items (deleted)",
    "cases": "cases about them (title replaced, details cleared)",
    "case_updates": "updates of those cases (text erased)",
    "raisings": "points raised with them or about their cases (text erased)",
    "follow_ups": "commitments by them or about their cases (text erased)",
    "follow_up_changes": "history notes of those commitments (erased)",
}
#: Personal fields of the person and their cases, set to NULL.
PERSON_FIELDS = ("email", "phone", "country", "lawful_basis", "consent_note", "notes")
CASE_FIELDS = ("charges", "summary", "notes")
#: Audit actions whose values are a record's fields (every value of the person's records goes).
CHANGE_ACTIONS = frozenset({"create", "update", "archive", "restore", "delete"})


def tombstone_name(person_id: int) -> str:
    """The name an erased person's record keeps."""
    return f"Erased person #{person_id}"


def mention_text(person_id: int) -> str:
    """What a mention of an erased person becomes in free text."""
    return f"[erased person #{person_id}]"


def case_title(case_id: int, person_id: int) -> str:
    """The title an erased person's case keeps."""
    return f"Case #{case_id} of erased person #{person_id}"


@dataclass
class ErasurePlan:
    """What an erasure changes: counts for the confirmation page, values for the writes."""

    person_id: int
    #: Kind of record -> ids: spellings, posts, cases, case updates, raisings, follow-ups ...
    linked: dict[str, list[int]] = field(default_factory=dict)
    #: ``table.column`` -> number of texts naming the person.
    mentions: Counter = field(default_factory=Counter)
    #: (table, id) -> {column: new text}, for free-text mentions.
    texts: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    #: Personal values chased through packs and the audit log.
    values: set[str] = field(default_factory=set)
    #: Audit event id -> its rewritten values.
    audit_rows: dict[int, dict] = field(default_factory=dict, repr=False)
    #: Pack id -> its rewritten snapshot.
    pack_rows: dict[int, dict] = field(default_factory=dict, repr=False)

    def linked_counts(self) -> dict[str, int]:
        """Records about the person, per kind (labelled), for the confirmation page."""
        return {LINKED_LABELS[kind]: len(ids) for kind, ids in self.linked.items() if ids}

    def mention_counts(self) -> dict[str, int]:
        """Free-text mentions per table and field ("meetings: notes")."""
        return {kind.replace("_", " ").replace(".", ": "): n
                for kind, n in sorted(self.mentions.items())}

    def counts(self) -> dict[str, int]:
        """Every number, for the audit event and the command line (no names in it)."""
        result = {**self.linked_counts(), **{f"mentions in {k}": n
                                             for k, n in self.mention_counts().items()}}
        result["audit events rewritten"] = len(self.audit_rows)
        result["issued packs rendered again"] = len(self.pack_rows)
        return result


def record_ids(session: Session, stmt) -> list[int]:
    """The ids ``stmt`` selects, whatever their level (the erasure reaches every record)."""
    return list(session.scalars(unrestricted(stmt)))


def linked_records(person_id: int) -> dict:
    """Kind of record about the person -> the SQL selecting their ids (see :data:`LINKED_LABELS`).

    Run with :func:`~app.security.visibility.unrestricted`: the erasure reaches every record, whoever looks.
    """
    pid = person_id
    cases = select(Case.id).where(Case.person_id == pid)
    follow_ups = select(FollowUp.id).where(
        or_(FollowUp.owner_person_id == pid, FollowUp.case_id.in_(cases)))
    return {
        "other spellings": select(PersonName.id).where(PersonName.person_id == pid),
        "posts": select(Affiliation.id).where(Affiliation.person_id == pid),
        "review items": select(PossibleDuplicate.id).where(or_(
            PossibleDuplicate.new_person_id == pid,
            PossibleDuplicate.restricted_person_id == pid)),
        "cases": cases,
        "case_updates": select(CaseUpdate.id).where(CaseUpdate.case_id.in_(cases)),
        "raisings": select(Raising.id).where(
            or_(Raising.person_id == pid, Raising.case_id.in_(cases))),
        "follow_ups": follow_ups,
        "follow_up_changes": select(FollowUpChange.id).where(
            FollowUpChange.follow_up_id.in_(follow_ups)),
    }


def _linked(session: Session, person: Person) -> dict[str, list[int]]:
    return {kind: record_ids(session, stmt) for kind, stmt in linked_records(person.id).items()}


def _personal_values(session: Session, person: Person, linked: dict) -> set[str]:
    """The texts being cleared, chased through packs and the audit log (posts, the country and
    talking points not about their cases aside: they are often generic, a recommendation's
    text, and their own records are erased whole)."""
    values = [getattr(person, name) for name in PERSON_FIELDS if name != "country"]
    run = lambda stmt: session.execute(unrestricted(stmt)).all()
    for row in run(select(Case.title, *(getattr(Case, n) for n in CASE_FIELDS))
                   .where(Case.id.in_(linked["cases"]))):
        values += list(row)
    sources = {"case_updates": ("text",), "raisings": ("response", "our_reply"),
               "follow_ups": ("description", "outcome"), "follow_up_changes": ("note",)}
    for kind, names in sources.items():
        model = LINKED_TEXT[kind][0]
        for row in run(select(*(getattr(model, n) for n in names))
                       .where(model.id.in_(linked[kind]))):
            values += list(row)
    values += list(session.scalars(unrestricted(select(Raising.talking_point).where(
        Raising.id.in_(linked["raisings"]), Raising.case_id.in_(linked["cases"])))))
    return {v.strip() for v in values if isinstance(v, str) and len(v.strip()) >= CHASE_MIN}


def plan_erasure(session: Session, person: Person) -> ErasurePlan:
    """What erasing ``person`` would change; nothing is written."""
    session.flush()
    found = person_matcher(person)
    plan = ErasurePlan(person.id, linked=_linked(session, person))
    plan.values = _personal_values(session, person, plan.linked)
    cleared = {("persons", person.id), *(("cases", i) for i in plan.linked["cases"])}
    for kind in LINKED_TEXT:
        cleared.update((kind, i) for i in plan.linked[kind])
    replacement = mention_text(person.id)
    for hit in find_mentions(session, found, json=False, skip=frozenset(cleared)):
        plan.mentions[hit.kind] += 1
        row = plan.texts.setdefault((hit.table, hit.record_id), {})
        current = row.get(hit.column, hit.text)
        row[hit.column] = replace_mentions(current, found, lambda m: replacement)
    plan.audit_rows = _audit_rewrites(session, person, plan, found)
    plan.pack_rows = _pack_rewrites(session, person, plan, found)
    return plan


def _linked_entities(person: Person, plan: ErasurePlan) -> dict[str, set[int]]:
    return {"Person": {person.id}, "Affiliation": set(plan.linked["posts"]),
            "Case": set(plan.linked["cases"]), "Raising": set(plan.linked["raisings"]),
            "FollowUp": set(plan.linked["follow_ups"])}


def _scrubber(person: Person, plan: ErasurePlan, found: Matcher):
    replacement = mention_text(person.id)
    return lambda value: replace_mentions(scrub_strings(value, plan.values), found,
                                          lambda m: replacement)


def _audit_rewrites(session: Session, person: Person, plan: ErasurePlan,
                    found: Matcher) -> dict[int, dict]:
    """Audit event id -> its rewritten ``changes``, for every event that changes."""
    entities = _linked_entities(person, plan)
    scrub = _scrubber(person, plan, found)
    rows = session.execute(unrestricted(
        select(AuditEvent.id, AuditEvent.action, AuditEvent.entity_type, AuditEvent.entity_id,
               AuditEvent.changes)
        .where(AuditEvent.changes.is_not(None)).execution_options(yield_per=500)))
    result = {}
    for event_id, action, entity_type, entity_id, changes in rows:
        linked = action in CHANGE_ACTIONS and entity_id in entities.get(entity_type, ())
        rewritten = rewrite_audit_changes(changes, scrub, erase_all=linked)
        if rewritten != changes:
            result[event_id] = rewritten
    return result


def _pack_rewrites(session: Session, person: Person, plan: ErasurePlan,
                   found: Matcher) -> dict[int, dict]:
    """Pack id -> its rewritten snapshot, for every pack whose snapshot changes."""
    scrub = _scrubber(person, plan, found)
    names = {"person": tombstone_name(person.id),
             "cases": {cid: case_title(cid, person.id) for cid in plan.linked["cases"]}}
    rows = session.execute(unrestricted(
        select(Pack.id, Pack.snapshot).execution_options(yield_per=50)))
    result = {}
    for pack_id, snapshot in rows:
        rewritten = rewrite_pack(snapshot, person.id, names, scrub)
        if rewritten != snapshot:
            result[pack_id] = rewritten
    return result
