"""Dialogue events: the list, and the sections of an event's page: its meetings as a schedule
with preparation states, and the briefs issued."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.models import DialogueEvent, Meeting, Pack
from app.services.meetings.time_zones import local
from app.services.packs.issue import format_labels, issued_packs
from app.services.sections import Sections


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


#: The texts of an event its list's search box looks in.
EVENT_TEXTS = (DialogueEvent.title, DialogueEvent.place, DialogueEvent.counterpart_country,
               DialogueEvent.objectives)


def find_events(archived: bool = False) -> Select:
    """The events (the archived ones only, with ``archived``), newest first (to be searched
    and paginated)."""
    query = select(DialogueEvent)
    if archived:
        query = query.where(DialogueEvent.archived_at.is_not(None))
    else:
        query = query.where(DialogueEvent.archived_at.is_(None))
    return query.order_by(DialogueEvent.starts_on.desc().nulls_last(), DialogueEvent.id.desc())


def meeting_counts(session: Session, event_ids) -> dict[int, int]:
    """How many meetings (not archived) each of these events holds, in one query."""
    counts = dict.fromkeys(event_ids, 0)
    if counts:
        counts.update({event_id: n for event_id, n in session.execute(
            select(Meeting.event_id, func.count(Meeting.id))
            .where(Meeting.event_id.in_(list(counts)), Meeting.archived_at.is_(None))
            .group_by(Meeting.event_id)) if event_id is not None})
    return counts


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


EVENT_SECTIONS = Sections("events", "event_id", "events/_sections.html")


def _days_and_states(session: Session, meetings: list) -> dict:
    """The shown meetings grouped by day, and the pack state of each (one query)."""
    return {"days": by_day(meetings), "pack_states": pack_states(session, [m.id for m in meetings])}


@EVENT_SECTIONS.section("schedule", "Schedule", extra=_days_and_states,
                        empty="No meetings planned for this event yet.")
def schedule(event: DialogueEvent):
    """The event's meetings (not archived) in time order, with their attendees."""
    return (select(Meeting)
            .where(Meeting.event_id == event.id, Meeting.archived_at.is_(None))
            .options(selectinload(Meeting.their_attendees), selectinload(Meeting.our_attendees))
            .order_by(Meeting.starts_at, Meeting.id))


@EVENT_SECTIONS.section("issued", "Issued briefs", extra=format_labels,
                        empty="No brief issued yet. Issued briefs are kept exactly as issued "
                              "and can be downloaded again here.")
def issued(event: DialogueEvent):
    """The briefs issued for the event, newest first."""
    return issued_packs(Pack.event_id == event.id)


def by_day(meetings: list[Meeting]) -> list[ScheduleDay]:
    """``meetings`` (in time order) grouped by their day at their place (not in UTC)."""
    return [ScheduleDay(day, list(group))
            for day, group in groupby(meetings,
                                      key=lambda m: local(m.starts_at, m.time_zone).date())]
