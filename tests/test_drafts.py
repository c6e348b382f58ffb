"""Drafts of long forms: autosaved per officer, encrypted, read back through the visibility
rule, deleted on saving; a save meeting an ended session is held and completed after the
same user signs in again."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import Draft, HeldSave, Meeting, User, utcnow
from app.services.drafts import (
    DraftTooLarge,
    claim_held_save,
    delete_expired,
    discard_draft,
    find_draft,
    hold_save,
    save_draft,
)
from tests.factories import make_meeting, make_world
from tests.support.meeting_forms import log_form
from tests.support.pages import text_of
from tests.support.signing_in import login

MARKER = "Zebrafinch marker typed into the notes"


@pytest.fixture()
def world(app):
    """Records to name in the meeting log (one at-risk person the officer may not see)."""
    return make_world(app)


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _draft(client, path: str, pairs, **headers):
    return client.post("/drafts/form", data={"path": path, "fields": json.dumps(pairs)},
                       headers=headers)


# ---- the service -------------------------------------------------------------------------

def test_a_draft_is_its_authors_alone(app_context, officer, make_user):
    other = make_user("officer")
    author = db.session.get(User, officer.id)
    save_draft(db.session, author, "/meetings/new", [("title", MARKER), ("csrf_token", "t")])
    db.session.commit()
    draft = find_draft(db.session, author, "/meetings/new")
    assert draft.fields == [["title", MARKER]]  # never the form's token
    assert find_draft(db.session, db.session.get(User, other.id), "/meetings/new") is None
    save_draft(db.session, author, "/meetings/new", [("title", "Second version")])
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 1
    assert discard_draft(db.session, author, "/meetings/new")
    assert find_draft(db.session, author, "/meetings/new") is None


def test_drafts_are_encrypted_at_rest(app_context, officer):
    author = db.session.get(User, officer.id)
    save_draft(db.session, author, "/meetings/new", [("notes", MARKER)])
    hold_save(db.session, author, "/meetings/new", [("notes", MARKER)])
    db.session.commit()
    for table in ("drafts", "held_saves"):
        raw = db.session.execute(text(f"SELECT fields FROM {table}")).scalar_one()
        assert raw and "Zebrafinch" not in str(raw), table


def test_drafts_expire_after_30_days_and_held_saves_after_hours(app_context, officer):
    author = db.session.get(User, officer.id)
    old = save_draft(db.session, author, "/meetings/new", [("title", "Old")])
    save_draft(db.session, author, "/persons/new", [("full_name", "Fresh")])
    hold_save(db.session, author, "/meetings/new", [("title", "Held")])
    old.updated_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert find_draft(db.session, author, "/meetings/new") is None
    assert delete_expired(db.session, utcnow() + timedelta(hours=13)) == {
        "drafts": 1, "held saves": 1}
    assert [d.form_path for d in db.session.scalars(select(Draft))] == ["/persons/new"]


def test_a_draft_too_large_is_refused(app_context, officer):
    author = db.session.get(User, officer.id)
    with pytest.raises(DraftTooLarge):
        save_draft(db.session, author, "/meetings/new", [("notes", "x" * 2_000_001)])


def test_a_held_save_is_claimed_once_by_its_own_author(app_context, officer, make_user):
    author = db.session.get(User, officer.id)
    other = db.session.get(User, make_user("officer").id)
    handle = hold_save(db.session, author, "/meetings/new", [("title", MARKER)])
    again = hold_save(db.session, author, "/meetings/new", [("title", MARKER)])
    assert claim_held_save(db.session, other, handle) is None  # another user: never
    assert claim_held_save(db.session, author, handle) is None  # and it is gone
    held = claim_held_save(db.session, author, again)
    assert held.fields == [["title", MARKER]]
    assert find_draft(db.session, author, "/meetings/new").fields == [["title", MARKER]]
    assert claim_held_save(db.session, author, again) is None  # once
    assert claim_held_save(db.session, author, "") is None


# ---- the endpoints -------------------------------------------------------------------------

def test_saving_a_draft_needs_the_csrf_token(app, client, officer, csrf_on):
    page = client.get("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text_of(page)).group(1)
    client.post("/login", data={"email": officer.email, "password": "correct battery horse "
                                "staple 42", "csrf_token": token})
    form = text_of(client.get("/meetings/new"))
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    assert _draft(client, "/meetings/new", [["title", MARKER]]).status_code == 400
    assert client.delete("/drafts/form?path=/meetings/new").status_code == 400
    response = _draft(client, "/meetings/new", [["title", MARKER]], **{"X-CSRFToken": token})
    assert response.status_code == 200 and response.get_json()["saved"] is True
    assert client.get("/drafts/form?path=/meetings/new").get_json()["fields"] == [
        ["title", MARKER]]


def test_the_form_page_marks_its_form_and_loads_the_script(officer_client):
    page = text_of(officer_client.get("/meetings/new"))
    assert 'data-draft="/drafts/form"' in page and "drafts.js" in page
    assert 'data-draft="/drafts/form"' in text_of(officer_client.get("/persons/new"))
    assert "data-draft" not in text_of(officer_client.get("/account/password"))


def test_another_users_draft_is_never_read(app, client, officer, make_user):
    login(client, officer.email)
    assert _draft(client, "/meetings/new", [["notes", MARKER]]).status_code == 200
    client.post("/logout")
    other = make_user("officer", email="other@parley.example")
    login(client, other.email)
    response = client.get("/drafts/form?path=/meetings/new")  # the other's own: none
    assert response.status_code == 204 and MARKER not in text_of(response)
    assert client.delete("/drafts/form?path=/meetings/new").status_code == 204
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 1


@pytest.mark.parametrize("path", ["/meetings/1/archive", "/logout", "/nowhere", "meetings/new",
                                  "/meetings/99999/edit", "x" * 400, ""])
def test_only_long_forms_keep_drafts(officer_client, path):
    assert _draft(officer_client, path, [["title", "x"]]).status_code == 404
    assert officer_client.get("/drafts/form", query_string={"path": path}).status_code == 404


@pytest.mark.parametrize("fields", ["not json", '{"a": 1}', '[["a"]]', '[["a", 1]]'])
def test_a_malformed_draft_gets_a_message(officer_client, fields):
    response = officer_client.post("/drafts/form", data={"path": "/meetings/new",
                                                         "fields": fields})
    assert response.status_code == 400 and "could not be read" in response.get_json()["error"]


def test_a_viewer_keeps_no_drafts(viewer_client):
    assert _draft(viewer_client, "/meetings/new", [["title", "x"]]).status_code == 403


def test_a_draft_of_a_record_now_hidden_is_not_found(app, officer_client, world):
    meeting = make_meeting(app, title="Meeting to be hidden")
    assert _draft(officer_client, f"/meetings/{meeting}/edit", [["notes", MARKER]]).status_code == 200
    hidden_edit = f"/persons/{world['hidden']}/edit"
    assert _draft(officer_client, hidden_edit, [["notes", MARKER]]).status_code == 404
    assert officer_client.get("/drafts/form", query_string={"path": hidden_edit}).status_code == 404


def test_restoring_never_reveals_a_record_the_author_cannot_see(officer_client, world):
    hidden, anna = world["hidden"], world["anna"]
    pairs = [["title", "Meeting"], ["their_attendees", str(anna)],
             ["their_attendees", str(hidden)], ["their_attendees-text", ""],
             ["follow_ups-0-description", "Call back"],
             ["follow_ups-0-owner", f"p{hidden}"], ["follow_ups-0-owner-text", "Hidden Witness"],
             ["follow_ups-1-owner", f"p{anna}"], ["follow_ups-1-owner-text", "Anna"],
             ["raisings-0-with_whom", "new0"], ["event_id", "999999"],
             ["event_id-text", "Secret gathering"]]
    assert _draft(officer_client, "/meetings/new", pairs).status_code == 200
    response = officer_client.get("/drafts/form?path=/meetings/new")
    body = response.get_data(as_text=True)
    draft = response.get_json()
    assert "Hidden Witness" not in body and "Secret gathering" not in body
    assert [str(hidden)] not in [[v] for n, v in draft["fields"] if n == "their_attendees"]
    assert ["their_attendees", str(anna)] in draft["fields"]
    assert draft["labels"]["their_attendees"] == {
        str(anna): "Anna Desk (Desk Officer for Kazakhstan, EEAS)"}
    assert ["follow_ups-0-owner", ""] in draft["fields"]
    assert ["follow_ups-0-owner-text", ""] in draft["fields"]
    assert ["follow_ups-1-owner-text", "Anna Desk"] in draft["fields"]  # the current label
    assert ["raisings-0-with_whom", "new0"] in draft["fields"]
    assert draft["left_out"].startswith("3 records named in the draft are not in Parley, or "
                                        "not available to you")


def test_autosaving_keeps_the_session_alive(app, officer_client):
    with officer_client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - app.config["PARLEY_IDLE_TIMEOUT"] + 60
    assert _draft(officer_client, "/meetings/new", [["title", "x"]]).status_code == 200
    with officer_client.session_transaction() as session:
        assert session["seen_at"] >= int(time.time()) - 5


def test_saving_the_form_deletes_its_draft_and_a_refused_save_keeps_it(
        app, officer_client, officer, world):
    _draft(officer_client, "/meetings/new", [["title", "Draft"]])
    response = officer_client.post("/meetings/new", data=log_form(world, officer.id, ends_time="09:00"))
    assert response.status_code == 422
    assert 'data-draft-posted' in text_of(response)
    assert officer_client.get("/drafts/form?path=/meetings/new").status_code == 200
    response = officer_client.post("/meetings/new", data=log_form(world, officer.id))
    assert response.status_code == 302
    assert officer_client.get("/drafts/form?path=/meetings/new").status_code == 204


# ---- a save meeting an ended session --------------------------------------------------------

def _end_by_idle_clock(app, client) -> None:
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - app.config["PARLEY_IDLE_TIMEOUT"] - 1


def _end_by_signing_out_elsewhere(app, client, email: str) -> None:
    with app.app_context():
        _user(email).rotate_session()
        db.session.commit()


def _resume_and_post(client, response):
    """Follow sign-in to the page completing the held save, and post its form as the
    browser's script does."""
    assert response.status_code == 302 and response.headers["Location"] == "/drafts/resume"
    page = client.get("/drafts/resume")
    assert page.status_code == 200
    body = text_of(page)
    action = re.search(r'<form method="post" action="([^"]+)" data-draft-resume>', body).group(1)
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', body)
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return client.post(action, data=data), body


