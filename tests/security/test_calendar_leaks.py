"""Pentest finding: calendar files named confidential and at-risk persons.

Calendar files leave Parley (calendar services copy them to outside servers), so the single
meeting download and the personal feed are both built with only normal-level records visible,
even for an admin cleared for everything.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from app.extensions import db
from app.models import Case, Direction, FollowUp, Meeting, Person, Sensitivity, User
from tests.support.signing_in import login

TOKEN = "c" * 43
RESTRICTED_NAMES = ("Secret Source", "Quiet Lawyer")


def _plant(app, admin) -> int:
    """A meeting with a normal, a confidential and an at-risk attendee, and three follow-ups."""
    with app.app_context():
        user = db.session.get(User, admin.id)
        user.calendar_token = TOKEN
        at_risk = Person(full_name="Secret Source", sensitivity=Sensitivity.AT_RISK)
        confidential = Person(full_name="Quiet Lawyer", sensitivity=Sensitivity.CONFIDENTIAL)
        meeting = Meeting(title="Quiet meeting", starts_at=datetime.now(UTC) + timedelta(days=2))
        meeting.our_attendees = [user]
        meeting.their_attendees = [Person(full_name="Open Diplomat"), at_risk, confidential]
        db.session.add(meeting)
        db.session.flush()
        cases = [Case(title="Case of the source", person=at_risk),
                 Case(title="Case of the lawyer", person=confidential,
                      sensitivity=Sensitivity.CONFIDENTIAL)]
        db.session.add_all(cases)
        db.session.flush()
        due = date.today() + timedelta(days=3)
        db.session.add_all([
            FollowUp(description="Call back the delegation", direction=Direction.OURS,
                     owner_user_id=user.id, due_on=due, meeting_id=meeting.id),
            FollowUp(description="Visit Secret Source in detention", direction=Direction.OURS,
                     owner_user_id=user.id, due_on=due, case_id=cases[0].id),
            FollowUp(description="Brief Quiet Lawyer on the appeal", direction=Direction.OURS,
                     owner_user_id=user.id, due_on=due, case_id=cases[1].id),
        ])
        db.session.commit()
        return meeting.id


def _unfolded(body: bytes) -> str:
    return body.decode("utf-8").replace("\r\n ", "")


def _summaries(body: bytes) -> set[str]:
    return {str(e.get("summary")) for e in Calendar.from_ical(body).walk("VEVENT")}


def test_meeting_ics_names_only_normal_persons_even_for_an_admin(app, client, admin):
    meeting_id = _plant(app, admin)
    assert login(client, admin.email).status_code == 302
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Secret Source" in page  # the admin is cleared: the page itself names them
    response = client.get(f"/calendar/meeting/{meeting_id}.ics")
    assert response.status_code == 200
    body = _unfolded(response.data)
    assert "Open Diplomat" in body
    for name in RESTRICTED_NAMES:
        assert name not in body


def test_calendar_feed_names_only_normal_persons_even_for_an_admin(app, client, admin):
    _plant(app, admin)
    response = app.test_client().get(f"/calendar/{TOKEN}.ics")
    assert response.status_code == 200
    body = _unfolded(response.data)
    assert "Open Diplomat" in body
    assert "Follow-up due: Call back the delegation" in _summaries(response.data)
    for name in RESTRICTED_NAMES:
        assert name not in body
    assert len([s for s in _summaries(response.data) if s.startswith("Follow-up due")]) == 1
