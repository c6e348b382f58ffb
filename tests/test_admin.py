"""User administration: list, create with role and clearance, deactivate ends sessions."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role, Sensitivity, User
from tests.support.signing_in import PASSWORD, login


def test_admin_lists_and_creates_users(app, admin_client, officer):
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert "Olga Officer" in page and "officer@parley.example" in page
    response = admin_client.post("/admin/users/new", data={
        "name": "Nina New", "email": "Nina@Parley.example", "role": "viewer",
        "clearance": "confidential", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "nina@parley.example"))
        assert user.role is Role.VIEWER and user.clearance is Sensitivity.CONFIDENTIAL
        assert user.password_hash != PASSWORD
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_created"))
    assert "Nina New" in admin_client.get("/admin/users").get_data(as_text=True)


def test_bad_user_input_gets_messages(admin_client, officer):
    response = admin_client.post("/admin/users/new", data={
        "name": "", "email": "officer@parley.example", "role": "overlord",
        "clearance": "normal", "password": "short", "confirm": "different"})
    text = response.get_data(as_text=True)
    assert "This field is required." in text
    assert "A user with this email already exists." in text
    assert "Use at least 15 characters." in text
    assert "The two passwords differ." in text
    assert "Not a valid choice" in text


def test_deactivation_ends_the_users_sessions(app, admin, officer):
    officer_browser = app.test_client()
    assert login(officer_browser, officer.email).status_code == 302
    assert officer_browser.get("/persons/").status_code == 200
    admin_browser = app.test_client()
    login(admin_browser, admin.email)
    response = admin_browser.post(f"/admin/users/{officer.id}/deactivate")
    assert response.status_code == 302
    assert "deactivated" in admin_browser.get("/admin/users").get_data(as_text=True)
    replay = officer_browser.get("/persons/")
    assert replay.status_code == 302 and "/login" in replay.headers["Location"]
    assert login(app.test_client(), officer.email).status_code == 401
    admin_browser.post(f"/admin/users/{officer.id}/reactivate")
    assert login(app.test_client(), officer.email).status_code == 302


def test_admin_cannot_deactivate_themself(app, admin_client, admin):
    admin_client.post(f"/admin/users/{admin.id}/deactivate")
    assert admin_client.get("/admin/users").status_code == 200


def test_officer_and_viewer_are_refused(app, officer_client, viewer):
    assert officer_client.get("/admin/users").status_code == 403
    response = officer_client.post(f"/admin/users/{viewer.id}/deactivate")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(User, viewer.id).is_active_account is True


def test_admin_changes_role_and_clearance(app, admin_client, admin, officer):
    page = admin_client.get(f"/admin/users/{officer.id}/access").get_data(as_text=True)
    assert "Access of Olga Officer" in page
    response = admin_client.post(f"/admin/users/{officer.id}/access", data={
        "role": "viewer", "clearance": "normal"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, officer.id)
        assert user.role is Role.VIEWER and user.clearance is Sensitivity.NORMAL
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "user_access_changed"))
        assert event.changes["role"] == ["officer", "viewer"]
    response = admin_client.post(f"/admin/users/{admin.id}/access", data={
        "role": "officer", "clearance": "normal"})
    assert "You cannot take the admin role from yourself." in response.get_data(as_text=True)