@pytest.mark.parametrize("end", ["idle", "signed out elsewhere"])
def test_a_save_on_an_ended_session_is_completed_after_signing_in(app, client, officer,
                                                                   world, end):
    login(client, officer.email)
    if end == "idle":
        _end_by_idle_clock(app, client)
    else:
        _end_by_signing_out_elsewhere(app, client, officer.email)
    data = log_form(world, officer.id, notes=MARKER)
    response = client.post("/meetings/new", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "Sign in again: Parley then completes the save" in text_of(client.get("/login"))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
        assert db.session.scalar(select(func.count()).select_from(HeldSave)) == 1
        raw = db.session.execute(text("SELECT fields FROM held_saves")).scalar_one()
        assert "Zebrafinch" not in str(raw)
    saved, page = _resume_and_post(client, login(client, officer.email))
    assert "Completing your save" in page
    assert saved.status_code == 302 and saved.headers["Location"].startswith("/meetings/")
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.title == data["title"] and meeting.notes == MARKER
        assert len(meeting.raisings) == 2 and len(meeting.follow_ups) == 2
        assert {p.full_name for p in meeting.their_attendees} == {
            "Anna Desk", "Bolat Zhylanbaev", "Chris Newcomer"}
        assert db.session.scalar(select(func.count()).select_from(HeldSave)) == 0
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
        assert "save_held" in db.session.scalars(text("SELECT action FROM audit_events")).all()
    again = login(client, officer.email)
    assert again.headers["Location"] != "/drafts/resume"  # once only


def test_the_held_save_waits_for_the_second_factor(app, client, make_user, world):
    user = make_user("officer", second_factor=True, email="two@parley.example")
    login(client, user.email)
    _end_by_idle_clock(app, client)
    client.post("/meetings/new", data=log_form(world, user.id, notes=MARKER))
    response = client.post("/login", data={"email": user.email,
                                           "password": "correct battery horse staple 42"})
    assert response.headers["Location"].startswith("/login/code")
    assert client.get("/drafts/resume").status_code == 302  # not signed in yet
    from tests.support.signing_in import totp_code
    response = client.post(response.headers["Location"],
                           data={"code": totp_code(app, user.email)})
    saved, _ = _resume_and_post(client, response)
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Meeting.notes)) == MARKER


