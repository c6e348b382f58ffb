"""Meeting times as their place has them, on every page that shows one: a meeting at 01:30 on
12 March in Almaty is at 20:30 UTC on the 11th, where it is stored; the debrief, the event's
schedule, the stakeholder's profile and the follow-up's page all say the 12th, at 01:30."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from app.extensions import db
from app.models import DialogueEvent, Direction, FollowUp, Meeting, Person


@pytest.fixture()
def late_meeting(app):
    """An event in Almaty with one meeting just after midnight there (the evening before in
    UTC), with a stakeholder and a follow-up; their ids."""
    with app.app_context():
        person = Person(full_name="Dana Sample")
        event = DialogueEvent(title="Spring dialogue", starts_on=date(2026, 3, 11),
                              time_zone="Asia/Almaty")
        meeting = Meeting(title="Late talk", event=event, time_zone="Asia/Almaty",
                          starts_at=datetime(2026, 3, 11, 20, 30, tzinfo=UTC),
                          ends_at=datetime(2026, 3, 11, 21, 30, tzinfo=UTC),
                          their_attendees=[person])
        follow_up = FollowUp(description="Send the letter", direction=Direction.OURS,
                             meeting=meeting)
        db.session.add_all([person, event, meeting, follow_up])
        db.session.commit()
        return {"person": person.id, "event": event.id, "follow_up": follow_up.id}


def test_the_debrief_shows_the_meeting_at_its_place(officer_client, late_meeting):
    page = officer_client.get(f"/debrief/event/{late_meeting['event']}").get_data(as_text=True)
    assert "12 Mar 2026, 01:30–02:30 (Asia/Almaty), 11 Mar, 20:30 UTC" in page
    assert "11 Mar 2026, 20:30 UTC" not in page  # the stored time, once shown alone
    markdown = officer_client.get(f"/debrief/event/{late_meeting['event']}.md")
    assert "12 Mar 2026, 01:30–02:30 (Asia/Almaty)" in markdown.get_data(as_text=True)


def test_the_schedule_puts_the_meeting_on_its_local_day(officer_client, late_meeting):
    page = officer_client.get(f"/events/{late_meeting['event']}").get_data(as_text=True)
    assert re.search(r"<h3>Thursday 12 Mar 2026</h3>", page)
    assert "01:30–02:30 (Asia/Almaty)" in page and "20:30" not in page


def test_profile_and_follow_up_pages_give_the_local_day(officer_client, late_meeting):
    profile = officer_client.get(f"/persons/{late_meeting['person']}").get_data(as_text=True)
    assert '<span class="date">12 Mar 2026</span>' in profile
    assert "11 Mar 2026" not in profile
    detail = officer_client.get(f"/follow-ups/{late_meeting['follow_up']}").get_data(as_text=True)
    assert "12 Mar 2026" in detail and "11 Mar 2026" not in detail
