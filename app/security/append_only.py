"""The database itself refuses to change or remove audit events.

The migration "Append-only audit log" creates, on ``audit_events``:

- SQLite: two triggers, ``audit_events_no_update`` and ``audit_events_no_delete``
  (``BEFORE UPDATE`` / ``BEFORE DELETE … RAISE(ABORT, …)``);
- PostgreSQL: the trigger function ``audit_events_append_only()`` raising an exception, called
  by the row trigger ``audit_events_append_only`` ``BEFORE UPDATE OR DELETE``.

An UPDATE or DELETE through SQLAlchemy then fails with an ``IntegrityError`` (SQLite) or an
``InternalError`` (PostgreSQL ``RaiseException``) and the transaction is rolled back. Inserting
stays allowed: that is how events are written.

One path may UPDATE audit rows: a GDPR erasure (:mod:`app.services.data_protection.erasure`) rewrites the
old and new values that name the erased person, inside :func:`erasure_rewrite`, which opens
the door for its own transaction only, and for UPDATE only (DELETE stays refused):

- SQLite: the UPDATE trigger has ``WHEN NOT EXISTS (… pragma_table_list … 'parley_erasure'
  in the temp schema)``; the erasure creates that temporary table on its own connection and
  drops it before it returns (a temp table is visible to no other connection, and a rollback
  removes it). Needs SQLite 3.37 or newer (``pragma_table_list``); on an older library the
  trigger refuses every UPDATE, the erasure included.
- PostgreSQL: the trigger function lets an UPDATE through when
  ``current_setting('parley.erasure', true) = 'on'``, which the erasure sets with
  ``set_config(…, true)`` (``SET LOCAL``: this transaction only) and sets back to ``off``.

This is a guard against mistakes and against Parley's own code paths, not against someone who
can run SQL as the table's owner (who could drop the triggers anyway).

Pruning the log: nothing else in Parley can. An operator who must prune it (a retention period
agreed with the data-protection officer, or a GDPR erasure that reaches the log) does it as the
database owner, outside Parley, in one transaction, and writes down why:

- PostgreSQL: ``BEGIN; ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
  DELETE FROM audit_events WHERE at < '…'; ALTER TABLE audit_events ENABLE TRIGGER
  audit_events_append_only; COMMIT;``
- SQLite (stop Parley first): ``BEGIN; DROP TRIGGER audit_events_no_delete; DELETE FROM
  audit_events WHERE at < '…';`` then re-create the trigger with the statement from
  :func:`sqlite_create` and ``COMMIT;``.

Not covered, by design of the databases: PostgreSQL's ``TRUNCATE`` (a table-level privilege
of the owner; row triggers do not fire) and dropping the table. Restoring a backup replaces
the whole database, triggers included (``app/services/admin/backup.py``). A later migration that
rebuilds ``audit_events`` in SQLite batch mode (copy and move) loses the triggers with the old
table and must create them again. The tests' clean-up (``tests/conftest.py``) lifts the SQLite
triggers inside its own transaction. Users are deactivated,
never deleted, so the ``ON DELETE SET NULL`` of ``audit_events.user_id`` never has to update a
row.
"""

from __future__ import annotations

from contextlib import contextmanager, suppress

from sqlalchemy import text
from sqlalchemy.orm import Session

TABLE = "audit_events"
MESSAGE = "audit_events is append-only"
SQLITE_TRIGGERS = {"audit_events_no_update": "UPDATE", "audit_events_no_delete": "DELETE"}
POSTGRES_FUNCTION = "audit_events_append_only"
POSTGRES_TRIGGER = "audit_events_append_only"
#: SQLite: the temporary table whose presence on a connection lets an erasure UPDATE rows.
ERASURE_TABLE = "parley_erasure"
#: PostgreSQL: the transaction-local setting that lets an erasure UPDATE rows.
ERASURE_SETTING = "parley.erasure"
_SQLITE_ERASING = (f"EXISTS (SELECT 1 FROM pragma_table_list WHERE schema = 'temp' "
                   f"AND name = '{ERASURE_TABLE}')")


def sqlite_create() -> list[str]:
    """The SQLite triggers refusing UPDATE (except inside an erasure) and DELETE."""
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {TABLE} "
        + (f"WHEN NOT {_SQLITE_ERASING} " if operation == "UPDATE" else "")
        + f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        for name, operation in SQLITE_TRIGGERS.items()
    ]


def sqlite_drop() -> list[str]:
    """Drop the SQLite triggers."""
    return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]


def postgres_create() -> list[str]:
    """The PostgreSQL trigger function and the row trigger refusing UPDATE and DELETE."""
    return [
        f"""CREATE OR REPLACE FUNCTION {POSTGRES_FUNCTION}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE'
               AND coalesce(current_setting('{ERASURE_SETTING}', true), '') = 'on' THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP;
        END;
        $$""",
        f"DROP TRIGGER IF EXISTS {POSTGRES_TRIGGER} ON {TABLE}",
        (f"CREATE TRIGGER {POSTGRES_TRIGGER} BEFORE UPDATE OR DELETE ON {TABLE} "
         f"FOR EACH ROW EXECUTE FUNCTION {POSTGRES_FUNCTION}()"),
    ]


def postgres_drop() -> list[str]:
    """Drop the PostgreSQL trigger and its function."""
    return [
        f"DROP TRIGGER IF EXISTS {POSTGRES_TRIGGER} ON {TABLE}",
        f"DROP FUNCTION IF EXISTS {POSTGRES_FUNCTION}()",
    ]


def create_statements(dialect: str) -> list[str]:
    """The statements making the log append-only on ``dialect`` (none for other databases)."""
    return {"sqlite": sqlite_create, "postgresql": postgres_create}.get(dialect, list)()


def drop_statements(dialect: str) -> list[str]:
    """The statements undoing :func:`create_statements`."""
    return {"sqlite": sqlite_drop, "postgresql": postgres_drop}.get(dialect, list)()


@contextmanager
def erasure_rewrite(session: Session):
    """Within this block, and in this transaction only, audit rows may be UPDATEd (erasure)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text(f"CREATE TEMP TABLE {ERASURE_TABLE} (id INTEGER)"))
    elif dialect == "postgresql":
        session.execute(text(f"SELECT set_config('{ERASURE_SETTING}', 'on', true)"))
    try:
        yield
    except BaseException:
        if dialect == "sqlite":  # a failed PostgreSQL transaction must be rolled back anyway
            with suppress(Exception):
                session.execute(text(f"DROP TABLE IF EXISTS temp.{ERASURE_TABLE}"))
        raise
    if dialect == "sqlite":
        session.execute(text(f"DROP TABLE temp.{ERASURE_TABLE}"))
    elif dialect == "postgresql":
        session.execute(text(f"SELECT set_config('{ERASURE_SETTING}', 'off', true)"))
