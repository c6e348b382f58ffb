"""The meetings list: its filters, its sortable columns and the query behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.models import Meeting, Person
from app.models.meetings import meeting_persons
from app.security.visibility import current_levels
from app.services.listing import hide_archived
from app.services.people.names import contains_folded, person_name_matches
from app.services.sorting import Sorting


@dataclass
class MeetingFilters:
    """The meetings list's search box and filters."""

    q: str = ""
    event_id: int | None = None
    person_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    #: Archived meetings are listed too (marked), as in every list.
    archived: bool = False


#: The meetings list's sortable columns, newest first unless the address says otherwise; its
#: pages are read by keyset by date and status (by title, with OFFSET: no title in a cursor).
MEETING_SORTS = Sorting({"when": (Meeting.starts_at,), "title": (Meeting.title,),
                         "status": (Meeting.status,)},
                        default="when", descending=True, tiebreak=Meeting.id,
                        by_keyset=frozenset({"when", "status"}))


def find_meetings(session: Session, filters: MeetingFilters) -> Select:
    """The meetings matching ``filters`` (to be paginated in a :data:`MEETING_SORTS` order), with
    what the list shows of each loaded up front."""
    query = hide_archived(select(Meeting), Meeting, filters.archived)
    if filters.event_id:
        query = query.where(Meeting.event_id == filters.event_id)
    # EXISTS subqueries escape the ORM visibility rule, so they state the user's levels
    # themselves: searching for a hidden person's name must not reveal their meetings.
    visible = Person.sensitivity.in_(current_levels(session))
    if filters.person_id:
        query = query.where(Meeting.their_attendees.any(
            (Person.id == filters.person_id) & visible))
    if filters.date_from:
        query = query.where(Meeting.starts_at >= _start_of(filters.date_from))
    if filters.date_to:
        query = query.where(Meeting.starts_at < _start_of(filters.date_to, next_day=True))
    for word in filters.q.split()[:8]:
        # the persons named first (from the name index), then their meetings by the link
        # table's index: inside a correlated EXISTS the persons were looked for again for
        # every meeting
        named = select(Person.id).where(visible & person_name_matches(word))
        attended = select(meeting_persons.c.meeting_id).where(
            meeting_persons.c.person_id.in_(named))
        query = query.where(or_(
            *(contains_folded(column, word) for column in (
                Meeting.title, Meeting.place, Meeting.purpose, Meeting.objective,
                Meeting.notes, Meeting.outcome)),
            Meeting.id.in_(attended),
        ))
    return query.options(joinedload(Meeting.event),
                         selectinload(Meeting.their_attendees),
                         selectinload(Meeting.our_attendees))


def _start_of(day: date, next_day: bool = False) -> datetime:
    if next_day:
        day = day + timedelta(days=1)
    return datetime.combine(day, time.min, tzinfo=UTC)