def test_another_user_signing_in_never_completes_the_held_save(app, client, officer,
                                                                make_user, world):
    other = make_user("officer", email="other@parley.example")
    login(client, officer.email)
    _end_by_idle_clock(app, client)
    client.post("/meetings/new", data=log_form(world, officer.id, notes=MARKER))
    response = login(client, other.email)
    assert response.headers["Location"] == "/"
    assert client.get("/drafts/resume").headers["Location"] == "/"
    assert MARKER not in text_of(client.get("/meetings/new"))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_a_held_save_that_fails_validation_comes_back_with_its_messages(app, client, officer,
                                                                       world):
    login(client, officer.email)
    _end_by_idle_clock(app, client)
    client.post("/meetings/new", data=log_form(world, officer.id, ends_time="09:00", notes=MARKER))
    refused, _ = _resume_and_post(client, login(client, officer.email))
    assert refused.status_code == 422
    body = text_of(refused)
    assert MARKER in body and "data-draft-posted" in body
    assert client.get("/drafts/form?path=/meetings/new").status_code == 200  # still kept


def test_a_post_of_a_short_form_on_an_ended_session_is_not_held(app, client, officer):
    login(client, officer.email)
    _end_by_idle_clock(app, client)
    response = client.post("/account/time-zone", data={"time_zone": "Europe/Brussels"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HeldSave)) == 0


