"""Time zones: a meeting logged at 14:00 in Astana is 09:00 UTC, shows 14:00 (Asia/Almaty) and
the reader's own time, and reaches calendars with its TZID; events and officers set defaults."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.extensions import db
from app.models import DialogueEvent, Meeting, User
from app.services.meetings.calendar import meeting_ics
from app.services.meetings.time_zones import default_zone, is_zone, to_utc, when
from tests.factories import make_world
from tests.support.meeting_forms import log_form


@pytest.fixture()
def world(app):
    """The small world of records the meeting log refers to."""
    return make_world(app)


def test_conversions_and_the_text_shown():
    assert to_utc(date(2026, 12, 11), time(14, 0), "Asia/Almaty") == \
        datetime(2026, 12, 11, 9, 0, tzinfo=UTC)
    # summer time in Brussels: UTC+2; winter: UTC+1
    assert to_utc(date(2026, 7, 1), time(14, 0), "Europe/Brussels").hour == 12
    assert to_utc(date(2026, 12, 1), time(14, 0), "Europe/Brussels").hour == 13
    moment = datetime(2026, 12, 11, 9, 0, tzinfo=UTC)
    assert when(moment, "Asia/Almaty") == "11 Dec 2026, 14:00 (Asia/Almaty), 09:00 UTC"
    assert when(moment, "Asia/Almaty", "Europe/Brussels") == \
        "11 Dec 2026, 14:00 (Asia/Almaty), 10:00 your time"
    assert when(moment, "Asia/Almaty", "Asia/Almaty") == "11 Dec 2026, 14:00 (Asia/Almaty)"
    assert when(moment, None) == "11 Dec 2026, 09:00 (UTC)"
    assert is_zone("Asia/Almaty") and is_zone("UTC") and not is_zone("Mars/Olympus")
    assert not is_zone("../../etc/passwd") and not is_zone("")


def _officer(app, officer) -> User:
    return db.session.get(User, officer.id)


def test_a_meeting_at_14_00_in_almaty_is_09_00z_and_reaches_calendars_with_its_tzid(
        app, officer_client, officer, world):
    data = log_form(world, officer.id, meeting_date="2026-12-11", starts_time="14:00",
                    ends_time="15:30", time_zone="Asia/Almaty")
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    with app.app_context():
        meeting = db.session.scalars(select(Meeting).where(
            Meeting.title == data["title"])).one()
        assert meeting.starts_at == datetime(2026, 12, 11, 9, 0, tzinfo=UTC)
        assert meeting.ends_at == datetime(2026, 12, 11, 10, 30, tzinfo=UTC)
        assert meeting.time_zone == "Asia/Almaty"
        meeting_id = meeting.id
        ics = meeting_ics(db.session, meeting_id)
    text = ics.decode()
    assert "DTSTART;TZID=Asia/Almaty:20261211T140000" in text
    assert "DTEND;TZID=Asia/Almaty:20261211T153000" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Asia/Almaty" in text
    event = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2026, 12, 11, 9, 0, tzinfo=UTC)

    page = officer_client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "11 Dec 2026, 14:00–15:30 (Asia/Almaty), 09:00 UTC" in page
    edit = officer_client.get(f"/meetings/{meeting_id}/edit").get_data(as_text=True)
    assert 'value="14:00"' in edit and 'value="Asia/Almaty"' in edit

    # an officer in Brussels sees the local time and their own
    assert officer_client.post("/account/time-zone",
                               data={"time_zone": "Europe/Brussels"}).status_code == 302
    page = officer_client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "14:00–15:30 (Asia/Almaty), 10:00 your time" in page


def test_an_unknown_zone_is_refused_on_the_page_with_everything_kept(
        app, officer_client, officer, world):
    data = log_form(world, officer.id, time_zone="Mars/Olympus")
    response = officer_client.post("/meetings/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 422)
    assert "is not a time zone" in page and 'value="Mars/Olympus"' in page
    assert data["purpose"] in page
    with app.app_context():
        assert db.session.scalars(select(Meeting).where(
            Meeting.title == data["title"])).first() is None
    bad = officer_client.post("/account/time-zone", data={"time_zone": "Nowhere/Else"})
    assert bad.status_code == 200 and "is not a time zone" in bad.get_data(as_text=True)


def test_new_meetings_start_in_the_events_zone_else_the_officers(app, officer_client, officer):
    officer_client.post("/account/time-zone", data={"time_zone": "Europe/Brussels"})
    page = officer_client.get("/meetings/new").get_data(as_text=True)
    assert 'name="time_zone"' in page and 'value="Europe/Brussels"' in page
    with app.app_context():
        event = DialogueEvent(title="Dialogue in Astana", time_zone="Asia/Almaty",
                              starts_on=date(2026, 12, 11))
        db.session.add(event)
        db.session.commit()
        event_id = event.id
        assert default_zone(db.session.get(DialogueEvent, event_id),
                            _officer(app, officer)) == "Asia/Almaty"
    page = officer_client.get(f"/meetings/new?event_id={event_id}").get_data(as_text=True)
    assert 'value="Asia/Almaty"' in page
