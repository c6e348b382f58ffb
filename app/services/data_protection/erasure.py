"""Erasure of a person (GDPR art. 17): the person replaced everywhere, a tombstone left.

:func:`erase_person` works in the caller's transaction (it flushes; the caller commits):

- **The person** keeps their id; the name becomes "Erased person #<id>"; email, phone,
  country, lawful basis, consent and notes are cleared; ``erased_at`` is set (the tombstone)
  and the record is archived. Other spellings, posts and review-queue items are deleted.
- **Records about them** keep their dates, statuses and links (so meetings and histories
  still add up) but lose their text: their cases (title "Case #<case id> of erased person
  #<id>", charges, summary and notes cleared) with the cases' updates, what was raised with
  them or about their cases (talking point, response, our reply), the commitments they made
  or that concern their cases, and those commitments' history notes, all become "[erased]".
- **Mentions** of any spelling of their name in any free text of any table (found by
  :mod:`app.services.people.mentions`, the masking module's matcher) become "[erased person #<id>]".
  A namesake's own record is left alone; a mention of a spelling they share is replaced
  (the text cannot tell who is meant).
- **The audit log**: the values of the records above in their audit events become
  "[erased]", and mentions and personal values elsewhere in it are replaced (sealed values
  are opened, rewritten and sealed again), through the one path that may UPDATE audit rows
  (:func:`app.security.append_only.erasure_rewrite`).
- **Issued packs** naming them: the snapshot is rewritten and the file rendered again from it
  (:mod:`app.services.data_protection.erasure_packs`); their links to the person are removed.
- **The search index** is rebuilt (SQLite; PostgreSQL's expression indexes follow the rows).
- A ``person_erased`` audit event records who erased person #id and when, never the name.
- **Duplicates merged into them** (``merged_into_id``) are erased the same way, each its own
  tombstone and event.

Writes go through Core statements, not the ORM, so the change-tracking audit listener does not
copy the old values into new audit events. Tracked records get a new version, so an edit form
opened before the erasure cannot save the old text back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, delete, or_, select, text, update
from sqlalchemy.orm import Session, selectinload

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
    pack_masked_persons,
    pack_persons,
    utcnow,
)
from app.security import append_only
from app.security.audit import record
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
#: Every column referring to a person, and what the erasure does with it (a test checks the
#: list against the metadata, so a new table pointing at persons cannot be forgotten).
PERSON_REFERENCES = {
    ("person_names", "person_id"): "deleted",
    ("affiliations", "person_id"): "deleted",
    ("possible_duplicates", "new_person_id"): "deleted",
    ("possible_duplicates", "restricted_person_id"): "deleted",
    ("pack_persons", "person_id"): "deleted (the pack is rewritten)",
    ("pack_masked_persons", "person_id"): "deleted (the pack is rewritten)",
    ("cases", "person_id"): "kept, the case anonymised",
    ("raisings", "person_id"): "kept, the text erased",
    ("follow_ups", "owner_person_id"): "kept, the text erased",
    ("meeting_persons", "person_id"): "kept: the tombstone attended",
    ("sensitivity_changes", "person_id"): "kept: levels and dates only",
    ("persons", "merged_into_id"): "kept: the duplicates merged into them are erased too",
}
#: Personal fields of the person and their cases, set to NULL.
PERSON_FIELDS = ("email", "phone", "country", "lawful_basis", "consent_note", "notes")
CASE_FIELDS = ("charges", "summary", "notes")
#: Audit actions whose values are a record's fields (every value of the person's records goes).
CHANGE_ACTIONS = frozenset({"create", "update", "archive", "restore", "delete"})


class ErasureError(ValueError):
    """The erasure cannot be done (unknown person, already erased); nothing was written."""


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


def _ids(session: Session, stmt) -> list[int]:
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
    return {kind: _ids(session, stmt) for kind, stmt in linked_records(person.id).items()}


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


def erase_person(session: Session, person_id: int, *, erased_by=None,
                 via: str = "web") -> ErasurePlan:
    """Erase person ``person_id`` everywhere and leave a tombstone; audited. Flushes only."""
    person = session.scalars(unrestricted(select(Person).where(Person.id == person_id))).first()
    if person is None:
        raise ErasureError(f"No person with id {person_id}.")
    if person.erased_at is not None:
        raise ErasureError(f"Person #{person_id} was already erased.")
    plan = plan_erasure(session, person)
    packs = _render_packs(session, plan.pack_rows)  # before the first write (SQLite's lock)
    now = utcnow()
    secure = _secure_delete(session, True)
    try:
        _clear_linked(session, person, plan, now)
        _replace_texts(session, plan)
        with append_only.erasure_rewrite(session):
            _write_audit(session, plan.audit_rows)
        _write_packs(session, packs)
        session.execute(delete(pack_persons).where(pack_persons.c.person_id == person_id))
        session.execute(delete(pack_masked_persons)
                        .where(pack_masked_persons.c.person_id == person_id))
        _rebuild_search_index(session)
    finally:
        _secure_delete(session, secure)
    session.expire_all()
    counts = plan.counts()
    record(session, "person_erased", entity_type="Person", entity_id=person_id,
           user_id=getattr(erased_by, "id", None), changes={**counts, "via": via})
    session.flush()
    merged = select(Person.id).where(Person.merged_into_id == person_id,
                                     Person.erased_at.is_(None))
    for twin_id in _ids(session, merged.order_by(Person.id)):
        erase_person(session, twin_id, erased_by=erased_by,
                     via=f"{via} (merged into #{person_id})")
    return plan


def erasure_record(session: Session, person_id: int) -> AuditEvent | None:
    """The ``person_erased`` audit event of a tombstone: when, and by whom."""
    return session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person_erased",
                                 AuditEvent.entity_type == "Person",
                                 AuditEvent.entity_id == person_id)
        .order_by(AuditEvent.id.desc()).limit(1).options(selectinload(AuditEvent.user))
    ).first()


def _bump(columns) -> dict:
    """A Tracked table's version bump (an edit form opened before the erasure is refused)."""
    return {"version": columns.version + 1} if "version" in columns else {}