def test_a_restricted_name_in_a_drafts_text_is_masked(app, officer_client, world):
    from app.models import Person, PersonName
    with app.app_context():
        hidden = db.session.get(Person, world["hidden"])
        hidden.other_names.append(PersonName(name="Динара Смаилова", script="Cyrillic"))
        db.session.commit()
    notes = "Spoke about Hidden Witness, also written Динара Смаилова."
    _draft(officer_client, "/meetings/new", [["notes", notes]])
    body = officer_client.get("/drafts/form?path=/meetings/new").get_data(as_text=True)
    assert "Hidden Witness" not in body and "Смаилова" not in body
    assert "Spoke about [restricted], also written [restricted]." in body


def test_expired_drafts_are_deleted_by_the_command_and_at_sign_in(app, runner, client, officer):
    with app.app_context():
        author = db.session.get(User, officer.id)
        save_draft(db.session, author, "/meetings/new", [["title", "Old"]])
        save_draft(db.session, author, "/persons/new", [["full_name", "Old too"]])
        db.session.execute(Draft.__table__.update().values(
            updated_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    result = runner.invoke(args=["delete-expired-drafts"])
    assert result.exit_code == 0 and "Deleted 2 expired draft(s)" in result.output
    with app.app_context():
        author = db.session.get(User, officer.id)
        save_draft(db.session, author, "/meetings/new", [["title", "Old"]])
        db.session.execute(Draft.__table__.update().values(
            updated_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    login(client, officer.email)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
