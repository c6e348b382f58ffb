"""Dialogue events: the list, and an event's meetings as a schedule with preparation states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import DialogueEvent, Meeting, Pack


@dataclass
class PackState:
    """Whether talking-point packs were issued for a meeting: how many, and the latest."""

    count: int = 0
    last_issued_at: datetime | None = None

    @property
    def is_issued(self) -> bool:
        """True once at least one pack was issued."""
        return self.count > 0


@dataclass
class ScheduleDay:
    """One day of an event's schedule."""

    day: date
    meetings: list[Meeting]


def find_events(q: str = "", archived: bool = False) -> Select:
    """Events matching ``q``, newest first (to be paginated)."""
    query = select(DialogueEvent)
    if archived:
        query = query.where(DialogueEvent.archived_at.is_not(None))
    else:
        query = query.where(DialogueEvent.archived_at.is_(None))
    for word in q.split()[:8]:
        pattern = f"%{word}%"
        query = query.where(or_(DialogueEvent.title.ilike(pattern),
                                DialogueEvent.place.ilike(pattern),
                                DialogueEvent.counterpart_country.ilike(pattern),
                                DialogueEvent.objectives.ilike(pattern)))
    return query.order_by(DialogueEvent.starts_on.desc().nulls_last(), DialogueEvent.id.desc())


def meeting_counts(session: Session, event_ids) -> dict[int, int]:
    """How many meetings (not archived) each of these events holds, in one query."""
    counts = {event_id: 0 for event_id in event_ids}
    if counts:
        counts.update(session.execute(
            select(Meeting.event_id, func.count(Meeting.id))
            .where(Meeting.event_id.in_(list(counts)), Meeting.archived_at.is_(None))
            .group_by(Meeting.event_id)).all())
    return counts


def event_schedule(session: Session, event: DialogueEvent) -> list[ScheduleDay]:
    """The event's meetings (not archived), grouped by day and ordered by time."""
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.event_id == event.id, Meeting.archived_at.is_(None))
        .options(selectinload(Meeting.their_attendees), selectinload(Meeting.our_attendees))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    return [ScheduleDay(day, list(group))
            for day, group in groupby(meetings, key=lambda m: m.starts_at.date())]


def pack_states(session: Session, meeting_ids) -> dict[int, PackState]:
    """The pack state of every meeting in ``meeting_ids``, in one query."""
    states = {meeting_id: PackState() for meeting_id in meeting_ids}
    if not states:
        return states
    rows = session.execute(
        select(Pack.meeting_id, func.count(Pack.id), func.max(Pack.issued_at))
        .where(Pack.meeting_id.in_(list(states)))
        .group_by(Pack.meeting_id)
    ).all()
    for meeting_id, count, last in rows:
        states[meeting_id] = PackState(count, last)
    return states