def _clear_linked(session: Session, person: Person, plan: ErasurePlan, now: datetime) -> None:
    linked = plan.linked
    for table, kind in ((PersonName.__table__, "other spellings"), (Affiliation.__table__, "posts"),
                        (PossibleDuplicate.__table__, "review items")):
        session.execute(delete(table).where(table.c.id.in_(linked[kind])))
    persons = Person.__table__
    session.execute(update(persons).where(persons.c.id == person.id).values(
        full_name=tombstone_name(person.id), email_lookup=None, erased_at=now,
        archived_at=person.archived_at or now, updated_at=now, version=persons.c.version + 1,
        **dict.fromkeys(PERSON_FIELDS)))
    cases = Case.__table__
    if linked["cases"]:
        session.execute(
            update(cases).where(cases.c.id == bindparam("case_id")).values(
                title=bindparam("new_title"), version=cases.c.version + 1,
                **dict.fromkeys(CASE_FIELDS)),
            [{"case_id": cid, "new_title": case_title(cid, person.id)}
             for cid in linked["cases"]])
    for kind, (model, names) in LINKED_TEXT.items():
        table = model.__table__
        for name in names:  # one statement per column: NULLs stay NULL
            column = table.c[name]
            session.execute(update(table).where(table.c.id.in_(linked[kind]),
                                                column.is_not(None))
                            .values({name: ERASED, **_bump(table.c)}))


def _replace_texts(session: Session, plan: ErasurePlan) -> None:
    """Write the texts whose mentions were replaced, one statement per table and columns."""
    from app.extensions import db

    groups: dict[tuple[str, tuple[str, ...]], list[dict]] = {}
    for (table_name, record_id), columns in plan.texts.items():
        key = (table_name, tuple(sorted(columns)))
        groups.setdefault(key, []).append({"row_id": record_id, **{
            f"new_{name}": value for name, value in columns.items()}})
    for (table_name, names), rows in groups.items():
        table = db.metadata.tables[table_name]
        values = {name: bindparam(f"new_{name}", type_=table.c[name].type) for name in names}
        session.execute(update(table).where(table.c.id == bindparam("row_id"))
                        .values({**values, **_bump(table.c)}), rows)


def _write_audit(session: Session, rows: dict[int, dict]) -> None:
    if not rows:
        return
    table = AuditEvent.__table__
    session.execute(update(table).where(table.c.id == bindparam("event_id"))
                    .values(changes=bindparam("new_changes", type_=table.c.changes.type)),
                    [{"event_id": i, "new_changes": changes} for i, changes in rows.items()])


def _render_packs(session: Session, rows: dict[int, dict]) -> list[dict]:
    """The rewritten packs' new snapshot, file, name and type, ready to write."""
    from app.services.data_protection.erasure_packs import rendered

    if not rows:
        return []
    formats = dict(session.execute(unrestricted(
        select(Pack.id, Pack.format).where(Pack.id.in_(list(rows))))).tuples().all())
    params = []
    for pack_id, snapshot in rows.items():
        content, filename, content_type = rendered(snapshot, formats[pack_id])
        params.append({"pack_id": pack_id, "new_snapshot": snapshot, "new_content": content,
                       "new_filename": filename, "new_type": content_type})
    return params


def _write_packs(session: Session, params: list[dict]) -> None:
    if not params:
        return
    table = Pack.__table__
    session.execute(update(table).where(table.c.id == bindparam("pack_id")).values(
        snapshot=bindparam("new_snapshot", type_=table.c.snapshot.type),
        content=bindparam("new_content", type_=table.c.content.type),
        filename=bindparam("new_filename"), content_type=bindparam("new_type")), params)


def _secure_delete(session: Session, on: bool) -> bool:
    """SQLite: overwrite deleted content with zeros (returns the previous setting)."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    previous = bool(session.execute(text("PRAGMA secure_delete")).scalar())
    session.execute(text(f"PRAGMA secure_delete = {1 if on else 0}"))
    return previous


def _rebuild_search_index(session: Session) -> None:
    """SQLite: rebuild the FTS5 index, so no segment keeps a deleted row's words."""
    from app.services.search.schema import FTS_TABLE

    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


def purge_after_commit(session: Session) -> None:
    """After the commit: SQLite moves the WAL into the database and empties it (the old pages
    of the erased rows are in the WAL until then); a no-op elsewhere."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        session.commit()
