"""The secret iCal feed, its settings page, and one meeting as .ics."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Direction, FollowUp, Meeting, Person, Sensitivity, User
from tests.demo_users import AMINA, VERA, sign_in_demo
from tests.support.signing_in import login


def _token(app, email: str) -> str | None:
    with app.app_context():
        return db.session.scalar(select(User.calendar_token).where(User.email == email))


def _events(body: bytes) -> list:
    calendar = Calendar.from_ical(body)
    return list(calendar.walk("VEVENT"))


def test_create_link_and_the_feed_parses_back(app, client, demo):
    sign_in_demo(app, client, AMINA)
    page = client.get("/calendar/settings").get_data(as_text=True)
    assert "You have no calendar link" in page
    response = client.post("/calendar/settings", data={"regenerate": "Create a link"},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "New calendar link created." in html
    token = _token(app, AMINA)
    assert token and f"/calendar/{token}.ics" in html
    anonymous = app.test_client()
    feed = anonymous.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200
    assert feed.headers["Content-Type"].startswith("text/calendar")
    events = _events(feed.data)
    summaries = {str(e.get("summary")) for e in events}
    assert "EEAS Central Asia desk: pre-dialogue briefing" in summaries
    assert "Government delegation: MFA deputy minister and Prosecutor General's Office" \
        in summaries
    assert "German Foreign Office Central Asia desk (2025 cycle)" not in summaries  # Jonas's
    due = [e for e in events if str(e.get("summary")).startswith("Follow-up due: ")]
    assert {str(e.get("summary"))[15:] for e in due} == {
        "Send the EEAS desk a one-page update on Marat Zhylanbaev's health and contacts",
        "Prepare the talking-point pack for the government delegation meeting"}
    first = next(e for e in due if "Marat" in str(e.get("summary")))
    assert first.decoded("dtstart") == date.today() - timedelta(days=14)
    meeting = next(e for e in events if str(e.get("summary")).startswith("EEAS Central"))
    assert meeting.decoded("dtstart").tzinfo is not None
    assert "Sofie Brandt-Larsen" in str(meeting.get("description"))


def test_regenerated_and_revoked_links_answer_404(app, client, demo):
    sign_in_demo(app, client, AMINA)
    client.post("/calendar/settings", data={"regenerate": "Create a link"})
    old = _token(app, AMINA)
    client.post("/calendar/settings", data={"regenerate": "Replace with a new link"})
    new = _token(app, AMINA)
    assert new != old
    anonymous = app.test_client()
    assert anonymous.get(f"/calendar/{old}.ics").status_code == 404
    assert anonymous.get(f"/calendar/{new}.ics").status_code == 200
    response = client.post("/calendar/settings", data={"revoke": "Revoke the link"},
                           follow_redirects=True)
    assert "Calendar link revoked" in response.get_data(as_text=True)
    assert _token(app, AMINA) is None
    revoked = anonymous.get(f"/calendar/{new}.ics")
    assert revoked.status_code == 404
    assert "BEGIN:VCALENDAR" not in revoked.get_data(as_text=True)
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert "calendar_link_created" in actions and "calendar_link_revoked" in actions
        assert all(new not in str(e.changes) for e in db.session.scalars(select(AuditEvent)))


def test_viewer_manages_their_own_link(app, client, demo):
    sign_in_demo(app, client, VERA)
    response = client.post("/calendar/settings", data={"regenerate": "Create a link"})
    assert response.status_code == 302
    token = _token(app, VERA)
    events = _events(app.test_client().get(f"/calendar/{token}.ics").data)
    assert {str(e.get("summary")) for e in events} == {"EU Delegation debrief after the dialogue"}


def test_feed_of_an_inactive_user_is_404(app, client, demo):
    sign_in_demo(app, client, AMINA)
    client.post("/calendar/settings", data={"regenerate": "Create a link"})
    token = _token(app, AMINA)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == AMINA))
        user.is_active_account = False
        db.session.commit()
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 404


def test_feed_never_names_restricted_persons(app, make_user):
    """Even for an officer cleared for at-risk persons: the feed leaves the organisation."""
    officer = make_user("officer", clearance="at_risk", email="cleared@parley.example")
    with app.app_context():
        user = db.session.get(User, officer.id)
        meeting = Meeting(title="Quiet meeting",
                          starts_at=datetime.now(UTC) + timedelta(days=2))
        meeting.our_attendees = [user]
        meeting.their_attendees = [
            Person(full_name="Open Diplomat"),
            Person(full_name="Secret Source", sensitivity=Sensitivity.AT_RISK),
            Person(full_name="Quiet Lawyer", sensitivity=Sensitivity.CONFIDENTIAL)]
        user.calendar_token = "t" * 43
        db.session.add(meeting)
        db.session.add(FollowUp(description="Call back", direction=Direction.OURS,
                                owner_user_id=user.id, due_on=date.today()))
        db.session.commit()
    body = app.test_client().get(f"/calendar/{'t' * 43}.ics").get_data(as_text=True)
    assert "Open Diplomat" in body.replace("\r\n ", "")
    assert "Secret Source" not in body and "Quiet Lawyer" not in body
    # the meeting download leaves Parley too: normal-level attendees only, whatever the clearance
    client = app.test_client()
    login(client, "cleared@parley.example")
    with app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.title == "Quiet meeting"))
    download = client.get(f"/calendar/meeting/{meeting_id}.ics")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    text = download.get_data(as_text=True).replace("\r\n ", "")
    assert "Open Diplomat" in text
    assert "Secret Source" not in text and "Quiet Lawyer" not in text


def test_meeting_download_parses_and_hides_what_the_user_may_not_see(app, viewer_client):
    with app.app_context():
        meeting = Meeting(title="Embassy lunch", place="Astana",
                          starts_at=datetime(2026, 12, 3, 12, tzinfo=UTC))
        meeting.their_attendees = [Person(full_name="Named Attaché"),
                                   Person(full_name="Hidden Activist",
                                          sensitivity=Sensitivity.AT_RISK)]
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    response = viewer_client.get(f"/calendar/meeting/{meeting_id}.ics")
    (event,) = _events(response.data)
    assert str(event.get("summary")) == "Embassy lunch"
    assert str(event.get("location")) == "Astana"
    assert event.decoded("dtstart") == datetime(2026, 12, 3, 12, tzinfo=UTC)
    assert "Named Attaché" in str(event.get("description"))
    assert "Hidden Activist" not in response.get_data(as_text=True)
    assert viewer_client.get("/calendar/meeting/999999.ics").status_code == 404


def test_settings_page_needs_a_login_but_the_feed_does_not(app, client):
    response = client.get("/calendar/settings")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/calendar/unknown.ics").status_code == 404


def test_link_change_without_csrf_token_is_refused(app, officer_client, officer, csrf_on):
    response = officer_client.post("/calendar/settings", data={"regenerate": "Create a link"})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert _token(app, officer.email) is None
