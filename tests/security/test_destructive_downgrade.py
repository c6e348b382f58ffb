"""Pentest finding: ``flask db downgrade base`` dropped every table, rows and all, with exit 0.

A downgrade that would drop tables holding rows is now refused (exit 1, one line naming the
tables and their rows) unless ``--yes-destroy-data`` is given or
``PARLEY_ALLOW_DESTRUCTIVE_DOWNGRADE=1`` is set. Empty tables never stop it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_migrate import upgrade
from sqlalchemy import inspect

from app.extensions import db
from app.models import DialogueEvent, Meeting


def _with_a_meeting(application) -> None:
    with application.app_context():
        upgrade()
        event = DialogueEvent(title="EU-Kazakhstan Human Rights Dialogue 2026")
        db.session.add_all([event, Meeting(title="Meeting with the EEAS desk", event=event,
                                           starts_at=datetime(2026, 6, 10, 9, tzinfo=UTC))])
        db.session.commit()
        db.session.remove()


def _tables(application) -> set[str]:
    with application.app_context():
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
        return tables


def test_downgrade_to_base_with_records_is_refused(empty_db_app):
    _with_a_meeting(empty_db_app)
    result = empty_db_app.test_cli_runner().invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 1
    refusal = [line for line in result.output.splitlines() if "Refused" in line]
    assert len(refusal) == 1 and "\n" not in refusal[0]
    assert "meetings (1)" in refusal[0] and "dialogue_events (1)" in refusal[0]
    assert "--yes-destroy-data" in refusal[0]
    assert {"meetings", "dialogue_events", "persons", "users"} <= _tables(empty_db_app)


def test_downgrade_with_the_flag_proceeds(empty_db_app):
    _with_a_meeting(empty_db_app)
    result = empty_db_app.test_cli_runner().invoke(
        args=["db", "downgrade", "--yes-destroy-data", "base"])
    assert result.exit_code == 0, result.output
    assert _tables(empty_db_app) <= {"alembic_version"}


def test_downgrade_with_the_environment_variable_proceeds(empty_db_app, monkeypatch):
    _with_a_meeting(empty_db_app)
    monkeypatch.setenv("PARLEY_ALLOW_DESTRUCTIVE_DOWNGRADE", "1")
    result = empty_db_app.test_cli_runner().invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert _tables(empty_db_app) <= {"alembic_version"}


def test_downgrade_of_empty_tables_is_not_refused(empty_db_app):
    with empty_db_app.app_context():
        upgrade()
    result = empty_db_app.test_cli_runner().invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert _tables(empty_db_app) <= {"alembic_version"}
