"""Pentest finding: a date in year 9999 broke calendars and lists.

A meeting on 9999-12-31 at 23:30 broke its .ics and every attendee's feed, a follow-up due
9999-12-31 broke its owner's feed, and ``?date_to=9999-12-31`` on the meetings list gave a 500.
Every date field and filter now takes years 1900-2200 only, with a plain message, and a
calendar leaves out (and logs) an item it cannot write instead of failing as a whole.
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from app.extensions import db
from app.models import Direction, FollowUp, Meeting, User
from tests.factories import make_meeting, make_world
from tests.support.meeting_forms import log_form
from tests.support.pages import text_of

BOUNDS = "Enter a date between 1900 and 2200."
END_OF_TIME = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)


def _attend(app, officer, *titles_and_starts) -> list[int]:
    """Meetings the officer attends, stored directly (no form in the way); returns ids."""
    ids = [make_meeting(app, title=title, starts_at=starts_at)
           for title, starts_at in titles_and_starts]
    with app.app_context():
        user = db.session.get(User, officer.id)
        for meeting in db.session.query(Meeting).filter(Meeting.id.in_(ids)).all():
            meeting.our_attendees.append(user)
        db.session.commit()
    return ids


def _follow_up(app, officer, description: str, due_on: date) -> None:
    with app.app_context():
        db.session.add(FollowUp(description=description, direction=Direction.OURS,
                                owner_user_id=officer.id, due_on=due_on))
        db.session.commit()


def _summaries(body: bytes) -> set[str]:
    return {str(e.get("summary")) for e in Calendar.from_ical(body).walk("VEVENT")}


def test_a_meeting_and_follow_up_in_year_9999_do_not_break_the_feed(app, officer_client,
                                                                    officer, caplog):
    soon = datetime.now(UTC).replace(microsecond=0)
    _attend(app, officer, ("Meeting at the end of time", END_OF_TIME),
            ("Meeting with the EEAS desk", soon))
    _follow_up(app, officer, "Due at the end of time", date(9999, 12, 31))
    _follow_up(app, officer, "Send the desk the update", date.today())
    officer_client.post("/calendar/settings", data={"regenerate": "Create a link"})
    with app.app_context():
        token = db.session.get(User, officer.id).calendar_token
    feed = app.test_client().get(f"/calendar/{token}.ics")
    assert feed.status_code == 200
    summaries = _summaries(feed.data)
    assert "Meeting with the EEAS desk" in summaries
    assert "Follow-up due: Send the desk the update" in summaries
    # The far-off items are written without an end (or left out), never a failed feed.
    assert "Meeting at the end of time" in summaries
    assert "Follow-up due: Due at the end of time" in summaries


def test_the_ics_of_a_meeting_in_year_9999_downloads(app, officer_client, officer):
    [meeting_id] = _attend(app, officer, ("Meeting at the end of time", END_OF_TIME))
    response = officer_client.get(f"/calendar/meeting/{meeting_id}.ics")
    assert response.status_code == 200
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(event.get("summary")) == "Meeting at the end of time"
    assert event.decoded("dtstart").year == 9999


def test_an_item_that_cannot_be_written_is_left_out_and_logged(app, officer_client, officer,
                                                                monkeypatch, caplog):
    from app.services.meetings import calendar as service

    _attend(app, officer, ("Broken meeting", datetime(2026, 6, 10, 9, tzinfo=UTC)),
            ("Good meeting", datetime.now(UTC).replace(microsecond=0)))
    original = service.meeting_event

    def failing(meeting, link=None):
        if meeting.title == "Broken meeting":
            raise OverflowError("date value out of range")
        return original(meeting, link)

    monkeypatch.setattr(service, "meeting_event", failing)
    with app.app_context():
        user = db.session.get(User, officer.id)
        body = service.build_feed(db.session, user)
    assert _summaries(body) == {"Good meeting"}
    assert "meeting" in caplog.text and "left out" in caplog.text
    assert "Broken meeting" not in caplog.text  # ids only in the log, never titles


@pytest.mark.parametrize("query", ["date_to=9999-12-31", "date_from=0001-01-01",
                                   "date_from=1899-12-31&date_to=9999-12-31"])
def test_far_off_dates_in_the_meetings_filter_get_a_message(app, officer_client, query):
    make_meeting(app, title="Meeting with the EEAS desk")
    response = officer_client.get(f"/meetings/?{query}")
    page = text_of(response)
    assert response.status_code == 200
    assert BOUNDS in page
    assert "Meeting with the EEAS desk" in page  # the bad filter is ignored, not applied


def test_far_off_dates_in_the_audit_filter_get_a_message(admin_client):
    response = admin_client.get("/admin/audit/?date_to=9999-12-31&date_from=0001-01-01")
    assert response.status_code == 200
    assert BOUNDS in text_of(response)


def test_the_meeting_log_refuses_year_9999(app, officer_client, officer):
    world = make_world(app)
    response = officer_client.post("/meetings/new",
                                   data=log_form(world, officer.id, meeting_date="9999-12-31"))
    assert BOUNDS in text_of(response)
    with app.app_context():
        assert db.session.query(Meeting).count() == 0


def test_the_event_form_refuses_year_9999(app, officer_client):
    response = officer_client.post("/events/new", data={
        "title": "Dialogue at the end of time", "kind": "dialogue", "starts_on": "9999-12-31"})
    assert BOUNDS in html.unescape(response.get_data(as_text=True))


def test_rescheduling_to_year_9999_is_refused(app, officer_client, officer):
    _follow_up(app, officer, "Send the desk the update", date.today())
    with app.app_context():
        follow_up_id = db.session.query(FollowUp.id).scalar()
    response = officer_client.post(f"/follow-ups/{follow_up_id}/reschedule", data={
        "reschedule-version": "1", "reschedule-due_on": "9999-12-31",
        "reschedule-note": "The desk asked us to wait."})
    assert response.status_code == 400
    assert BOUNDS in html.unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(FollowUp, follow_up_id).due_on == date.today()
