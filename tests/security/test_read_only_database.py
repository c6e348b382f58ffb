"""Pentest finding: on a read-only database every sign-in answered 500, and ``flask
create-user`` printed a traceback holding the password hash and the session token.

Now a database Parley cannot write answers a plain 503 page ("ask the administrator"), the
log names only the kind of trouble, commands print one line, and ``/healthz`` reports it.
The database is made read-only for a second app on the test database, through its engine:
SQLite's ``PRAGMA query_only`` or PostgreSQL's read-only transactions (files made read-only
with chmod stay writable for root, who runs these tests in containers).
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from app import create_app
from app.extensions import db
from app.models import AuditEvent, User
from tests.support.database import FIELD_KEY
from tests.support.signing_in import PASSWORD, login

pytestmark = pytest.mark.truncate(
    "a second app reads the test database through its own, read-only engine")

CANNOT_WRITE = "Parley cannot write to its database: ask the administrator."


def _read_only(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor.execute("PRAGMA query_only = ON")
    else:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()


@pytest.fixture()
def read_only_app(app, database_url):
    """A second Parley app on the test database, whose connections cannot write."""
    application = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret-key", "PARLEY_FIELD_KEYS": FIELD_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False, "PARLEY_ENV": "testing",
    })
    with application.app_context():
        engine = db.engine
    event.listen(engine, "connect", _read_only)
    yield application
    engine.dispose()


def _audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent))


def test_sign_in_on_a_read_only_database_answers_503_with_a_plain_message(
        read_only_app, make_user, caplog):
    user = make_user("officer", email="olga@parley.example")
    client = read_only_app.test_client()
    page = client.get("/login")
    assert page.status_code == 200 and 'name="password"' in page.get_data(as_text=True)
    response = login(client, user.email)
    body = response.get_data(as_text=True)
    assert response.status_code == 503
    assert CANNOT_WRITE in body
    assert "Traceback" not in body and "INSERT" not in body and "UPDATE" not in body
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("database ")]
    assert logged and "read-only" in logged[0] and "auth.login" in logged[0]
    assert "argon2" not in caplog.text and "INSERT" not in caplog.text


def test_healthz_says_writable_on_a_healthy_database(app):
    before = _audit_count(app)
    client = app.test_client()  # no sign-in
    for _ in range(30):  # monitoring polls often: never rate-limited
        response = client.get("/healthz")
        assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "writable": True}
    assert "Set-Cookie" not in response.headers
    assert _audit_count(app) == before


def test_healthz_says_not_writable_on_a_read_only_database(read_only_app):
    response = read_only_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"database": "ok", "writable": False}


def test_create_user_on_a_read_only_database_prints_one_line(read_only_app, app, monkeypatch):
    monkeypatch.setenv("PARLEY_PASSWORD", PASSWORD)
    result = read_only_app.test_cli_runner().invoke(args=[
        "create-user", "--email", "new.officer@parley.example", "--name", "New Officer"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("Error: Parley's database is read-only: nothing was saved.")
    assert "argon2" not in result.output and "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(
            select(User).where(User.email == "new.officer@parley.example")) is None
