"""Backup and restore round trip on this pass's database."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Person

pytestmark = pytest.mark.truncate(
    "backup and restore work on the engine and the database file")


def test_backup_and_restore_round_trip(app, runner, tmp_path):
    with app.app_context():
        db.session.add(Person(full_name="Kept in the backup"))
        db.session.commit()
    target = tmp_path / "parley.backup"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0
    with app.app_context():
        db.session.add(Person(full_name="Added after the backup"))
        db.session.execute(db.update(Person).where(Person.full_name == "Kept in the backup")
                           .values(full_name="Changed after the backup"))
        db.session.commit()
        db.session.remove()
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        names = db.session.scalars(select(Person.full_name)).all()
    assert names == ["Kept in the backup"]


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, tmp_path):
    bogus = tmp_path / "not-a-backup"
    bogus.write_text("hello")
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0
    assert "Restore failed" in result.output
