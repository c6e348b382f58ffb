"""The meeting log's people: finding them in any spelling, hidden ones never offered nor lost, new persons, delegations, the default title and owner."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Affiliation,
    Direction,
    FollowUp,
    Meeting,
    Person,
    Raising,
)
from tests.factories import make_meeting, make_world
from tests.support.meeting_forms import log_form
from tests.support.pages import chosen_values, field_value, text_of


@pytest.fixture()
def world(app):
    """The small world of records the meeting log refers to."""
    return make_world(app)


# ---- the service -----------------------------------------------------------------------------


def test_person_lookup_finds_names_spellings_and_organisations(app, officer_client, world):
    def names(q):
        found = officer_client.get("/lookup/persons", query_string={"q": q}).json["results"]
        return [r["label"] for r in found]

    assert names("EEAS") == ["Anna Desk"]
    assert names("Жыланбаев") == ["Bolat Zhylanbaev"]
    assert names("жыланбаев") == ["Bolat Zhylanbaev"]
    assert names("eeas") == ["Anna Desk"]
    assert names("zhylan") == ["Bolat Zhylanbaev"]
    assert names("Ministry") == ["Bolat Zhylanbaev"]
    assert names("bolat deputy") == ["Bolat Zhylanbaev"]
    assert names("nobody here") == []
    result = officer_client.get("/lookup/persons?q=anna").json["results"][0]
    assert result == {"value": str(world["anna"]), "label": "Anna Desk",
                      "detail": "Desk Officer for Kazakhstan, EEAS", "group": "Stakeholders"}


def test_hidden_persons_are_neither_offered_nor_accepted(app, client, make_user, world):
    from tests.support.signing_in import login

    officer = make_user("officer", clearance="normal", email="low@parley.example")
    login(client, officer.email)
    assert client.get("/lookup/persons?q=Hidden").json["results"] == []
    assert client.get("/lookup/persons?q=Anna").json["results"][0]["label"] == "Anna Desk"
    form = text_of(client.get("/meetings/new"))
    assert "Hidden Witness" not in form
    data = log_form(world, officer.id, their_attendees=[str(world["hidden"])])
    data["raisings-0-with_whom"] = ""
    response = client.post("/meetings/new", data=data)
    assert response.status_code == 422
    assert "That person is not in Parley, or not available to you." in text_of(response)


def test_affiliation_is_created_for_a_new_person_without_organisation_only_when_given(
        app, officer_client, officer, world):
    data = log_form(world, officer.id, **{"new_persons-0-organisation": "",
                                          "new_persons-0-role": ""})
    assert officer_client.post("/meetings/new", data=data).status_code == 302
    with app.app_context():
        chris = db.session.scalar(select(Person).where(Person.full_name == "Chris Newcomer"))
        assert db.session.scalar(select(func.count(Affiliation.id)).where(
            Affiliation.person_id == chris.id)) == 0


def test_rows_of_another_meeting_cannot_be_changed_through_this_one(
        app, officer_client, officer, world):
    other_id = make_meeting(app, "Other meeting", their_attendee_ids=[world["anna"]])
    with app.app_context():
        other = db.session.get(Meeting, other_id)
        other.raisings = [Raising(theme_id=world["theme"], response="Untouched answer")]
        db.session.commit()
        foreign_id = other.raisings[0].id
    data = log_form(world, officer.id, **{"raisings-0-raising_id": str(foreign_id),
                                          "raisings-1-raising_id": "not-a-number"})
    assert officer_client.post("/meetings/new", data=data).status_code == 302
    with app.app_context():
        foreign = db.session.get(Raising, foreign_id)
        assert foreign.response == "Untouched answer" and foreign.meeting_id == other_id
        new = db.session.scalar(select(Meeting).where(Meeting.title != "Other meeting"))
        assert [r.response for r in new.raisings] == ["Not aware of the case."]


def test_closed_follow_ups_show_their_status_and_no_overdue_warning(app, officer_client, world):
    from app.models import FollowUpStatus

    meeting_id = make_meeting(app, "Old meeting", their_attendee_ids=[world["anna"]])
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        for description, status in (("Kept promise", FollowUpStatus.DONE),
                                    ("Still waiting", FollowUpStatus.OPEN)):
            db.session.add(FollowUp(meeting=meeting, description=description, status=status,
                                    direction=Direction.THEIRS, owner_person_id=world["anna"],
                                    due_on=date(2020, 1, 1)))
        db.session.commit()
    body = text_of(officer_client.get(f"/meetings/{meeting_id}/edit"))
    assert "Kept" in body and "Pending" in body
    assert body.count("This date is already past") == 1


def test_logging_from_an_event_starts_today_as_held_and_planning_on_its_first_day(
        officer_client, world):
    body = officer_client.get(f"/meetings/new?event_id={world['event']}").get_data(as_text=True)
    assert f'name="meeting_date" required type="date" value="{date.today().isoformat()}"' in body
    assert '<option selected value="held">' in body
    planned = officer_client.get(f"/meetings/new?event_id={world['event']}&plan=1")
    body = planned.get_data(as_text=True)
    assert 'name="meeting_date" required type="date" value="2026-06-10"' in body
    # the event's first day is already past, so the meeting it plans was held
    assert '<option selected value="held">' in body
    assert chosen_values(body, "event_id") == {str(world["event"])}
    assert 'value="EU-Kazakhstan Human Rights Dialogue 2026"' in body
    assert officer_client.get("/meetings/new?event_id=abc").status_code == 200


def test_an_edit_by_someone_not_cleared_keeps_hidden_attendees(app, client, make_user, world):
    from tests.support.signing_in import login

    meeting_id = make_meeting(app, "Meeting with a witness",
                              their_attendee_ids=[world["anna"], world["hidden"]])
    low = make_user("officer", clearance="normal", email="low@parley.example")
    login(client, low.email)
    form = text_of(client.get(f"/meetings/{meeting_id}/edit"))
    assert "Hidden Witness" not in form
    data = log_form(world, low.id, version="1", title="Renamed by a normal-clearance officer",
                    their_attendees=[str(world["anna"])],
                    **{"new_persons-0-full_name": "", "new_persons-0-organisation": "",
                       "new_persons-0-role": "", "raisings-1-with_whom": ""})
    assert client.post(f"/meetings/{meeting_id}/edit", data=data).status_code == 302
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.title == "Renamed by a normal-clearance officer"
        assert {p.full_name for p in meeting.their_attendees} == {"Anna Desk", "Hidden Witness"}


def test_rows_naming_hidden_people_are_kept_through_an_edit(app, client, make_user, world):
    """A raising with, or a follow-up owned by, a person above the editor's clearance is not
    shown (derived sensitivity), not offered in the form, and survives the save unchanged."""
    from tests.support.signing_in import login

    meeting_id = make_meeting(app, "Meeting with rows about a witness",
                              their_attendee_ids=[world["anna"], world["hidden"]])
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.raisings = [Raising(theme_id=world["theme"], person_id=world["hidden"],
                                    response="Answer of the witness")]
        db.session.add(FollowUp(meeting=meeting, description="Witness sends documents",
                                direction=Direction.THEIRS, owner_person_id=world["hidden"]))
        db.session.commit()
    low = make_user("officer", clearance="normal", email="low@parley.example")
    login(client, low.email)
    shown = text_of(client.get(f"/meetings/{meeting_id}"))
    assert "Answer of the witness" not in shown and "Witness sends documents" not in shown
    assert "with the meeting as a whole" not in shown and "not cleared to see" not in shown
    form = text_of(client.get(f"/meetings/{meeting_id}/edit"))
    assert "Answer of the witness" not in form and "Witness sends documents" not in form
    data = {"version": "1", "title": "Edited", "meeting_date": "2026-06-10",
            "starts_time": "09:00", "format": "in_person", "status": "held", "event_id": "",
            "their_attendees": [str(world["anna"])]}
    response = client.post(f"/meetings/{meeting_id}/edit", data=data)
    assert response.status_code == 302, text_of(response)[:2000]
    with app.app_context():
        raising = db.session.scalar(select(Raising))
        assert raising.person_id == world["hidden"] and raising.response == "Answer of the witness"
        follow_up = db.session.scalar(select(FollowUp))
        assert follow_up.owner_person_id == world["hidden"] and follow_up.archived_at is None


def test_a_new_person_close_to_an_existing_one_is_held_until_confirmed(
        app, officer_client, officer, world):
    data = log_form(world, officer.id, **{"new_persons-0-full_name": "Anna  desk",
                                          "raisings-1-with_whom": ""})
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 422
    body = text_of(response)
    assert "A new person may already be in Parley." in body
    warning = re.search(r'<div class="duplicate-warning".*?</div>', body, re.DOTALL).group(0)
    assert "Already in Parley?" in warning and "Anna Desk" in warning
    assert "Create anyway: this is a different person" in body
    assert field_value(response.get_data(as_text=True), "follow_ups-0-description") == \
        "Send the updated case list"
    with app.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 0
    data["new_persons-0-create_anyway"] = "y"
    assert officer_client.post("/meetings/new", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Person.id)).where(
            Person.full_name == "Anna  desk")) == 1


def test_a_held_meeting_needs_neither_title_nor_hour_and_gets_a_title_from_who_was_there(
        app, officer_client, officer, world):
    data = log_form(world, officer.id, title="", starts_time="", ends_time="",
                    meeting_date="2026-06-11")
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 302, text_of(response)[:2000]
    with app.app_context():
        meeting = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        assert meeting.title.startswith("Meeting with ")
        assert "Chris Newcomer" in meeting.title
        assert meeting.time_known is False
        assert meeting.status.value == "held"
    page = text_of(officer_client.get(response.headers["Location"]))
    # the day alone: no hour next to it (the record's own timestamps below carry one)
    assert re.search(r"11 Jun 2026(?!,? \d)", page) and "11 Jun 2026, 12:00" not in page


def test_new_follow_up_rows_start_with_me_and_a_row_holding_only_that_stays_blank(
        app, officer_client, officer, world):
    body = officer_client.get("/meetings/new").get_data(as_text=True)
    assert f'name="follow_ups-0-owner" type="hidden" value="u{officer.id}"' in body \
        or f'value="u{officer.id}"' in body.split('data-lookup-name="follow_ups-0-owner"')[1][:600]
    assert body.count('name="raisings-') >= 3 * 5  # three raising rows to start
    data = log_form(world, officer.id)
    for key in [k for k in data if k.startswith("follow_ups-")]:
        del data[key]
    data["follow_ups-0-owner"] = f"u{officer.id}"  # the untouched default
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 302, text_of(response)[:2000]
    with app.app_context():
        meeting = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        assert meeting.follow_ups == []


def test_a_delegation_brings_everyone_with_a_current_post_there(app, officer_client, officer, world):
    data = log_form(world, officer.id, their_attendees=[], **{"raisings-0-with_whom": "",
                                                             "raisings-1-with_whom": "",
                                                             "follow_ups-1-owner": f"u{officer.id}"})
    data["delegation"] = str(world["eeas"])
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 302, text_of(response)[:3000]
    with app.app_context():
        meeting = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        names = {p.full_name for p in meeting.their_attendees}
        posted = {a.person.full_name for a in db.session.scalars(
            select(Affiliation).where(Affiliation.organisation_id == world["eeas"],
                                      Affiliation.end_on.is_(None)))}
        assert posted and posted <= names

