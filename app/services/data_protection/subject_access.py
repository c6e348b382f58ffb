"""Subject-access export (GDPR art. 15): everything Parley holds about one person, as JSON.

It reads every row that names the person: the person's fields and other spellings, posts,
meetings attended, raisings with them, follow-ups they committed to, cases about them with
their updates, audit events about them and their cases, the issued packs that named them
(who issued each, when, for which meeting and audience), and every free-text mention of any
spelling of their name in other records (:mod:`app.services.people.mentions`, the masking module's
matcher): record kind, id, field and a short excerpt, one entry per field, at most
:data:`MENTIONS_CAP` (a note says when there were more).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Affiliation,
    AuditEvent,
    Case,
    FollowUp,
    Meeting,
    Pack,
    Person,
    Raising,
    meeting_persons,
    pack_persons,
    utcnow,
)
from app.security.field_crypto import unseal_changes, with_private_fields
from app.security.visibility import unrestricted
from app.services.people.mentions import excerpt, find_mentions, person_matcher

#: At most this many free-text mentions are listed.
MENTIONS_CAP = 200


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _fields(record, names) -> dict:
    return {name: _plain(getattr(record, name)) for name in names}


def _user(user) -> dict | None:
    return {"id": user.id, "name": user.name, "email": user.email} if user else None


def free_text_mentions(session: Session, person: Person, cap: int = MENTIONS_CAP) -> dict:
    """Texts naming ``person``: one entry per record and field, at most ``cap``, with a note."""
    listed: dict[tuple[str, int, str], dict] = {}
    more = False
    for found in find_mentions(session, person_matcher(person)):
        key = (found.table, found.record_id, found.column)
        if key in listed:
            listed[key]["mentions"] += len(found.mentions)
            continue
        if len(listed) >= cap:
            more = True
            break
        listed[key] = {"record": found.table, "id": found.record_id, "field": found.column,
                       "excerpt": excerpt(found), "mentions": len(found.mentions)}
    note = (f"Only the first {cap} fields naming them are listed; there are more."
            if more else None)
    return {"listed": list(listed.values()), "note": note}


def subject_access(session: Session, person: Person) -> dict:
    """The full record of ``person`` as plain JSON-ready data."""
    run = lambda stmt: session.scalars(unrestricted(stmt)).all()
    meetings = run(select(Meeting).join(meeting_persons)
                   .where(meeting_persons.c.person_id == person.id).order_by(Meeting.starts_at)
                   .options(selectinload(Meeting.event)))
    raisings = run(select(Raising).where(Raising.person_id == person.id).order_by(Raising.id)
                   .options(selectinload(Raising.meeting), selectinload(Raising.recommendation),
                            selectinload(Raising.case), selectinload(Raising.theme)))
    cases = run(select(Case).where(Case.person_id == person.id).order_by(Case.id)
                .options(selectinload(Case.updates), selectinload(Case.themes),
                         with_private_fields()))
    case_ids = [case.id for case in cases]
    follow_ups = run(select(FollowUp).where(or_(FollowUp.owner_person_id == person.id,
                                                FollowUp.case_id.in_(case_ids or [-1])))
                     .order_by(FollowUp.id).options(selectinload(FollowUp.meeting)))
    posts = run(select(Affiliation).where(Affiliation.person_id == person.id)
                .order_by(Affiliation.start_on).options(selectinload(Affiliation.organisation)))
    audit = run(select(AuditEvent).where(or_(
        (AuditEvent.entity_type == "Person") & (AuditEvent.entity_id == person.id),
        (AuditEvent.entity_type == "Case") & AuditEvent.entity_id.in_(case_ids or [-1]),
    )).order_by(AuditEvent.at, AuditEvent.id).options(selectinload(AuditEvent.user)))
    packs = run(select(Pack).join(pack_persons).where(pack_persons.c.person_id == person.id)
                .order_by(Pack.issued_at)
                .options(selectinload(Pack.issued_by), selectinload(Pack.meeting)
                         .selectinload(Meeting.their_attendees), selectinload(Pack.event)))
    return {
        "generated_at": utcnow().isoformat(),
        "person": _fields(person, ("id", "full_name", "email", "phone", "country",
                                   "sensitivity", "lawful_basis", "consent_note", "notes",
                                   "created_at", "updated_at", "archived_at")),
        "other_spellings": [{"name": n.name, "script": n.script} for n in person.other_names],
        "affiliations": [
            {"organisation": a.organisation.name, "role": a.role,
             "start_on": _plain(a.start_on), "end_on": _plain(a.end_on)}
            for a in posts],
        "meetings_attended": [
            {"id": m.id, "title": m.title, "starts_at": _plain(m.starts_at), "place": m.place,
             "event": m.event.title if m.event else None, "status": _plain(m.status)}
            for m in meetings],
        "raisings_with_them": [
            {"id": r.id, "meeting": r.meeting.title, "meeting_date": _plain(r.meeting.starts_at),
             "subject": r.subject, "talking_point": r.talking_point, "response": r.response,
             "stance": _plain(r.stance), "our_reply": r.our_reply}
            for r in raisings],
        "follow_ups": [
            {"id": f.id, "meeting": f.meeting.title if f.meeting else None,
             "committed_by_them": f.owner_person_id == person.id,
             "about_their_case": f.case_id in case_ids,
             "description": f.description, "due_on": _plain(f.due_on),
             "status": _plain(f.status), "outcome": f.outcome}
            for f in follow_ups],
        "cases": [
            {**_fields(c, ("id", "title", "charges", "status", "summary", "sensitivity",
                           "may_be_named", "notes")),
             "themes": [t.name for t in c.themes],
             "updates": [{"happened_on": _plain(u.happened_on), "text": u.text,
                          "new_status": _plain(u.new_status), "internal": u.is_internal}
                         for u in c.updates]}
            for c in cases],
        "audit_events": [
            {"at": _plain(e.at), "action": e.action, "entity": e.entity_type,
             "entity_id": e.entity_id, "user": _user(e.user),
             "changes": unseal_changes(e.changes)}
            for e in audit],
        "packs_naming_them": [
            {"id": p.id, "issued_at": _plain(p.issued_at), "issued_by": _user(p.issued_by),
             "audience": _plain(p.audience), "format": _plain(p.format),
             "meeting": p.meeting.title if p.meeting else None,
             "event": p.event.title if p.event else None,
             "issued_to": [a.full_name for a in p.meeting.their_attendees] if p.meeting else [],
             "filename": p.filename}
            for p in packs],
        "free_text_mentions": free_text_mentions(session, person),
    }
