"""The TOTP second factor: two-step sign-in, replay refusal, recovery codes, throttling,
the set-up that admins (and everyone under PARLEY_REQUIRE_2FA) cannot skip, and reset-2fa."""

from __future__ import annotations

import json
import re
import time

import pyotp
import pytest
from sqlalchemy import func, select

from app.config import load_environment
from app.extensions import db
from app.models import AuditEvent, RecoveryCode, User
from tests.support.signing_in import PASSWORD, login


def _secret(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).totp_secret


def _password_step(client, email: str, next_path: str | None = None):
    url = f"/login?next={next_path}" if next_path else "/login"
    response = client.post(url, data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/code")
    return response


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def _actions(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def _set_up_on_the_web(client) -> tuple[str, list[str]]:
    """Set up TOTP through the account pages; returns the secret and the recovery codes."""
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    secret = re.search(r'data-secret="([A-Z2-7]{32})"', page).group(1)
    response = client.post("/account/two-factor/setup", data={
        "secret": secret, "code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", text)
    assert len(codes) == 10 and "shown only now" in text
    return secret, codes


def test_a_code_is_required_after_the_password(app, client, make_user):
    admin = make_user("admin", name="Ada Admin")
    _password_step(client, admin.email)
    assert not _signed_in(client), "the password alone must not sign an admin in"
    assert "Enter your code" in client.get("/login/code").get_data(as_text=True)
    response = client.post("/login/code", data={"code": pyotp.TOTP(_secret(app, admin.id)).now()})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Ada Admin" in client.get("/").get_data(as_text=True)
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login")).one()
        assert event.user_id == admin.id and event.changes == {"second_factor": "totp"}


def test_the_code_step_keeps_next_inside_parley(app, client, make_user):
    admin = make_user("admin")
    _password_step(client, admin.email, next_path="/persons/")
    response = client.post("/login/code?next=/persons/",
                           data={"code": pyotp.TOTP(_secret(app, admin.id)).now()})
    assert response.headers["Location"] == "/persons/"


def test_the_code_step_needs_the_password_step_first(client):
    response = client.post("/login/code", data={"code": "123456"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert not _signed_in(client)


def test_the_code_step_expires(app, client, make_user):
    admin = make_user("admin")
    _password_step(client, admin.email)
    with client.session_transaction() as session:
        pending = session["pending_login"]
        pending["at"] -= app.config["PARLEY_LOGIN_CODE_SECONDS"] + 1
        session["pending_login"] = pending
    response = client.post("/login/code", data={"code": pyotp.TOTP(_secret(app, admin.id)).now()})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert not _signed_in(client)


def test_a_wrong_code_is_refused_and_audited(app, client, make_user):
    admin = make_user("admin")
    _password_step(client, admin.email)
    good = pyotp.TOTP(_secret(app, admin.id)).now()
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post("/login/code", data={"code": wrong})
    assert response.status_code == 401
    assert "This code is not right, or it has been used already." in response.get_data(
        as_text=True)
    assert not _signed_in(client)
    with app.app_context():
        failed = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "login_failed")).one()
        assert failed.entity_id == admin.id and failed.changes == {"step": "code"}


def test_a_replayed_code_is_refused(app, client, make_user):
    admin = make_user("admin")
    totp = pyotp.TOTP(_secret(app, admin.id))
    code = totp.now()
    _password_step(client, admin.email)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    client.post("/logout")
    _password_step(client, admin.email)
    response = client.post("/login/code", data={"code": code})
    assert response.status_code == 401, "the same code was accepted twice"
    assert not _signed_in(client)
    older = totp.at(time.time() - 30)
    assert client.post("/login/code", data={"code": older}).status_code == 401, \
        "a code older than the last one used was accepted"


def test_a_recovery_code_works_once(app, client, officer):
    login(client, officer.email)
    _, codes = _set_up_on_the_web(client)
    client.post("/logout")
    _password_step(client, officer.email)
    spaced = codes[3].upper().replace("-", " ")  # as read aloud or typed from paper
    assert client.post("/login/code", data={"code": spaced}).status_code == 302
    assert _signed_in(client)
    client.post("/logout")
    _password_step(client, officer.email)
    response = client.post("/login/code", data={"code": codes[3]})
    assert response.status_code == 401, "a recovery code was accepted twice"
    assert not _signed_in(client)
    assert "recovery_code_used" in _actions(app)
    login(client, officer.email)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "<strong>9</strong> unused recovery codes" in page


def test_recovery_codes_are_stored_hashed(app, client, officer):
    login(client, officer.email)
    _, codes = _set_up_on_the_web(client)
    with app.app_context():
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10 and all(h.startswith("$argon2id$") for h in hashes)
    stored = " ".join(hashes)
    assert not any(code.replace("-", "") in stored or code in stored for code in codes)


def test_eleventh_bad_code_is_throttled(app, client, make_user):
    admin = make_user("admin")
    _password_step(client, admin.email)
    for _ in range(10):
        assert client.post("/login/code", data={"code": "000000"}).status_code == 401
    response = client.post("/login/code", data={"code": pyotp.TOTP(_secret(app, admin.id)).now()})
    assert response.status_code == 429, "the 11th code was tried"
    assert not _signed_in(client)


def test_code_throttle_is_per_account_too(app, client, make_user):
    admin = make_user("admin")
    for i in range(10):
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{i + 1}"
        _password_step(client, admin.email)
        assert client.post("/login/code", data={"code": "000000"}).status_code == 401
    client.environ_base["REMOTE_ADDR"] = "10.0.1.1"
    _password_step(client, admin.email)
    assert client.post("/login/code", data={"code": "000000"}).status_code == 429


@pytest.mark.parametrize("method, path", [
    ("GET", "/"), ("GET", "/persons/"), ("GET", "/admin/users"), ("GET", "/account/password"),
    ("GET", "/account/two-factor"), ("GET", "/exports/persons.csv"), ("POST", "/persons/new"),
])
def test_admin_without_factor_is_sent_to_set_up_from_any_page(app, client, make_user,
                                                              method, path):
    admin = make_user("admin", second_factor=False)
    response = login(client, admin.email)
    assert response.status_code == 302
    response = client.open(path, method=method)
    assert response.status_code == 302, f"{method} {path} answered {response.status_code}"
    assert response.headers["Location"] == "/account/two-factor/setup"


def test_admin_sets_up_the_factor_and_may_then_go_anywhere(app, client, make_user):
    admin = make_user("admin", second_factor=False)
    login(client, admin.email)
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    assert "A second factor is required for your account" in page
    assert '<svg viewBox="' in page and 'class="qr-code"' in page, "no inline QR code"
    assert "<img" not in page
    assert client.post("/account/two-factor/setup", data={
        "secret": re.search(r'data-secret="([A-Z2-7]{32})"', page).group(1),
        "code": "000000"}).status_code == 200
    assert client.get("/persons/").status_code == 302
    _set_up_on_the_web(client)
    assert client.get("/persons/").status_code == 200
    assert client.get("/admin/users").status_code == 200
    assert client.post("/logout").status_code == 302


def test_wrong_first_code_keeps_the_same_secret_on_the_page(client, officer):
    login(client, officer.email)
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    secret = re.search(r'data-secret="([A-Z2-7]{32})"', page).group(1)
    again = client.post("/account/two-factor/setup", data={"secret": secret, "code": "12"})
    text = again.get_data(as_text=True)
    assert f'data-secret="{secret}"' in text and "This code does not match." in text


def test_officers_and_viewers_may_go_without_a_factor(officer_client, make_user):
    assert officer_client.get("/persons/").status_code == 200
    page = officer_client.get("/account/two-factor").get_data(as_text=True)
    assert "<strong>Off</strong>" in page and "Set up a second factor" in page


def test_require_2fa_setting_forces_officers(app, client, officer, monkeypatch):
    monkeypatch.setitem(app.config, "PARLEY_REQUIRE_2FA", True)
    login(client, officer.email)
    response = client.get("/persons/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/two-factor/setup"
    assert "A second factor is required for your account" in client.get(
        "/account/two-factor/setup").get_data(as_text=True)
    monkeypatch.setitem(app.config, "PARLEY_REQUIRE_2FA", False)
    assert client.get("/persons/").status_code == 200


def test_require_2fa_is_read_from_the_environment(monkeypatch):
    config = {"PARLEY_REQUIRE_2FA": False}
    monkeypatch.setenv("PARLEY_REQUIRE_2FA", "1")
    load_environment(config)
    assert config["PARLEY_REQUIRE_2FA"] is True
    monkeypatch.setenv("PARLEY_REQUIRE_2FA", "0")
    load_environment(config)
    assert config["PARLEY_REQUIRE_2FA"] is False


def test_regenerate_and_disable_need_the_password(app, client, officer):
    login(client, officer.email)
    _, old_codes = _set_up_on_the_web(client)
    refused = client.post("/account/two-factor/recovery-codes",
                          data={"codes-password": "not my password at all"})
    assert refused.status_code == 400 and "This is not your password." in refused.get_data(
        as_text=True)
    response = client.post("/account/two-factor/recovery-codes",
                           data={"codes-password": PASSWORD})
    new_codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>",
                           response.get_data(as_text=True))
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    refused = client.post("/account/two-factor/disable", data={"off-password": "wrong wrong"})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User.totp_secret).where(User.id == officer.id))
    assert client.post("/account/two-factor/disable",
                       data={"off-password": PASSWORD}).status_code == 302
    with app.app_context():
        user = db.session.get(User, officer.id)
        assert user.totp_secret is None and not user.has_second_factor
        assert db.session.scalar(select(func.count()).select_from(RecoveryCode)) == 0
    client.post("/logout")
    assert login(client, officer.email).headers["Location"] == "/", "password alone again"
    actions = _actions(app)
    assert {"second_factor_enabled", "recovery_codes_regenerated",
            "second_factor_disabled"} <= set(actions)


def test_an_admin_who_removes_the_factor_must_set_up_a_new_one(app, admin_client):
    response = admin_client.post("/account/two-factor/disable", data={"off-password": PASSWORD})
    assert response.headers["Location"] == "/account/two-factor/setup"
    assert admin_client.get("/").headers["Location"] == "/account/two-factor/setup"


def test_secret_and_codes_are_never_in_the_audit_log(app, client, officer):
    login(client, officer.email)
    secret, codes = _set_up_on_the_web(client)
    client.post("/account/two-factor/recovery-codes", data={"codes-password": PASSWORD})
    with app.app_context():
        changes = db.session.scalars(select(AuditEvent.changes)).all()
    logged = json.dumps(changes)
    assert secret not in logged
    assert not any(code in logged or code.replace("-", "") in logged for code in codes)


def test_reset_2fa_clears_the_factor_ends_sessions_and_is_audited(app, runner, admin_client,
                                                                   admin):
    secret = _secret(app, admin.id)
    result = runner.invoke(args=["reset-2fa", "--email", admin.email.upper()])
    assert result.exit_code == 0, result.output
    assert "cleared for admin@parley.example" in result.output
    with app.app_context():
        user = db.session.get(User, admin.id)
        assert user.totp_secret is None and user.totp_last_counter is None
        assert db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
            RecoveryCode.user_id == admin.id)) == 0
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "second_factor_disabled")).one()
        assert event.entity_id == admin.id and event.changes["by"] == "command line"
        assert secret not in json.dumps(db.session.scalars(select(AuditEvent.changes)).all())
    assert admin_client.get("/").headers["Location"].startswith("/login"), "session not ended"
    login(admin_client, admin.email)
    assert admin_client.get("/").headers["Location"] == "/account/two-factor/setup"


def test_reset_2fa_for_an_unknown_email_fails_in_one_line(runner, app):
    result = runner.invoke(args=["reset-2fa", "--email", "nobody@parley.example"])
    assert result.exit_code != 0
    assert result.output.strip() == "Error: No user with email nobody@parley.example."
