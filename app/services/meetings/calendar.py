"""iCal output: a user's feed of meetings and follow-up due dates, and one meeting as .ics.

The feed is fetched by calendar software without a session, so it is built for the user the
token belongs to. Calendar services copy feeds and downloaded events onto servers outside the
organisation, so both are built with only normal-level records visible (:data:`CALENDAR_LEVELS`
through :func:`app.security.visibility.levels_for`), whatever the user's clearance: they never
name a confidential or at-risk person, nor carry a follow-up about one.
"""

from __future__ import annotations

import logging
import secrets
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Direction,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingStatus,
    Sensitivity,
    User,
    meeting_users,
    utcnow,
)
from app.models.users import new_token
from app.security.visibility import levels_for
from app.services.meetings.time_zones import local

log = logging.getLogger(__name__)

PRODID = "-//Parley//Advocacy CRM//EN"
#: Meetings further back than this are left out of the feed.
FEED_HISTORY_DAYS = 400
#: Levels a calendar file may show, whatever the user's clearance: normal records only.
CALENDAR_LEVELS = (Sensitivity.NORMAL,)
#: Reload with the calendar's levels even when the request already loaded these rows.
RELOAD = {"populate_existing": True}


def find_user_by_token(session: Session, token: str) -> User | None:
    """The active user whose calendar token is ``token`` (constant-time compare), or None."""
    if not token or len(token) > 64:
        return None
    candidates = session.scalars(
        select(User).where(User.calendar_token.is_not(None), User.is_active_account.is_(True))
    ).all()
    found = None
    for user in candidates:
        if user.calendar_token and secrets.compare_digest(user.calendar_token.encode(),
                                                          token.encode()):
            found = user
    return found


def new_calendar_link(user: User) -> str:
    """Give ``user`` a fresh calendar token (the old link stops working)."""
    user.calendar_token = new_token()
    return user.calendar_token


def revoke_calendar_link(user: User) -> None:
    """Switch the user's calendar feed off."""
    user.calendar_token = None


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _later(start, delta: timedelta):
    """``start + delta``, or None when that falls past the end of the calendar (year 9999)."""
    try:
        return start + delta
    except OverflowError:
        return None


def _add_safely(calendar: Calendar, kind: str, record_id: int, build) -> bool:
    """Add the event ``build()`` makes; one that cannot be represented is skipped and logged."""
    try:
        item = build()
        item.to_ical()  # fail here, not when the whole calendar is written
    except (ArithmeticError, TypeError, ValueError):
        log.warning("calendar: %s %s left out, it cannot be written as iCal", kind, record_id)
        return False
    calendar.add_component(item)
    return True


def meeting_event(meeting: Meeting, link: str | None = None) -> Event:
    """One meeting as a VEVENT: title, time, place, who is across the table (visible ones)."""
    item = Event()
    item.add("uid", f"meeting-{meeting.id}@parley")
    item.add("dtstamp", utcnow())
    # In the meeting's own zone (TZID, with its VTIMEZONE added to the calendar): a calendar
    # in any zone places it right, and shows the local time to whoever opens it there.
    # A meeting logged without its hour is a whole-day entry on its local day.
    if not meeting.time_known:
        item.add("dtstart", local(meeting.starts_at, meeting.time_zone).date())
    else:
        item.add("dtstart", local(meeting.starts_at, meeting.time_zone))
        ends_at = meeting.ends_at or _later(meeting.starts_at, timedelta(hours=1))
        if ends_at is not None:
            item.add("dtend", local(ends_at, meeting.time_zone))
    item.add("summary", meeting.title)
    if meeting.place:
        item.add("location", meeting.place)
    lines = []
    if meeting.event is not None:
        lines.append(f"Dialogue event: {meeting.event.title}")
    if meeting.their_attendees:
        lines.append("With: " + ", ".join(p.full_name for p in meeting.their_attendees))
    if meeting.our_attendees:
        lines.append("Ours: " + ", ".join(u.name for u in meeting.our_attendees))
    if link:
        lines.append(link)
        item.add("url", link)
    if lines:
        item.add("description", "\n".join(lines))
    item.add("status", "CANCELLED" if meeting.status is MeetingStatus.CANCELLED else "CONFIRMED")
    return item


def follow_up_event(follow_up: FollowUp) -> Event:
    """An open follow-up as an all-day event on its due date."""
    item = Event()
    item.add("uid", f"follow-up-{follow_up.id}@parley")
    item.add("dtstamp", utcnow())
    item.add("dtstart", follow_up.due_on)
    next_day = _later(follow_up.due_on, timedelta(days=1))
    if next_day is not None:  # without DTEND an all-day event lasts that one day
        item.add("dtend", next_day)
    item.add("summary", f"Follow-up due: {follow_up.description}")
    if follow_up.meeting is not None:
        item.add("description", f"From the meeting: {follow_up.meeting.title}")
    item.add("transp", "TRANSPARENT")
    return item


def _meeting_options():
    return (selectinload(Meeting.event), selectinload(Meeting.their_attendees),
            selectinload(Meeting.our_attendees))


def build_feed(session: Session, user: User, today: date | None = None,
               link_for=None) -> bytes:
    """The user's iCal feed: meetings they attend and due dates of their open follow-ups."""
    today = today or date.today()
    since = datetime.combine(today - timedelta(days=FEED_HISTORY_DAYS), datetime.min.time())
    with levels_for(session, CALENDAR_LEVELS):
        attending = select(meeting_users.c.meeting_id).where(meeting_users.c.user_id == user.id)
        meetings = session.scalars(
            select(Meeting)
            .where(Meeting.id.in_(attending), Meeting.archived_at.is_(None),
                   Meeting.starts_at >= since)
            .options(*_meeting_options()).order_by(Meeting.starts_at)
            .execution_options(**RELOAD)
        ).all()
        follow_ups = session.scalars(
            select(FollowUp)
            .where(FollowUp.owner_user_id == user.id, FollowUp.direction == Direction.OURS,
                   FollowUp.status == FollowUpStatus.OPEN, FollowUp.due_on.is_not(None),
                   FollowUp.archived_at.is_(None))
            .options(selectinload(FollowUp.meeting)).order_by(FollowUp.due_on)
        ).all()
        calendar = _calendar(f"Parley: {user.name}")
        for meeting in meetings:
            _add_safely(calendar, "meeting", meeting.id,
                        lambda m=meeting: meeting_event(m, link_for(m) if link_for else None))
        for follow_up in follow_ups:
            _add_safely(calendar, "follow-up", follow_up.id,
                        lambda f=follow_up: follow_up_event(f))
        calendar.add_missing_timezones()
        return calendar.to_ical()


def meeting_ics(session: Session, meeting_id: int, link: str | None = None) -> bytes:
    """One meeting as a downloadable .ics file (normal-level attendees only)."""
    with levels_for(session, CALENDAR_LEVELS):
        meeting = session.scalars(
            select(Meeting).where(Meeting.id == meeting_id).options(*_meeting_options())
            .execution_options(**RELOAD)
        ).one()
        calendar = _calendar(meeting.title)
        calendar.add("method", "PUBLISH")
        _add_safely(calendar, "meeting", meeting.id, lambda: meeting_event(meeting, link))
        calendar.add_missing_timezones()
        body = calendar.to_ical()
    session.expire(meeting)  # the request may go on with the reader's own clearance
    return body
