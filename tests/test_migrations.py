"""Migrations: one head, upgrade from empty, downgrade to base and back, no drift."""

from __future__ import annotations

import uuid

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.extensions import db
from app.services.search.schema import include_name
from tests.conftest import BACKEND, create_postgres_database, drop_postgres_database


@pytest.fixture()
def empty_db_app(tmp_path):
    """An app on a brand-new, empty database of this pass's backend."""
    name = None
    if BACKEND == "postgres":
        name = f"parley_mig_{uuid.uuid4().hex[:8]}"
        url = create_postgres_database(name)
    else:
        url = f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    application = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    yield application
    with application.app_context():
        db.engine.dispose()
    if name:
        drop_postgres_database(name)


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
