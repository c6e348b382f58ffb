"""The meeting log's one-click picks: what and who the event's meetings have had most, through
the visibility rule; and the ways into a fast log (dashboard, event, profile)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.extensions import db
from app.models import DialogueEvent, Meeting, Raising, User
from app.models.base import utcnow
from tests.factories import make_meeting, make_world
from tests.support.pages import text_of


@pytest.fixture()
def world(app):
    """The small world of the meeting tests."""
    return make_world(app)


def _picks(body: str, field: str) -> list[str]:
    part = body.split(f'data-picks-for="{field}"')[1].split("</ul>")[0]
    return [chunk.split('"')[0] for chunk in part.split('data-label="')[1:]]


def test_picks_offer_what_and_who_the_event_had_most_and_never_a_hidden_person(
        app, officer_client, officer, make_user, world):
    colleague = make_user("officer", name="Jonas Colleague", email="jonas@parley.example")
    first = make_meeting(app, "Round one", event_id=world["event"],
                         their_attendee_ids=[world["anna"], world["hidden"]])
    second = make_meeting(app, "Round two", event_id=world["event"],
                          their_attendee_ids=[world["anna"]])
    gone = make_meeting(app, "Archived round", event_id=world["event"],
                        their_attendee_ids=[world["bolat"]])
    with app.app_context():
        db.session.add_all([Raising(meeting_id=first, recommendation_id=world["rec"]),
                            Raising(meeting_id=second, recommendation_id=world["rec"]),
                            Raising(meeting_id=second, case_id=world["case"])])
        db.session.get(Meeting, first).our_attendees = [db.session.get(User, colleague.id)]
        db.session.get(Meeting, gone).archived_at = utcnow()
        db.session.commit()

    body = text_of(officer_client.get(f"/meetings/new?event_id={world['event']}"))
    assert _picks(body, "their_attendees") == ["Anna Desk"]  # not hidden, not archived
    assert "Hidden Witness" not in body and "Bolat" not in body
    assert _picks(body, "our_attendees") == ["Jonas Colleague"]
    asks = body.split("data-subject-picks")[1].split("</ul>")[0]
    assert asks.index("Repeal article 274") < asks.index("Case of a jailed journalist")
    assert text_of(officer_client.get("/meetings/new")).count("data-quick-picks") == 0


def test_a_new_log_is_held_today_and_the_event_and_person_are_filled_in(
        officer_client, world):
    body = text_of(officer_client.get(
        f"/meetings/new?event_id={world['event']}&person_id={world['anna']}"))
    assert f'value="{date.today().isoformat()}"' in body
    assert '<option selected value="held">' in body
    assert "Anna Desk (Desk Officer for Kazakhstan, EEAS)" in body
    assert "The hour may stay empty for a meeting already held." in body
    hidden = text_of(officer_client.get(f"/meetings/new?person_id={world['hidden']}"))
    assert "Hidden Witness" not in hidden


def test_the_dashboard_offers_to_log_a_meeting_at_a_round_under_way(app, officer_client, world):
    body = text_of(officer_client.get("/"))
    assert 'href="/meetings/new">Log a meeting</a>' in body
    assert "Log a meeting at EU-Kazakhstan" not in body  # that round was in June
    with app.app_context():
        db.session.get(DialogueEvent, world["event"]).starts_on = date.today() + timedelta(days=5)
        db.session.get(DialogueEvent, world["event"]).ends_on = date.today() + timedelta(days=6)
        db.session.commit()
    body = text_of(officer_client.get("/"))
    assert f"/meetings/new?event_id={world['event']}" in body
    assert "Log a meeting at EU-Kazakhstan Human Rights Dialogue 2026" in body


def test_profile_and_event_pages_lead_to_a_filled_in_log(officer_client, world):
    profile = text_of(officer_client.get(f"/persons/{world['anna']}"))
    assert f'href="/meetings/new?person_id={world["anna"]}"' in profile
    event = text_of(officer_client.get(f"/events/{world['event']}"))
    assert f'href="/meetings/new?event_id={world["event"]}"' in event


def test_a_viewer_is_not_offered_to_log_a_meeting(viewer_client, world):
    profile = text_of(viewer_client.get(f"/persons/{world['anna']}"))
    assert "Anna Desk" in profile and "/meetings/new" not in profile
    assert "/meetings/new" not in text_of(viewer_client.get("/"))


def test_a_meeting_without_its_hour_is_a_whole_day_in_the_calendar(app, world):
    from app.services.meetings.calendar import meeting_event

    meeting_id = make_meeting(app, "Day only", time_known=False)
    with app.app_context():
        item = meeting_event(db.session.get(Meeting, meeting_id)).to_ical().decode()
    assert "DTSTART;VALUE=DATE:20260610" in item and "DTEND" not in item


def test_the_subject_type_ahead_lists_what_the_event_raised_first(app, officer_client, world):
    from app.models import Recommendation

    meeting = make_meeting(app, "Round one", event_id=world["event"])
    with app.app_context():
        db.session.add(Recommendation(text="Another ask on article 274.", short_title="Article 274 first",
                                      addressee="Kazakhstani authorities", priority=0))
        db.session.add(Raising(meeting_id=meeting, recommendation_id=world["rec"]))
        db.session.commit()
    plain = officer_client.get("/lookup/recommendations,cases,themes?q=274").get_json()["results"]
    near = officer_client.get(
        f"/lookup/recommendations,cases,themes?q=274&event={world['event']}").get_json()["results"]
    assert plain[0]["label"].endswith("Article 274 first")
    assert near[0]["value"] == f"r{world['rec']}"
    assert {r["value"] for r in plain} == {r["value"] for r in near}
    page = text_of(officer_client.get(f"/meetings/new?event_id={world['event']}"))
    assert f"/lookup/recommendations,cases,themes?event={world['event']}" in page
    bad = officer_client.get("/lookup/recommendations?q=274&event=abc")
    assert bad.status_code == 200 and bad.get_json()["results"]
