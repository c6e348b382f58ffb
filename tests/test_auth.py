"""Signing in and out, throttling, session invalidation, CSRF."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User
from tests.support.signing_in import PASSWORD, login


def test_login_success_shows_dashboard(client, officer):
    response = login(client, officer.email)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    page = client.get("/").get_data(as_text=True)
    assert "Dashboard" in page and "Olga Officer" in page


def test_login_failure_says_so_and_is_audited(app, client, officer):
    response = login(client, officer.email, "wrong password entirely")
    assert response.status_code == 401
    assert "Email or password is not correct." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "login_failed" in actions


def test_email_is_case_insensitive(client, officer):
    assert login(client, officer.email.upper()).status_code == 302


def test_deactivated_user_cannot_sign_in(app, client, make_user):
    user = make_user("officer", is_active_account=False)
    assert login(client, user.email).status_code == 401


def test_logout_is_post_and_ends_session_server_side(client, officer):
    login(client, officer.email)
    cookie = client.get_cookie("session").value
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    client.set_cookie("session", cookie)  # replay the old cookie
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_next_only_redirects_inside_parley(client, officer):
    response = client.post("/login?next=https://evil.example/x",
                           data={"email": officer.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=//evil.example",
                           data={"email": officer.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_eleventh_bad_try_is_throttled(client, officer):
    for _ in range(10):
        assert login(client, officer.email, "not the password at all").status_code == 401
    assert login(client, officer.email, "not the password at all").status_code == 429


def test_throttle_is_per_account_too(app, client, officer):
    for i in range(10):
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{i + 1}"
        assert login(client, officer.email, "wrong wrong wrong").status_code == 401
    client.environ_base["REMOTE_ADDR"] = "10.0.1.1"
    assert login(client, officer.email, "wrong wrong wrong").status_code == 429


def test_csrf_refuses_login_without_token(client, officer, csrf_on):
    response = login(client, officer.email)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)


def test_csrf_token_from_the_page_is_accepted(client, officer, csrf_on):
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": officer.email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_csrf_refuses_logout_without_token(client, officer, csrf_on):
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": officer.email, "password": PASSWORD, "csrf_token": token})
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200


def test_password_hash_is_argon2id(app, officer):
    with app.app_context():
        user = db.session.get(User, officer.id)
        assert user.password_hash.startswith("$argon2id$")
