"""Helpers for the record-page tests: counting SQL queries and adding records quickly."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


@contextmanager
def count_queries(app):
    """Count the SQL statements run inside the block: ``with count_queries(app) as n: ...; n()``."""
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield lambda: len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def add(app, *records):
    """Commit ``records`` and return their ids."""
    with app.app_context():
        db.session.add_all(records)
        db.session.commit()
        ids = [r.id for r in records]
        db.session.remove()
    return ids[0] if len(ids) == 1 else ids


def load(app, model, record_id):
    """A fresh copy of one record, read outside any request (sees everything)."""
    with app.app_context():
        record = db.session.get(model, record_id)
        if record is not None:
            db.session.expunge(record)
        return record
