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

What it will change is planned first, without writing anything
(:mod:`app.services.data_protection.erasure_plan`, which the confirmation page uses too).
Writes go through Core statements, not the ORM, so the change-tracking audit listener does not
copy the old values into new audit events. Tracked records get a new version, so an edit form
opened before the erasure cannot save the old text back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, select, text, update
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Affiliation,
    AuditEvent,
    Case,
    Pack,
    Person,
    PersonName,
    PossibleDuplicate,
    pack_masked_persons,
    pack_persons,
    utcnow,
)
from app.security import append_only
from app.security.audit import record
from app.security.visibility import unrestricted
from app.services.data_protection.erasure_plan import (
    CASE_FIELDS,
    ERASED,
    LINKED_TEXT,
    PERSON_FIELDS,
    ErasurePlan,
    case_title,
    plan_erasure,
    record_ids,
    tombstone_name,
)

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


class ErasureError(ValueError):
    """The erasure cannot be done (unknown person, already erased); nothing was written."""


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
    for twin_id in record_ids(session, merged.order_by(Person.id)):
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
    for deleted, kind in ((PersonName, "other spellings"), (Affiliation, "posts"),
                          (PossibleDuplicate, "review items")):
        table = deleted.__table__
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
