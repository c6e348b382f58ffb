"""Migrations: one head, upgrade from empty, downgrade to base and back, no drift."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from app.services.database_only import include_name


def _script(application) -> ScriptDirectory:
    return ScriptDirectory.from_config(application.extensions["migrate"].migrate.get_config())


def test_one_head(empty_db_app):
    with empty_db_app.app_context():
        assert len(_script(empty_db_app).get_heads()) == 1


def test_migration_files_are_named_by_date(empty_db_app):
    with empty_db_app.app_context():
        for revision in _script(empty_db_app).walk_revisions():
            name = revision.path.rsplit("/", 1)[-1]
            assert name[:4].isdigit() and name[4] == "_", name
            assert revision.doc, f"{name} has no title docstring"


def test_upgrade_downgrade_upgrade_and_no_drift(empty_db_app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with empty_db_app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"persons", "meetings", "recommendations", "follow_ups", "packs",
                "audit_events"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                             "include_name": include_name})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"


def test_flask_db_check_passes(empty_db_app):
    runner = empty_db_app.test_cli_runner()
    with empty_db_app.app_context():
        upgrade()
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


BEFORE_ENCRYPTION = "5e4c1f0a9b2d"
ENCRYPTION = "200b5d4b8686"


def test_field_encryption_migration_encrypts_rows_and_the_downgrade_decrypts_them(
        empty_db_app):
    from datetime import UTC, datetime

    from sqlalchemy import insert, select, text
    from sqlalchemy.orm import load_only

    from app.models import AuditEvent, Case, Person
    from app.security.field_crypto import email_lookup, unseal_changes
    from app.services.search.backends import backend_for
    from app.services.search.schema import SEARCHED

    plain = {"email": "Plain.Marker@example.org", "phone": "+7 701 PLAINPHONE",
             "consent_note": "Consent PLAINCONSENT", "notes": "Risk PLAINNOTE"}
    with empty_db_app.app_context():
        upgrade(revision=BEFORE_ENCRYPTION)
        now = "2026-01-01 00:00:00"
        db.session.execute(text(
            "INSERT INTO persons (id, full_name, email, phone, consent_note, notes, sensitivity, "
            "created_at, updated_at, version) VALUES (1, 'Aliya Migrated', :email, :phone, "
            ":consent_note, :notes, 'at_risk', :now, :now, 1)"), {**plain, "now": now})
        db.session.execute(text("INSERT INTO person_names (person_id, name) VALUES (1, 'Алия')"))
        db.session.execute(text(
            "INSERT INTO cases (id, title, is_group, status, sensitivity, may_be_named, notes, "
            "created_at, updated_at, version) VALUES (1, 'Case', false, 'detained', 'at_risk', "
            "false, 'Case PLAINCASENOTE', :now, :now, 1)"), {"now": now})
        audited = {"notes": ["Risk PLAINOLDNOTE", "Risk PLAINNOTE"], "country": [None, "KZ"]}
        db.session.execute(insert(AuditEvent.__table__), [
            {"at": datetime(2026, 1, 1, tzinfo=UTC), "action": "update", "entity_type": "Person",
             "entity_id": 1, "changes": audited}])
        db.session.commit()

        upgrade(revision=ENCRYPTION)
        raw = db.session.execute(text("SELECT email, phone, consent_note, notes, email_lookup "
                                      "FROM persons")).one()
        raw_case = db.session.execute(text("SELECT notes FROM cases")).scalar_one()
        raw_audit = db.session.execute(text("SELECT CAST(changes AS TEXT) FROM audit_events")
                                       ).scalar_one()
        stored = " ".join(map(str, (*raw, raw_case, raw_audit)))
        for marker in ("PLAIN", "Marker"):
            assert marker not in stored
        assert all(value.startswith("gAAAAA") for value in (*raw[:4], raw_case))
        assert raw[4] == email_lookup("plain.marker@EXAMPLE.org")
        # Only the columns this revision has: later revisions add columns to persons.
        person = db.session.scalars(select(Person).options(
            load_only(*(getattr(Person, k) for k in plain)))).one()
        assert {k: getattr(person, k) for k in plain} == plain
        assert db.session.get(Case, 1).notes == "Case PLAINCASENOTE"
        changes = db.session.scalar(select(AuditEvent.changes))
        assert changes["country"] == [None, "KZ"] and unseal_changes(changes) == audited
        assert [n.name for n in person.other_names] == ["Алия"]
        # The index itself (search() loads whole records, whose later columns this revision
        # lacks).
        found = lambda term: {table: backend_for(db.session).ids(db.session, table, [term], 20)
                              for table, _, _ in SEARCHED}
        assert not any(found("plainphone").values())
        assert not any(found("plaincasenote").values())
        assert found("aliya")["persons"] == [1]
        db.session.remove()

        downgrade(revision=BEFORE_ENCRYPTION)
        raw = db.session.execute(text("SELECT email, phone, consent_note, notes "
                                      "FROM persons")).one()
        assert dict(zip(plain, raw, strict=False)) == plain
        assert db.session.execute(text("SELECT notes FROM cases")).scalar_one() == \
            "Case PLAINCASENOTE"
        assert db.session.execute(text("SELECT count(*) FROM person_names")).scalar_one() == 1
        assert db.session.scalar(select(AuditEvent.changes)) == audited
        db.session.remove()


BEFORE_PACK_ENCRYPTION = "e7a5c2d19b84"
PACK_ENCRYPTION = "7db99dda8829"


def test_pack_and_second_factor_encryption_migration_and_its_downgrade(empty_db_app):
    import sqlalchemy as sa

    from app.models import Pack, User

    snapshot = {"audience": "internal", "attendees": [{"notes": "Risk PLAINPACKNOTE"}]}
    content = b"# Pack\n\nRisk PLAINPACKNOTE \xe2\x80\x94 bytes kept exactly\x00\xff"
    secret = "PLAINTOTPSECRETAAAAAAAAAAAAAAAAA"
    users = sa.table("users", *(sa.column(c) for c in (
        "id", "email", "name", "password_hash", "role", "clearance", "is_active_account",
        "session_token", "created_at", "totp_secret")))
    packs = sa.table("packs", sa.column("snapshot", sa.JSON()),
                     sa.column("content", sa.LargeBinary()),
                     *(sa.column(c) for c in ("id", "audience", "format", "issued_at",
                                              "issued_by_id", "sensitivity", "filename",
                                              "content_type")))
    raw_packs = sa.text("SELECT CAST(snapshot AS TEXT) AS snapshot, content, issued_by_id "
                        "FROM packs")
    with empty_db_app.app_context():
        upgrade(revision=BEFORE_PACK_ENCRYPTION)
        now = "2026-01-01 00:00:00"
        db.session.execute(sa.insert(users).values(
            id=1, email="o@parley.example", name="Officer", password_hash="x", role="officer",
            clearance="normal", is_active_account=True, session_token="t", created_at=now,
            totp_secret=secret))
        db.session.execute(sa.insert(packs).values(
            id=1, audience="internal", format="md", issued_at=now, issued_by_id=1,
            sensitivity="normal", snapshot=snapshot, filename="pack.md",
            content_type="text/markdown", content=content))
        db.session.commit()

        upgrade(revision=PACK_ENCRYPTION)
        raw_snapshot, raw_content, issued_by = db.session.execute(raw_packs).one()
        raw_secret = db.session.execute(sa.text("SELECT totp_secret FROM users")).scalar_one()
        assert raw_snapshot.startswith('"gAAAAA') and bytes(raw_content).startswith(b"gAAAAA")
        assert raw_secret.startswith("gAAAAA") and len(raw_secret) > 64
        assert "PLAIN" not in raw_snapshot + raw_secret and b"PLAIN" not in bytes(raw_content)
        assert issued_by == 1  # users was not rebuilt: references to it are kept
        typed = db.session.execute(sa.select(Pack.snapshot, Pack.content)).one()
        assert typed.snapshot == snapshot and typed.content == content
        assert db.session.scalar(sa.select(User.totp_secret)) == secret
        db.session.remove()

        downgrade(revision=BEFORE_PACK_ENCRYPTION)
        stored = db.session.execute(sa.select(packs.c.snapshot, packs.c.content)).one()
        assert stored.snapshot == snapshot and bytes(stored.content) == content
        assert db.session.execute(sa.text("SELECT totp_secret FROM users")).scalar_one() == secret
        assert db.session.execute(raw_packs).one().issued_by_id == 1
        column = next(c for c in inspect(db.engine).get_columns("users")
                      if c["name"] == "totp_secret")
        assert getattr(column["type"], "length", None) == 64
        db.session.remove()


def test_no_migration_runs_the_applications_services():
    """A migration replays what it did on the day it was written: it may not call code that
    moves on with the application (frozen SQL instead; the field keys are the one exception,
    being the keys themselves)."""
    from pathlib import Path

    versions = Path(__file__).resolve().parents[1] / "migrations" / "versions"
    offenders = [path.name for path in versions.glob("*.py")
                 if "from app.services" in path.read_text() or "import app.services" in path.read_text()]
    assert offenders == []


def test_the_postgresql_only_indexes_are_there_and_left_out_of_the_drift_check(empty_db_app):
    """PostgreSQL gets the indexes of app/services/database_only.py (in the order SQLite
    cannot write); SQLite does not; the drift check leaves them alone on both."""
    from app.services.database_only import POSTGRESQL_ONLY_INDEXES

    with empty_db_app.app_context():
        upgrade()
        found = {index["name"] for index in inspect(db.engine).get_indexes("follow_ups")}
        if db.engine.dialect.name == "postgresql":
            assert set(POSTGRESQL_ONLY_INDEXES) <= found
            with db.engine.connect() as conn:
                definition = conn.exec_driver_sql(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = "
                    "'ix_follow_ups_closed_latest'").scalar_one()
            assert "closed_at DESC NULLS LAST, id DESC" in definition
        else:
            assert not set(POSTGRESQL_ONLY_INDEXES) & found
    assert not any(include_name(name, "index", {}) for name in POSTGRESQL_ONLY_INDEXES)
    assert include_name("ix_follow_ups_closed_at_id", "index", {})
