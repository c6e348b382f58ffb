"""Pentest findings on signing in: weak passwords, account enumeration by timing, one shared
address behind a proxy, no HSTS."""

from __future__ import annotations

import secrets

import pytest
from argon2 import PasswordHasher, extract_parameters

from app import create_app
from app.extensions import db, limiter
from app.models import User
from app.security import passwords
from app.security.passwords import password_problem
from tests.support.signing_in import PASSWORD, login

# --------------------------------------------------------------- common passwords (zxcvbn)


@pytest.mark.parametrize("password", ["password12345678", "qwertyuiop123456789",
                                      "passwordpassword", "iloveyouiloveyou1",
                                      "administrator123"])
def test_common_passwords_of_15_characters_are_refused(password):
    assert password_problem(password) == (
        "This password is too easy to guess; choose a passphrase of your own.")


@pytest.mark.parametrize("password", [
    PASSWORD, "a fresh passphrase for parley 2026", "a long enough passphrase 77",
    "river lantern oak 1917 stone", "Гульнара любит чай с лимоном",
    secrets.token_urlsafe(18), secrets.token_urlsafe(24)],
    ids=["conftest", "account test", "cli test", "words", "cyrillic", "ensure-admin", "demo"])
def test_real_passphrases_and_generated_passwords_are_accepted(password):
    assert password_problem(password) is None


def test_short_passwords_are_still_refused_first():
    assert password_problem("Xk9#mQ2$vL7!") == "Use at least 15 characters."


def test_a_common_password_is_refused_on_the_account_page(viewer_client):
    page = viewer_client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "password12345678",
        "confirm_password": "password12345678"}).get_data(as_text=True)
    assert "This password is too easy to guess" in page


def test_ensure_admin_generates_a_password_the_policy_accepts(app, runner, monkeypatch):
    monkeypatch.delenv("PARLEY_ADMIN_PASSWORD", raising=False)
    result = runner.invoke(args=["ensure-admin"])
    assert result.exit_code == 0, result.output
    generated = result.output.rsplit(": ", 1)[1].strip()
    assert password_problem(generated) is None


# --------------------------------------------------------------- login timing


class RecordingHasher(PasswordHasher):
    """argon2id with the library's real parameters, noting every hash it verifies."""

    def __init__(self) -> None:
        super().__init__()
        self.verified: list[str] = []

    def verify(self, hash, password):
        """Record, then verify for real."""
        self.verified.append(hash)
        return super().verify(hash, password)


@pytest.fixture()
def real_hashing(monkeypatch):
    """Real (slow) argon2id parameters for one test, with a record of verifications."""
    hasher = RecordingHasher()
    monkeypatch.setattr(passwords, "_hasher", hasher)
    return hasher


def test_unknown_and_deactivated_accounts_still_run_argon2(app, client, make_user,
                                                          real_hashing):
    real = PasswordHasher()
    gone = make_user("officer", email="gone@parley.example", is_active_account=False)
    for email in ("nobody@parley.example", gone.email):
        real_hashing.verified.clear()
        response = login(client, email, "some wrong passphrase 12")
        assert response.status_code == 401
        assert "Email or password is not correct." in response.get_data(as_text=True)
        assert len(real_hashing.verified) == 1, email
        (checked,) = real_hashing.verified
        assert extract_parameters(checked) == extract_parameters(real.hash("x")), email
    with app.app_context():
        assert db.session.get(User, gone.id).password_hash not in real_hashing.verified


def test_a_real_account_runs_argon2_once_too(app, client, officer, real_hashing):
    assert login(client, officer.email, "some wrong passphrase 12").status_code == 401
    assert len(real_hashing.verified) == 1


# --------------------------------------------------------------- trusted proxies


@pytest.fixture()
def proxied_app(app):
    """A second app on the same database, behind one trusted proxy."""
    behind = create_app({**{k: app.config[k] for k in (
        "TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "WTF_CSRF_ENABLED",
        "SESSION_COOKIE_SECURE", "PARLEY_ENV")}, "PARLEY_TRUSTED_PROXIES": 1,
        "PARLEY_LOGIN_LIMIT": "3 per 15 minutes"})
    limiter.reset()
    yield behind
    limiter.reset()
    with behind.app_context():
        db.session.remove()
        db.engine.dispose()


def _bad_logins(client, address: str, count: int) -> list[int]:
    return [client.post("/login", data={"email": f"u{n}@{address}.example", "password": "x"},
                        headers={"X-Forwarded-For": address}).status_code
            for n in range(count)]


@pytest.mark.truncate("a second app on the test database writes through its own engine")
def test_with_a_trusted_proxy_each_client_address_is_throttled_apart(proxied_app):
    client = proxied_app.test_client()
    assert _bad_logins(client, "203.0.113.1", 4) == [401, 401, 401, 429]
    assert _bad_logins(client, "203.0.113.2", 1) == [401]


def test_without_trusted_proxies_the_forwarded_header_is_ignored(app, client, monkeypatch):
    assert app.config["PARLEY_TRUSTED_PROXIES"] == 0
    monkeypatch.setitem(app.config, "PARLEY_LOGIN_LIMIT", "3 per 15 minutes")
    assert _bad_logins(client, "203.0.113.1", 3) == [401, 401, 401]
    assert _bad_logins(client, "203.0.113.2", 1) == [429]


# --------------------------------------------------------------- HSTS


def test_hsts_is_sent_in_production_only(app, client, monkeypatch):
    hsts = "max-age=31536000; includeSubDomains"
    monkeypatch.setitem(app.config, "PARLEY_ENV", "production")
    assert client.get("/login").headers.get("Strict-Transport-Security") == hsts
    for env in ("development", "testing"):
        monkeypatch.setitem(app.config, "PARLEY_ENV", env)
        assert "Strict-Transport-Security" not in client.get("/login").headers


def test_a_sign_in_renews_a_hash_made_with_older_parameters(app, client, make_user):
    user = make_user("officer", email="old.hash@parley.example")
    old = PasswordHasher(time_cost=1, memory_cost=2048, parallelism=2).hash(PASSWORD)
    with app.app_context():
        db.session.get(User, user.id).password_hash = old
        db.session.commit()
    assert login(client, user.email).status_code == 302
    with app.app_context():
        renewed = db.session.get(User, user.id).password_hash
    assert renewed != old and not passwords._hasher.check_needs_rehash(renewed)
    assert passwords.ARGON2_PARAMETERS == {"time_cost": 2, "memory_cost": 19456, "parallelism": 1}
