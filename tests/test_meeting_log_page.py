"""The meeting log's page: errors shown beside their fields with nothing lost or saved, editing, stale and racing saves, and who may log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import (
    Direction,
    FollowUp,
    Meeting,
    Person,
    Raising,
    Sensitivity,
)
from tests.factories import make_meeting, make_world
from tests.support.meeting_forms import PAST, log_form
from tests.support.pages import chosen_values, field_value, text_of


@pytest.fixture()
def world(app):
    """The small world of records the meeting log refers to."""
    return make_world(app)


# ---- the service -----------------------------------------------------------------------------


def test_a_validation_error_keeps_every_value_entered(officer_client, officer, world):
    data = log_form(world, officer.id, meeting_date="2026-02-31")
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 422
    raw = response.get_data(as_text=True)
    body = text_of(response)
    assert "Enter a real date" in body and "Nothing has been saved yet" in body
    for name, value in data.items():
        if re.search(r"(owner|with_whom|subject|link|event_id|stance|format|status)$", name) \
                or name in ("our_attendees", "their_attendees", "themes"):
            expected = set(value) if isinstance(value, list) else {value}
            assert chosen_values(raw, name) == expected, name
        else:
            assert field_value(raw, name) == value, name
    with officer_client.application.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 0
        assert db.session.scalar(select(func.count(Person.id)).where(
            Person.full_name == "Chris Newcomer")) == 0


@pytest.mark.parametrize("overrides, message", [
    ({"title": "x" * 301}, "Field cannot be longer than 300 characters."),
    ({"meeting_date": ""}, "Enter a date."),
    ({"starts_time": "25:99"}, "Enter a time as HH:MM, e.g. 14:00."),
    ({"starts_time": "", "status": "planned"}, "only a held meeting may leave it out"),
    ({"starts_time": "", "ends_time": "11:00"}, "Enter the start time too"),
    ({"ends_time": "09:00"}, "The end time must be after the start time."),
    ({"raisings-0-subject": ""}, "Choose the recommendation, case or theme that was raised"),
    ({"follow_ups-0-owner": ""}, "Choose who committed: one of us or one of them."),
    ({"follow_ups-0-description": ""}, "Say what was committed"),
    ({"follow_ups-0-due_on": "2026-13-01"}, "Enter a real date as YYYY-MM-DD"),
    ({"raisings-0-with_whom": "p999999"}, "Not a valid choice"),
    ({"raisings-0-subject": "r999999"}, "That item is not in Parley, or not available to you."),
    ({"raisings-0-subject": "x1"}, "That item is not in Parley, or not available to you."),
    ({"their_attendees": ["abc"]}, "That person is not in Parley, or not available to you."),
    ({"follow_ups-0-owner": "u999999"}, "That person is not in Parley, or not available to you."),
    ({"purpose": "x" * 20001}, "Field cannot be longer than 20000 characters."),
    ({"new_persons-0-full_name": "", "raisings-1-with_whom": ""}, "Enter the new person's name"),
    ({"event_id": "999999"}, "That dialogue event is not in Parley, or not available to you."),
    ({"event_id": "", "event_id-text": "no such event"}, "No dialogue event matches “no such event”."),
    ({"status": "exploded"}, "Not a valid choice"),
])
def test_bad_input_gets_a_message_beside_the_field_and_saves_nothing(
        app, officer_client, officer, world, overrides, message):
    response = officer_client.post("/meetings/new", data=log_form(world, officer.id, **overrides))
    assert response.status_code == 422
    body = text_of(response)
    assert message in body
    assert 'class="error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 0


def test_raised_with_someone_who_is_not_an_attendee_is_refused(officer_client, officer, world):
    data = log_form(world, officer.id, their_attendees=[str(world["bolat"])])
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 422
    assert "Choose one of their attendees" in text_of(response)
    assert "Please correct the highlighted fields." in text_of(response)


def test_past_due_date_is_saved_with_a_warning(app, officer_client, officer, world):
    data = log_form(world, officer.id, **{"follow_ups-0-due_on": PAST})
    response = officer_client.post("/meetings/new", data=data, follow_redirects=True)
    body = text_of(response)
    assert "which is already past: it is listed as overdue" in body
    assert "overdue" in body
    with app.app_context():
        follow_up = db.session.scalar(select(FollowUp).where(
            FollowUp.description == "Send the updated case list"))
        assert follow_up.due_on.isoformat() == PAST
    # and the edit form flags the date beside the field
    with app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id))
    edit = text_of(officer_client.get(f"/meetings/{meeting_id}/edit"))
    assert "This date is already past" in edit


def test_more_rows_keeps_values_and_saves_nothing(app, officer_client, officer, world):
    data = log_form(world, officer.id, more="raisings")
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 200
    body = text_of(response)
    assert "Raised item 3" in body and "raisings-2-subject" in body
    assert "Raised item 4" not in body
    assert "The EEAS will mention it in the plenary." in body
    assert "Chris Newcomer" in body
    assert "Please correct" not in body
    data = log_form(world, officer.id, more="follow_ups")
    body = text_of(officer_client.post("/meetings/new", data=data))
    assert "Follow-up 3" in body
    body = text_of(officer_client.post("/meetings/new", data=log_form(
        world, officer.id, more="new_persons")))
    assert "New person 2" in body
    assert 'value="new1">New person 2 (from the form above)</option>' in body
    with app.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 0


def test_edit_form_shows_the_saved_log_and_saves_changes(app, officer_client, officer, world):
    officer_client.post("/meetings/new", data=log_form(world, officer.id))
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        meeting_id, version = meeting.id, meeting.version
        raising_ids = [r.id for r in meeting.raisings]
    body = text_of(officer_client.get(f"/meetings/{meeting_id}/edit"))
    assert "Edit meeting log" in body
    assert "The EEAS will mention it in the plenary." in body and "Remove this item" in body
    data = log_form(world, officer.id, version=str(version), title="Renamed meeting",
                    **{"raisings-0-raising_id": str(raising_ids[0]),
                       "raisings-1-raising_id": str(raising_ids[1]), "raisings-1-remove": "y",
                       "new_persons-0-full_name": "", "new_persons-0-organisation": "",
                       "new_persons-0-role": "", "raisings-1-with_whom": ""})
    data.pop("follow_ups-0-description")
    data.pop("follow_ups-0-owner")
    data.pop("follow_ups-0-due_on")
    data.pop("follow_ups-0-link")
    response = officer_client.post(f"/meetings/{meeting_id}/edit", data=data)
    assert response.status_code == 302, text_of(response)[:2000]
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.title == "Renamed meeting"
        assert [r.id for r in meeting.raisings] == [raising_ids[0]]
        assert db.session.scalar(select(func.count(Person.id)).where(
            Person.full_name == "Chris Newcomer")) == 1  # not created twice


def test_stale_save_is_refused_with_the_newer_values(app, officer_client, officer, world):
    meeting_id = make_meeting(app, title="Original title", their_attendee_ids=[world["anna"]])
    with app.app_context():
        db.session.execute(text("UPDATE meetings SET title='Their newer title', "
                                "version=version+1 WHERE id=:i"), {"i": meeting_id})
        db.session.commit()
    data = log_form(world, officer.id, version="1", title="My title")
    response = officer_client.post(f"/meetings/{meeting_id}/edit", data=data)
    assert response.status_code == 409
    body = text_of(response)
    assert ("Someone else changed this record while you were working on it; your change "
            "was not saved.") in body
    assert "Their newer title" in body and 'value="My title"' in body
    assert 'name="version" type="hidden" value="2"' in body
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).title == "Their newer title"


@pytest.mark.truncate("a second writer commits through its own connection while the request is in flight")
def test_a_save_racing_another_is_refused_too(app, officer_client, officer, world, monkeypatch):
    """StaleDataError (the other save lands after the version check) gives the same message."""
    from app.meetings import routes

    meeting_id = make_meeting(app, title="Original title")
    real = routes.save_meeting_log

    def racing(session, meeting, data, user):
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE meetings SET title='Raced in', version=version+1 "
                              "WHERE id=:i"), {"i": meeting_id})
        return real(session, meeting, data, user)

    monkeypatch.setattr(routes, "save_meeting_log", racing)
    response = officer_client.post(f"/meetings/{meeting_id}/edit",
                                   data=log_form(world, officer.id, version="1"))
    assert response.status_code == 409
    body = text_of(response)
    assert "Someone else changed this record" in body and "Raced in" in body
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).title == "Raced in"
        assert db.session.scalar(select(func.count(Person.id)).where(
            Person.full_name == "Chris Newcomer")) == 0


def test_undeclared_fields_change_nothing(app, officer_client, officer, world):
    data = log_form(world, officer.id, created_by_id="999", archived_at="2020-01-01",
                    id="77", **{"new_persons-0-sensitivity": "at_risk",
                                "raisings-0-meeting_id": "999", "follow_ups-0-status": "done",
                                "follow_ups-0-direction": "theirs", "sensitivity": "at_risk"})
    assert officer_client.post("/meetings/new", data=data).status_code == 302
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.id != 77 and meeting.archived_at is None
        assert meeting.created_by_id == officer.id
        chris = db.session.scalar(select(Person).where(Person.full_name == "Chris Newcomer"))
        assert chris.sensitivity is Sensitivity.NORMAL
        ours = db.session.scalar(select(FollowUp).where(
            FollowUp.description == "Send the updated case list"))
        assert ours.status.value == "open" and ours.direction is Direction.OURS
        assert all(r.meeting_id == meeting.id for r in db.session.scalars(select(Raising)))


def test_a_viewer_reads_but_cannot_log_or_edit(app, client, make_user, viewer, world):
    from tests.support.signing_in import login

    officer = make_user("officer")
    meeting_id = make_meeting(app, title="Read-only meeting")
    login(client, viewer.email)
    page = text_of(client.get(f"/meetings/{meeting_id}"))
    assert "Read-only meeting" in page and "Edit the log" not in page
    for url in ("/meetings/new", f"/meetings/{meeting_id}/edit",
                f"/meetings/{meeting_id}/archive"):
        response = client.post(url, data=log_form(world, officer.id, version="1"))
        assert response.status_code == 403
        assert "Your role does not allow this action." in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 1
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.title == "Read-only meeting" and meeting.archived_at is None

