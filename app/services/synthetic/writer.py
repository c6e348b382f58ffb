"""Writing generated rows fast: batches of SQLAlchemy Core ``insert()`` (executemany), and on
PostgreSQL psycopg 3's ``COPY … FROM STDIN``.

Rows are tuples of Python values in the order of the writer's columns, as the ORM would hold
them (plain text for encrypted columns, enum members, aware datetimes). Core inserts pass them
through the columns' types; for COPY the writer applies the same bind processors itself, so an
encrypted column gets the Fernet token :mod:`app.security.field_crypto` would write, a
datetime is stored in UTC, an enum as its value. Ids are explicit: the generator knows every
id before it writes the row, and :func:`reset_sequences` moves PostgreSQL's sequences past them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from sqlalchemy import Connection, Engine, Table, func, insert, select, text

#: Rows per batch: one executemany or one COPY statement.
BATCH = 10_000


class Progress(Protocol):
    """Told how far each table has come: ``progress(table, rows_written, rows_planned)``.

    ``rows_planned`` is 0 while unknown; the last call for a table (when it is complete) has
    ``rows_written == rows_planned``.
    """

    def __call__(self, table: str, done: int, total: int) -> None: ...


def _silent(table: str, done: int, total: int) -> None:
    return None


class TableWriter:
    """Collects the rows of one table and writes them a batch at a time."""

    def __init__(self, connection: Connection, table: Table, columns: Iterable[str],
                 total: int = 0, progress: Progress | None = None, label: str | None = None,
                 use_copy: bool | None = None, parents: Iterable[TableWriter] = ()):
        self.connection = connection
        self.table = table
        self.columns = tuple(columns)
        self.total = total
        self.progress = progress or _silent
        self.label = label or table.name
        self.count = 0
        #: Writers of the rows these rows point to: flushed first.
        self.parents = tuple(parents)
        self._rows: list[tuple] = []
        dialect = connection.dialect
        self.use_copy = (dialect.name == "postgresql") if use_copy is None else use_copy
        if self.use_copy:
            self._processors = [self._processor(table.c[name], dialect) for name in self.columns]
            names = ", ".join(f'"{name}"' for name in self.columns)
            self._copy_sql = f'COPY "{table.name}" ({names}) FROM STDIN'

    @staticmethod
    def _processor(column, dialect) -> Callable | None:
        return column.type.dialect_impl(dialect).bind_processor(dialect)

    def add(self, row: tuple) -> None:
        """Queue one row; a full batch is written at once."""
        self._rows.append(row)
        if len(self._rows) >= BATCH:
            self.flush()

    def extend(self, rows: Iterable[tuple]) -> None:
        """Queue several rows."""
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        """Write the queued rows."""
        if not self._rows:
            return
        for parent in self.parents:
            parent.flush()
        rows, self._rows = self._rows, []
        if self.use_copy:
            self._copy(rows)
        else:
            self.connection.execute(insert(self.table),
                                    [dict(zip(self.columns, row, strict=False)) for row in rows])
        self.count += len(rows)
        # Until close(), the total is the planned one, or 0 (unknown) once it is reached.
        self.progress(self.label, self.count, self.total if self.total > self.count else 0)

    def _copy(self, rows: list[tuple]) -> None:
        processors = self._processors
        raw = self.connection.connection.driver_connection
        if raw is None:
            raise RuntimeError("the database connection is closed")
        with raw.cursor() as cursor, cursor.copy(self._copy_sql) as copy:
            for row in rows:
                copy.write_row([value if value is None or processor is None
                                else processor(value)
                                for value, processor in zip(row, processors, strict=False)])

    def close(self) -> int:
        """Write what is left; the number of rows written."""
        self.flush()
        self.progress(self.label, self.count, self.count)
        return self.count


def next_id(connection: Connection, table: Table) -> int:
    """The first id after every row of ``table``."""
    return (connection.scalar(select(func.max(table.c.id))) or 0) + 1


def reset_sequences(connection: Connection, tables: Iterable[Table]) -> None:
    """PostgreSQL: move each table's id sequence past its largest id (explicit ids were used)."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.c:
            continue
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"coalesce((SELECT max(id) FROM \"{table.name}\"), 0) + 1, false)"))


def analyse(connection: Connection) -> None:
    """Refresh the planner's statistics after a bulk load (ANALYZE on both databases)."""
    connection.execute(text("ANALYZE"))


def settle(engine: Engine) -> None:
    """PostgreSQL, after a bulk load on its own committed connections: ``VACUUM ANALYZE``,
    which autovacuum would run soon anyway. Until the visibility map is set, every count read
    from an index also reads the table (counting 100,000 meetings took 21 ms, then 5 ms).
    VACUUM cannot run inside a transaction, so not within a test's; SQLite needs nothing."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
