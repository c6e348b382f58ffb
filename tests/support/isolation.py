"""Rollback isolation: each test's writes happen inside one transaction that is rolled back.

SQLAlchemy 2.0's recipe "Joining a Session into an External Transaction": the test opens one
connection and begins an outer transaction on it; the app's sessions are bound to that
connection with ``join_transaction_mode="create_savepoint"``, so code that calls ``commit()``
or ``rollback()`` only releases or rolls back a savepoint; at the end the outer transaction is
rolled back and the database is as it was, with nothing to empty.

Flask-SQLAlchemy's session asks ``db.engines`` for its bind, so the joined connection takes
the place of the test app's engine for the test (and is what ``db.engine`` returns). It can
stand in for the engine where Parley uses one directly: ``db.engine.begin()`` (the audit of
restricted views, app/security/restricted_access.py) becomes a savepoint on the connection,
and ``.url`` is the engine's. Anything that needs a connection of its own (``connect()``,
``dispose()``, ``raw_connection()``) fails with a message pointing at the ``truncate`` marker:
such a test commits for real and has its tables emptied afterwards instead.

SQLite: pysqlite starts transactions late and by itself, so a SAVEPOINT could open (and its
RELEASE commit) a real transaction. As in SQLAlchemy's notes on pysqlite ("Serializable
isolation / Savepoints / Transactional DDL"), the joined connection's driver is put in
autocommit mode (``isolation_level = None``) and the outer transaction is an explicit BEGIN.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection, Engine

from app.extensions import db

#: Said when a rolled-back test reaches for a connection of its own.
MARK_IT = ("this test needs a database connection of its own ({what}); rollback isolation "
           "shares one: mark it @pytest.mark.truncate(\"why\") (tests/conftest.py)")


class JoinedConnection(Connection):
    """The one connection of a rolled-back test, standing in for the app's engine."""

    @property
    def url(self):
        """The engine's URL (Parley keys per-database caches by it)."""
        return self.engine.url

    @contextmanager
    def begin(self):  # type: ignore[override]
        """Like ``Engine.begin()``: the connection, inside a savepoint released at the end."""
        if not self.in_transaction():  # only the outer transaction itself
            with super().begin():
                yield self
            return
        with self.begin_nested():
            yield self

    def connect(self):
        """Refused: a second connection would not see the test's uncommitted rows."""
        raise RuntimeError(MARK_IT.format(what="engine.connect()"))

    def raw_connection(self):
        """Refused, as :meth:`connect`."""
        raise RuntimeError(MARK_IT.format(what="engine.raw_connection()"))

    def dispose(self, close: bool = True) -> None:
        """Refused, as :meth:`connect`."""
        raise RuntimeError(MARK_IT.format(what="engine.dispose()"))


@contextmanager
def rolled_back(app) -> Iterator[JoinedConnection]:
    """Run the block with every session of ``app`` joined to one connection's transaction,
    and roll it all back afterwards."""
    with app.app_context():
        engines = db.engines
        engine: Engine = engines[None]
        db.session.remove()
    connection = JoinedConnection(engine)
    sqlite = connection.dialect.name == "sqlite"
    driver = connection.connection.driver_connection
    saved_level = driver.isolation_level if sqlite else None
    outer = Connection.begin(connection)
    if sqlite:  # pysqlite: no BEGIN of its own, an explicit one (see the module's notes)
        driver.isolation_level = None
        connection.exec_driver_sql("BEGIN")
    factory = db.session.session_factory
    saved_mode = factory.kw.get("join_transaction_mode")
    factory.kw["join_transaction_mode"] = "create_savepoint"
    engines[None] = connection  # type: ignore[index]
    try:
        yield connection
    finally:
        engines[None] = engine  # type: ignore[index]
        if saved_mode is None:
            factory.kw.pop("join_transaction_mode", None)
        else:
            factory.kw["join_transaction_mode"] = saved_mode
        with app.app_context():
            db.session.remove()
        outer.rollback()
        if sqlite:
            driver.isolation_level = saved_level
        connection.close()
