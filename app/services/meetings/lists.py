"""The meetings list: its filters, its sortable columns and the query behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.models import Meeting, Person
from app.models.meetings import meeting_persons
from app.security.visibility import current_levels
from app.services.listing import hide_archived
from app.services.people.names import person_name_matches
from app.services.planner import in_list
from app.services.search.name_trigrams import MIN_LETTERS
from app.services.search.text_trigrams import MEETING_TEXT_COLUMNS
from app.services.sorting import Sorting


@dataclass
class MeetingFilters:
    """The meetings list's filters (the search box is :func:`attendee_named`'s and
    :data:`MEETING_TEXTS`', through :mod:`app.services.list_search`)."""

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


#: The texts of a meeting its list's search box looks in.
MEETING_TEXTS = tuple(getattr(Meeting, name) for name in MEETING_TEXT_COLUMNS)
#: What the list shows of each meeting, loaded with its page.
MEETING_LIST_LOADS = (joinedload(Meeting.event), selectinload(Meeting.their_attendees),
                      selectinload(Meeting.our_attendees))


def find_meetings(session: Session, filters: MeetingFilters) -> Select:
    """The meetings matching ``filters`` (to be searched and paginated in a
    :data:`MEETING_SORTS` order)."""
    query = hide_archived(select(Meeting), Meeting, filters.archived)
    if filters.event_id:
        query = query.where(Meeting.event_id == filters.event_id)
    if filters.person_id:
        query = query.where(Meeting.their_attendees.any(
            (Person.id == filters.person_id) & _visible(session)))
    if filters.date_from:
        query = query.where(Meeting.starts_at >= _start_of(filters.date_from))
    if filters.date_to:
        query = query.where(Meeting.starts_at < _start_of(filters.date_to, next_day=True))
    return query


def attendee_named(session: Session):
    """``word -> SQL condition``: a person the reader may see, whose name or other spelling
    holds the word, attended the meeting (the search box finds meetings by who was there).
    A word of one or two letters is looked for in the texts only: inside names it matches
    most persons, and so most meetings, from no index (``a* OR b`` took 850 ms)."""
    visible = _visible(session)

    def condition(word: str):
        if len(word) < MIN_LETTERS:
            return false()
        # the persons named first (from the name index), then their meetings by the link
        # table's index: inside a correlated EXISTS the persons were looked for again for
        # every meeting
        named = select(Person.id).where(visible & person_name_matches(word))
        return in_list(Meeting.id, select(meeting_persons.c.meeting_id)
                       .where(meeting_persons.c.person_id.in_(named)))

    return condition


def _visible(session: Session):
    # EXISTS subqueries escape the ORM visibility rule, so they state the user's levels
    # themselves: searching for a hidden person's name must not reveal their meetings.
    return Person.sensitivity.in_(current_levels(session))


def _start_of(day: date, next_day: bool = False) -> datetime:
    if next_day:
        day = day + timedelta(days=1)
    return datetime.combine(day, time.min, tzinfo=UTC)
