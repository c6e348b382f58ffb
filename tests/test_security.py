"""Headers, the ORM visibility rule, the audit log, optimistic locking and start-up rules."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm.exc import StaleDataError

from app import ConfigurationError, create_app
from app.extensions import db
from app.models import AuditEvent, Case, Meeting, Person, Sensitivity, utcnow
from app.security.visibility import levels_for


def test_security_headers_on_every_response(client, officer):
    for response in (client.get("/login"), client.get("/static/parley.css")):
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
        assert "http" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        response.close()
    from tests.support.signing_in import login

    login(client, officer.email)
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_session_cookie_flags(app, client, officer):
    from tests.support.signing_in import login

    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        response = login(client, officer.email)
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
    assert "Expires" not in cookie or "remember" not in cookie


@pytest.fixture()
def people(app_context):
    """One person and case at each sensitivity level."""
    rows = {}
    for level in Sensitivity:
        person = Person(full_name=f"Person {level.value}", sensitivity=level)
        case = Case(title=f"Case {level.value}", person=person, sensitivity=level)
        rows[level] = (person, case)
        db.session.add_all([person, case])
    db.session.add(Meeting(title="M", starts_at=utcnow(),
                           their_attendees=[p for p, _ in rows.values()]))
    db.session.commit()
    ids = {level: (p.id, c.id) for level, (p, c) in rows.items()}
    db.session.expunge_all()
    return ids


@pytest.mark.parametrize("levels, expected", [
    ((Sensitivity.NORMAL,), {"Person normal"}),
    (Sensitivity.up_to(Sensitivity.CONFIDENTIAL), {"Person normal", "Person confidential"}),
    (tuple(Sensitivity), {"Person normal", "Person confidential", "Person at_risk"}),
])
def test_visibility_rule_applies_to_lists_counts_gets_and_relationships(people, levels, expected):
    with levels_for(db.session, levels):
        names = set(db.session.scalars(select(Person.full_name)).all())
        assert names == expected
        assert db.session.scalar(select(func.count(Person.id))) == len(expected)
        cases = set(db.session.scalars(select(Case.title)).all())
        assert cases == {n.replace("Person", "Case") for n in expected}
        hidden = [pid for level, (pid, _) in people.items() if level not in levels]
        for pid in hidden:
            assert db.session.get(Person, pid) is None
        meeting = db.session.scalar(select(Meeting))
        assert {p.full_name for p in meeting.their_attendees} == expected
        db.session.expunge_all()


def test_hidden_person_in_a_join_is_hidden_too(people):
    with levels_for(db.session, (Sensitivity.NORMAL,)):
        rows = db.session.execute(select(Case.title, Person.full_name).join(Case.person)).all()
    assert rows == [("Case normal", "Person normal")]


def test_audit_log_keeps_previous_values(app_context):
    person = Person(full_name="Before")
    db.session.add(person)
    db.session.commit()
    person.full_name = "After"
    db.session.commit()
    person.archived_at = utcnow()
    db.session.commit()
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "Person").order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["create", "update", "archive"]
    assert events[1].changes == {"full_name": ["Before", "After"]}


@pytest.mark.truncate("a second writer commits through its own connection while the request is in flight")
def test_stale_save_is_refused(app, app_context):
    person = Person(full_name="Original")
    db.session.add(person)
    db.session.commit()
    mine = db.session.get(Person, person.id)
    db.session.commit()  # end the read transaction; ``mine`` keeps version 1
    with db.engine.begin() as conn:  # a second officer saves first
        conn.execute(text("UPDATE persons SET full_name='Theirs', version=version+1 WHERE id=:i"),
                     {"i": person.id})
    mine.full_name = "Mine"
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Person, person.id).full_name == "Theirs"


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PARLEY_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigurationError):
        create_app({"PARLEY_ENV": "production"})


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app, app_context):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-only pragmas")
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_error_pages_show_no_traceback(database_url):
    from app.security.access import public

    application = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": database_url,
                              "PARLEY_ENV": "testing"})

    @application.route("/_boom_for_test")
    @public
    def _boom():
        raise RuntimeError("secret internals")

    try:
        response = application.test_client().get("/_boom_for_test")
    finally:
        with application.app_context():  # the response hooks read the database: close its pool
            db.session.remove()
            db.engine.dispose()
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in body and "Traceback" not in body
    assert "Nothing was saved" in body
