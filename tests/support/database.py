"""The test database: which backend this run uses, throwaway PostgreSQL databases, and emptying
every table (for the tests that commit for real, tests/conftest.py)."""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.extensions import db
from app.security import append_only
from app.security.field_crypto import generate_key

#: ``sqlite`` (the default) or ``postgres``.
BACKEND = os.environ.get("PARLEY_TEST_BACKEND", "sqlite")
#: A PostgreSQL server where the tests may create and drop their own databases.
POSTGRES_URL = os.environ.get("PARLEY_TEST_POSTGRES_URL")
#: The test app's field key (encrypted person and case fields), new for every process.
FIELD_KEY = generate_key()


def postgres_admin_url() -> str:
    """The PostgreSQL server URL for creating and dropping test databases (psycopg driver)."""
    from app.config import normalise_database_url

    return normalise_database_url(POSTGRES_URL)


def create_postgres_database(name: str) -> str:
    """Create a fresh PostgreSQL database and return its URL."""
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(name: str) -> None:
    """Drop a test database, closing any connection left to it."""
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def empty_tables() -> None:
    """Empty every table of the current app's database and commit (inside an app context)."""
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        # The audit log refuses DELETE (app/security/append_only.py): lift its triggers around
        # the clean-up and put them back. TRUNCATE fires no row triggers.
        for statement in append_only.sqlite_drop():
            db.session.execute(text(statement))
        for table in tables:
            db.session.execute(table.delete())
        for statement in append_only.sqlite_create():
            db.session.execute(text(statement))
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        # Re-creating the triggers changed the schema: start the next test on new connections
        # (a pooled connection's cached INSERT … RETURNING can fail to re-prepare after it).
        db.engine.dispose()
