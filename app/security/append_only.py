"""The database itself refuses to change or remove audit events.

The migration "Append-only audit log" creates, on ``audit_events``:

- SQLite: two triggers, ``audit_events_no_update`` and ``audit_events_no_delete``
  (``BEFORE UPDATE`` / ``BEFORE DELETE … RAISE(ABORT, …)``);
- PostgreSQL: the trigger function ``audit_events_append_only()`` raising an exception, called
  by the row trigger ``audit_events_append_only`` ``BEFORE UPDATE OR DELETE``.

An UPDATE or DELETE through SQLAlchemy then fails with an ``IntegrityError`` (SQLite) or an
``InternalError`` (PostgreSQL ``RaiseException``) and the transaction is rolled back. Inserting
stays allowed: that is how events are written.

Pruning the log: nothing in Parley can. An operator who must prune it (a retention period
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
the whole database, triggers included (``app/services/backup.py``). A later migration that
rebuilds ``audit_events`` in SQLite batch mode (copy and move) loses the triggers with the old
table and must create them again. The tests' clean-up (``tests/conftest.py``) lifts the SQLite
triggers inside its own transaction. Users are deactivated,
never deleted, so the ``ON DELETE SET NULL`` of ``audit_events.user_id`` never has to update a
row.
"""

from __future__ import annotations

TABLE = "audit_events"
MESSAGE = "audit_events is append-only"
SQLITE_TRIGGERS = {"audit_events_no_update": "UPDATE", "audit_events_no_delete": "DELETE"}
POSTGRES_FUNCTION = "audit_events_append_only"
POSTGRES_TRIGGER = "audit_events_append_only"


def sqlite_create() -> list[str]:
    """The SQLite triggers refusing UPDATE and DELETE on the audit log."""
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
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
