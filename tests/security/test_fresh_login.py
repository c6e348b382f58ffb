"""Fresh login: exports, issuing an external pack and user administration need a sign-in or
re-authentication within the last 10 minutes; staleness is simulated by moving the session's
timestamp back."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, DialogueEvent, Meeting, Pack, Person, User
from app.security.fresh import FRESH_KEY
from tests.support.packs import candidate_ids, form_for
from tests.support.signing_in import PASSWORD, reauth


def make_stale(client, minutes: int = 11) -> None:
    """Pretend the last authentication was ``minutes`` ago."""
    with client.session_transaction() as session:
        session[FRESH_KEY] = int(time.time()) - minutes * 60


def _sent_to_reauth(response, next_path: str) -> None:
    assert response.status_code == 302, response.status_code
    location = urlsplit(response.headers["Location"])
    assert location.path == "/reauth", response.headers["Location"]
    assert parse_qs(location.query) == {"next": [next_path]}, response.headers["Location"]


@pytest.fixture()
def person_id(app):
    """One normal person to export."""
    with app.app_context():
        person = Person(full_name="Erlan Exportable")
        db.session.add(person)
        db.session.commit()
        return person.id


@pytest.mark.parametrize("path, mimetype", [
    ("/exports/persons.csv", "text/csv"),
    ("/exports/persons.vcf", "text/vcard"),
    ("/exports/persons.vcf?version=3.0", "text/vcard"),
])
def test_person_exports_need_a_fresh_login(officer_client, person_id, path, mimetype):
    make_stale(officer_client)
    response = officer_client.get(path)
    _sent_to_reauth(response, path)
    assert "Erlan Exportable" not in response.get_data(as_text=True)
    page = officer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Confirm it is you to continue." in page
    assert "Confirm it is you" in page and 'name="code"' not in page
    back = reauth(officer_client, "officer@parley.example", next_path=path)
    assert back.status_code == 302 and back.headers["Location"] == path
    download = officer_client.get(path)
    assert download.status_code == 200 and download.mimetype == mimetype
    assert "Erlan Exportable" in download.get_data(as_text=True)


def test_exports_work_right_after_signing_in(officer_client, person_id):
    response = officer_client.get("/exports/persons.csv")
    assert response.status_code == 200 and "Erlan Exportable" in response.get_data(as_text=True)


def test_nine_minutes_is_still_fresh(officer_client, person_id):
    make_stale(officer_client, minutes=9)
    assert officer_client.get("/exports/persons.csv").status_code == 200


def test_a_session_without_a_timestamp_is_stale(officer_client, person_id):
    with officer_client.session_transaction() as session:
        session.pop(FRESH_KEY)
    _sent_to_reauth(officer_client.get("/exports/persons.csv"), "/exports/persons.csv")


def test_subject_access_export_needs_a_fresh_login_with_a_code(app, admin_client, person_id):
    path = f"/exports/subject-access/{person_id}"
    make_stale(admin_client)
    _sent_to_reauth(admin_client.get(path), path)
    page = admin_client.get(f"/reauth?next={path}").get_data(as_text=True)
    assert 'name="code"' in page, "an admin with a factor must give a code to re-authenticate"
    refused = admin_client.post(f"/reauth?next={path}", data={"password": PASSWORD})
    assert refused.status_code == 401
    assert "The password or the code is not right." in refused.get_data(as_text=True)
    _sent_to_reauth(admin_client.get(path), path)
    back = reauth(admin_client, "admin@parley.example", next_path=path)
    assert back.headers["Location"] == path
    response = admin_client.get(path)
    assert response.status_code == 200 and response.get_json()["person"]["full_name"] == \
        "Erlan Exportable"
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "reauth_failed" in actions and "reauthenticated" in actions


def test_reauth_refuses_a_wrong_password(officer_client):
    make_stale(officer_client)
    response = officer_client.post("/reauth?next=/exports/persons.csv",
                                   data={"password": "not my password at all"})
    assert response.status_code == 401
    assert "This is not your password." in response.get_data(as_text=True)
    _sent_to_reauth(officer_client.get("/exports/persons.csv"), "/exports/persons.csv")


def test_reauth_next_only_redirects_inside_parley(officer_client):
    make_stale(officer_client)
    response = officer_client.post("/reauth?next=https://evil.example/x",
                                   data={"password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_eleventh_bad_reauth_is_throttled(officer_client):
    make_stale(officer_client)
    for _ in range(10):
        assert officer_client.post("/reauth", data={"password": "wrong wrong wrong"}
                                   ).status_code == 401
    assert officer_client.post("/reauth", data={"password": PASSWORD}).status_code == 429


@pytest.fixture()
def gov(app, demo):
    """Id of the demo meeting with the government delegation."""
    with app.app_context():
        return db.session.scalar(select(Meeting.id).where(
            Meeting.title.startswith("Government delegation")))


def _packs(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Pack))


def test_issuing_an_external_pack_needs_a_fresh_login(app, officer_client, gov):
    page = f"/meetings/{gov}/pack"
    data = form_for(candidate_ids(app, gov), issue="Issue pack", audience="external",
                    format="md")
    make_stale(officer_client)
    assert officer_client.get(page).status_code == 200, "the form page itself stays open"
    response = officer_client.post(page, data=data)
    _sent_to_reauth(response, page)
    assert _packs(app) == 0, "a stale session issued an external pack"
    assert "repeat the action" in officer_client.get(
        response.headers["Location"]).get_data(as_text=True)
    back = reauth(officer_client, "officer@parley.example", next_path=page)
    assert back.headers["Location"] == page
    assert officer_client.post(page, data=data).status_code == 302
    assert _packs(app) == 1


def test_previews_and_internal_packs_do_not_ask_again(app, officer_client, gov):
    page = f"/meetings/{gov}/pack"
    make_stale(officer_client)
    preview = officer_client.post(page, data=form_for(
        candidate_ids(app, gov), preview="Preview (HTML)", audience="external"))
    assert preview.status_code == 200 and "For external use" in preview.get_data(as_text=True)
    issued = officer_client.post(page, data=form_for(
        candidate_ids(app, gov), issue="Issue pack", audience="internal", format="md"))
    assert issued.status_code == 302 and "/reauth" not in issued.headers["Location"]
    assert _packs(app) == 1


def test_issuing_an_external_event_brief_needs_a_fresh_login(app, officer_client, demo):
    with app.app_context():
        event_id = db.session.scalar(select(DialogueEvent.id).limit(1))
    page = f"/events/{event_id}/brief"
    make_stale(officer_client)
    response = officer_client.post(page, data={"audience": "external", "format": "md",
                                               "issue": "Issue pack"})
    _sent_to_reauth(response, page)
    assert _packs(app) == 0


def test_creating_a_user_needs_a_fresh_login(app, admin_client):
    make_stale(admin_client)
    assert admin_client.get("/admin/users").status_code == 200, "the list stays open"
    _sent_to_reauth(admin_client.get("/admin/users/new"), "/admin/users/new")
    response = admin_client.post("/admin/users/new", data={
        "name": "Nina New", "email": "nina@parley.example", "role": "admin",
        "clearance": "at_risk", "password": PASSWORD, "confirm": PASSWORD})
    _sent_to_reauth(response, "/admin/users/new")
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "nina@parley.example")) is None


def test_deactivating_and_changing_access_need_a_fresh_login(app, admin_client, officer):
    make_stale(admin_client)
    response = admin_client.post(f"/admin/users/{officer.id}/deactivate")
    _sent_to_reauth(response, "/admin/users")
    access = f"/admin/users/{officer.id}/access"
    _sent_to_reauth(admin_client.post(access, data={"role": "admin", "clearance": "at_risk"}),
                    access)
    with app.app_context():
        user = db.session.get(User, officer.id)
        assert user.is_active_account and user.role.value == "officer"
    reauth(admin_client, "admin@parley.example", next_path="/admin/users")
    assert admin_client.post(f"/admin/users/{officer.id}/deactivate").status_code == 302
    with app.app_context():
        assert not db.session.get(User, officer.id).is_active_account


def test_the_protected_endpoints_carry_the_decorator(app):
    marked = {endpoint for endpoint, view in app.view_functions.items()
              if getattr(view, "parley_fresh_login", False)}
    assert {"exports.persons_csv_download", "exports.persons_vcard_download",
            "exports.subject_access", "admin.new_user", "admin.deactivate",
            "admin.reactivate", "admin.edit_access"} <= marked
