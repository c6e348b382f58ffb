"""The tests' rollback isolation (tests/support/isolation.py): commits inside it are seen by
later sessions of the same test, and nothing of it is left afterwards, on either database."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select, text

from app.extensions import db
from app.models import Person
from tests.support.isolation import rolled_back

pytestmark = pytest.mark.truncate("checks the rollback isolation itself, from outside it")


def _persons(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Person))


def test_commits_and_rollbacks_inside_work_and_nothing_is_left(app, database_url):
    with rolled_back(app):
        with app.app_context():
            db.session.add(Person(full_name="Kept until the end"))
            db.session.commit()
            db.session.add(Person(full_name="Rolled back at once"))
            db.session.flush()
            db.session.rollback()
        with app.app_context():  # a new session on the same connection sees the commit
            names = db.session.scalars(select(Person.full_name)).all()
            with db.engine.begin() as connection:  # as Parley's audit of restricted views
                connection.execute(text("UPDATE persons SET country = 'Belgium'"))
        assert names == ["Kept until the end"]
        assert _persons(app) == 1
        outsider = create_engine(database_url)  # another connection sees nothing uncommitted
        with outsider.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM persons")) == 0
        outsider.dispose()
    assert _persons(app) == 0


def test_a_second_connection_is_refused_with_the_way_out(app):
    with rolled_back(app), app.app_context(), pytest.raises(RuntimeError, match="truncate"):
        db.engine.connect()
