"""The brief for a whole dialogue event: its meetings, the asks, each recommendation and case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

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
from app.services.packs import items
from app.services.packs.loading import PackSubjectMissing, load_key_facts


def _load_event(session: Session, event_id: int) -> DialogueEvent:
    event = session.scalars(
        select(DialogueEvent)
        .where(DialogueEvent.id == event_id)
        .options(selectinload(DialogueEvent.meetings)
                 .selectinload(Meeting.their_attendees)
                 .selectinload(Person.affiliations)
                 .joinedload(Affiliation.organisation),
                 selectinload(DialogueEvent.meetings).selectinload(Meeting.our_attendees))
    ).first()
    if event is None:
        raise PackSubjectMissing(f"No event with id {event_id}.")
    return event


def internal_event_brief(session: Session, event_id: int, issued_by, now: datetime) -> dict:
    """Build the internal event brief (the external one is copied from it)."""
    from app.services.packs.build import PACK_SCHEMA

    event = _load_event(session, event_id)
    meetings = [m for m in event.meetings if m.archived_at is None]
    meeting_ids = {m.id for m in meetings}
    themes = list(session.scalars(
        select(Theme).where(Theme.archived_at.is_(None)).order_by(Theme.position, Theme.id)))
    top = _top_level(themes)
    recs = list(session.scalars(
        select(Recommendation).where(Recommendation.archived_at.is_(None))
        .options(selectinload(Recommendation.themes))
        .order_by(Recommendation.priority, Recommendation.id)))
    cases = sorted(session.scalars(
        select(Case).where(Case.archived_at.is_(None))
        .options(selectinload(Case.themes), selectinload(Case.updates))), key=items.case_sort_key)
    raisings = session.scalars(
        select(Raising).join(Raising.meeting)
        .where(Raising.archived_at.is_(None), Meeting.archived_at.is_(None),
               or_(Raising.recommendation_id.is_not(None), Raising.case_id.is_not(None)))
        .options(joinedload(Raising.meeting), joinedload(Raising.person))
        .order_by(Meeting.starts_at.desc(), Raising.id.desc())).unique()
    last: dict[tuple[str, int], Raising] = {}
    at_event: set[tuple[str, int]] = set()
    for raising in raisings:
        for key in (("rec", raising.recommendation_id), ("case", raising.case_id)):
            if key[1] is not None:
                last.setdefault(key, raising)
                if raising.meeting_id in meeting_ids:
                    at_event.add(key)

    sections = {t.id: {"name": t.name, "recommendations": [], "cases": []}
                for t in themes if t.parent_id is None}
    other = {"name": "Other", "recommendations": [], "cases": []}
    rec_items = []
    for rec in recs:
        item = items.recommendation_item(rec, None, last.get(("rec", rec.id)), None)
        item["raised_at_event"] = ("rec", rec.id) in at_event
        rec_items.append(item)
        _home(sections, other, top, rec).get("recommendations").append(item)
    for case in cases:
        item = items.case_item(case)
        item["raised_at_event"] = ("case", case.id) in at_event
        last_raising = last.get(("case", case.id))
        item["last_raised"] = items.raising_item(last_raising) if last_raising else None
        _home(sections, other, top, case).get("cases").append(item)
    brief = {
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


def _top_level(themes: list[Theme]) -> dict[int, int]:
    """Theme id -> id of its top-level ancestor."""
    parent = {t.id: t.parent_id for t in themes}
    result = {}
    for theme_id in parent:
        node = theme_id
        seen = set()
        while parent.get(node) is not None and node not in seen:
            seen.add(node)
            node = parent[node]
        result[theme_id] = node
    return result


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
        "time": meeting.starts_at.strftime("%H:%M UTC"),
        "place": meeting.place or "",
        "status": meeting.status.label,
        "purpose": meeting.purpose or "",
        "objective": meeting.objective or "",
        "our_team": [u.name for u in meeting.our_attendees],
        "with": [{"person_id": p.id, "name": p.full_name, "restricted": p.is_restricted,
                  "posts": items.posts_on(p, on)} for p in meeting.their_attendees],
    }
