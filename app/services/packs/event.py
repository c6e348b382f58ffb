"""The brief for a whole dialogue event: its meetings, the asks, each recommendation and case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, load_only, selectinload

from app.models import (
    Affiliation,
    Case,
    DialogueEvent,
    Meeting,
    Person,
    Raising,
    Recommendation,
    Theme,
)
from app.security.field_crypto import with_private_fields
from app.services.meetings.time_zones import clock
from app.services.packs import items
from app.services.packs.history import latest_case_updates, latest_raisings, status_order
from app.services.packs.loading import BOUNDS, PackSubjectMissing, load_key_facts
from app.services.people.names import fold
from app.services.substance.themes import top_level_themes

#: Meetings listed in an event brief (the first by date; the rest are counted).
MEETINGS_SHOWN = 30
#: Recommendations in an event brief: by priority, those raised at the event first.
RECOMMENDATIONS_SHOWN = 40
#: Cases in an event brief: those raised at the event first, then people in custody.
CASES_SHOWN = 25


def _load_event(session: Session, event_id: int) -> DialogueEvent:
    event = session.scalars(select(DialogueEvent).where(DialogueEvent.id == event_id)).first()
    if event is None:
        raise PackSubjectMissing(f"No event with id {event_id}.")
    return event


def _meetings(session: Session, event_id: int) -> tuple[list[Meeting], int, Select]:
    """The event's first :data:`MEETINGS_SHOWN` live meetings by date, how many it holds,
    and the SQL selecting the ids of all of them."""
    live = (Meeting.event_id == event_id, Meeting.archived_at.is_(None))
    all_ids = select(Meeting.id).where(*live)
    count = session.scalar(select(func.count(Meeting.id)).where(*live)) or 0
    # The brief prints attendees' names and posts only: their encrypted contacts and notes
    # are not read (nor decrypted).
    meetings = session.scalars(
        select(Meeting).where(*live)
        .options(selectinload(Meeting.their_attendees).options(
                     load_only(Person.id, Person.full_name, Person.sensitivity),
                     selectinload(Person.affiliations).joinedload(Affiliation.organisation)),
                 selectinload(Meeting.our_attendees))
        .order_by(Meeting.starts_at, Meeting.id).limit(MEETINGS_SHOWN)).all()
    return list(meetings), count, all_ids


def _raised_at(session: Session, meeting_ids: Select) -> tuple[set[int], set[int]]:
    """Ids of the recommendations and cases raised at these meetings (one query)."""
    recs, cases = set(), set()
    for rec_id, case_id in session.execute(
            select(Raising.recommendation_id, Raising.case_id).distinct()
            .where(Raising.meeting_id.in_(meeting_ids), Raising.archived_at.is_(None))):
        if rec_id is not None:
            recs.add(rec_id)
        if case_id is not None:
            cases.add(case_id)
    return recs, cases


def _ranked_recommendations(session: Session, here: set[int]) -> list[int]:
    """Ids of the first :data:`RECOMMENDATIONS_SHOWN` recommendations: by priority, those
    raised at the event first (ranked and cut in SQL)."""
    raised_here = case((Recommendation.id.in_(sorted(here) or [-1]), 0), else_=1)
    return list(session.scalars(
        select(Recommendation.id).where(Recommendation.archived_at.is_(None))
        .order_by(Recommendation.priority, raised_here, Recommendation.id)
        .limit(RECOMMENDATIONS_SHOWN)))


def _ranked_cases(session: Session, here: set[int]) -> list[int]:
    """Ids of the first :data:`CASES_SHOWN` cases: those raised at the event first, then
    people in custody first, then by title (ranked and cut in SQL)."""
    raised_here = case((Case.id.in_(sorted(here) or [-1]), 0), else_=1)
    return list(session.scalars(
        select(Case.id).where(Case.archived_at.is_(None))
        .order_by(raised_here, status_order(Case.status), fold(Case.title), Case.id)
        .limit(CASES_SHOWN)))


def _first(session: Session, model, ids: list[int], *options) -> list:
    """The records with ``ids``, in that order (one query)."""
    found = {r.id: r for r in session.scalars(
        select(model).where(model.id.in_(ids or [-1])).options(*options))}
    return [found[i] for i in ids if i in found]


def internal_event_brief(session: Session, event_id: int, issued_by, now: datetime) -> dict:
    """Build the internal event brief (the external one is copied from it): a fixed number
    of bounded queries, whatever the number of meetings, recommendations, cases or raisings."""
    from app.services.packs.build import PACK_SCHEMA

    event = _load_event(session, event_id)
    meetings, meeting_count, meeting_ids = _meetings(session, event.id)
    tops = top_level_themes()
    rows = session.execute(select(Theme, tops.c.top).outerjoin(tops, tops.c.id == Theme.id)
                           .where(Theme.archived_at.is_(None))
                           .order_by(Theme.position, Theme.id)).all()
    themes = [theme for theme, _ in rows]
    top = {theme.id: root or theme.id for theme, root in rows}
    recs_here, cases_here = _raised_at(session, meeting_ids)
    recs = _first(session, Recommendation, _ranked_recommendations(session, recs_here),
                  selectinload(Recommendation.themes))
    cases = sorted(_first(session, Case, _ranked_cases(session, cases_here),
                          selectinload(Case.themes), with_private_fields()),
                   key=items.case_sort_key)
    last, _ = latest_raisings(session, [r.id for r in recs], [c.id for c in cases],
                              where=[Meeting.archived_at.is_(None)], per_subject=BOUNDS.raisings)
    updates = latest_case_updates(session, [c.id for c in cases])

    sections = {t.id: {"name": t.name, "recommendations": [], "cases": []}
                for t in themes if t.parent_id is None}
    other = {"name": "Other", "recommendations": [], "cases": []}
    rec_items = []
    for rec in recs:
        item = items.recommendation_item(rec, None, last.get(("rec", rec.id)), None)
        item["raised_at_event"] = rec.id in recs_here
        rec_items.append(item)
        _home(sections, other, top, rec)["recommendations"].append(item)
    for case_row in cases:
        item = items.case_item(case_row, updates.get(case_row.id, []))
        item["raised_at_event"] = case_row.id in cases_here
        last_raising = last.get(("case", case_row.id))
        item["last_raised"] = items.raising_item(last_raising) if last_raising else None
        _home(sections, other, top, case_row)["cases"].append(item)
    brief: dict[str, Any] = {
        "schema": PACK_SCHEMA,
        "kind": "event",
        "audience": "internal",
        "marking": items.INTERNAL_MARKING,
        "cover": {
            "title": event.title,
            "kind": event.kind.label,
            "dates": _dates(event),
            "iso_date": event.starts_on.isoformat() if event.starts_on else "",
            "place": event.place or "",
            "counterpart": event.counterpart_country or "",
            "audience": "Internal",
            "generated_at": items.moment(now),
            "issued_by": items.issuer_name(issued_by),
        },
        "objectives": event.objectives or "",
        "meetings": [_meeting(m) for m in meetings],
        "more_meetings": max(0, meeting_count - len(meetings)),
        "asks": items.asks([r for r in rec_items if r["priority"] == 1] or rec_items),
        "themes": [s for s in [*sections.values(), other] if s["recommendations"] or s["cases"]],
        "key_facts": [items.key_fact_item(f)
                      for f in load_key_facts(session, event.counterpart_country)],
    }
    brief["cases_held"] = sorted(c["id"] for s in brief["themes"] for c in s["cases"])
    brief["persons_named"] = sorted(
        {p["person_id"] for m in brief["meetings"] for p in m["with"]}
        | {c["person_id"] for s in brief["themes"] for c in s["cases"] if c["person_id"]})
    return brief


def _home(sections: dict, other: dict, top: dict, subject) -> dict:
    for theme in subject.themes:
        section = sections.get(top.get(theme.id))
        if section is not None:
            return section
    return other


def _dates(event: DialogueEvent) -> str:
    if event.starts_on and event.ends_on and event.ends_on != event.starts_on:
        return f"{items.day(event.starts_on)} to {items.day(event.ends_on)}"
    return items.day(event.starts_on)


def _meeting(meeting: Meeting) -> dict:
    on = meeting.starts_at.date()
    return {
        "title": meeting.title,
        "date": items.day(meeting.starts_at),
        "time": clock(meeting.starts_at, meeting.time_zone) if meeting.time_known else "",
        "place": meeting.place or "",
        "status": meeting.status.label,
        "purpose": meeting.purpose or "",
        "objective": meeting.objective or "",
        "our_team": [u.name for u in meeting.our_attendees],
        "with": [{"person_id": p.id, "name": p.full_name, "restricted": p.is_restricted,
                  "posts": items.posts_on(p, on)} for p in meeting.their_attendees],
    }
