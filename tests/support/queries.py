"""Counting: the SQL statements a block runs, and the rows in every table."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, func, select

from app.extensions import db

#: Statements of the tests' rollback isolation (tests/support/isolation.py), not the app's.
SAVEPOINTS = ("SAVEPOINT ", "RELEASE SAVEPOINT ", "ROLLBACK TO SAVEPOINT ")


@contextmanager
def count_queries(app=None) -> Iterator[list[str]]:
    """Collect the SQL statements ``app`` (default: the current app) runs inside the block
    into the yielded list; ``len()`` of it is the query count. The savepoints of rollback
    isolation are left out."""
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(SAVEPOINTS):
            statements.append(statement)

    if app is None:
        engine = db.engine.engine  # the Engine, also under rollback isolation
    else:
        with app.app_context():
            engine = db.engine.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def row_counts() -> dict[str, int]:
    """Rows in every table (inside an app context)."""
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}
