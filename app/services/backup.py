"""Backups and restores: SQLite's online backup API, pg_dump and pg_restore for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import Engine, make_url


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why."""


def _sqlite_path(engine: Engine) -> str:
    path = engine.url.database
    if not path or path == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return path


def _libpq_url(engine: Engine) -> str:
    url = make_url(engine.url.render_as_string(hide_password=False)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools)")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip().splitlines()[-1] if result.stderr.strip()
                          else f"{command[0]} failed")


def backup(engine: Engine, target: Path) -> Path:
    """Write a consistent copy of the database to ``target`` while Parley keeps running."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(_sqlite_path(engine))
        destination = sqlite3.connect(str(target))
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    elif engine.dialect.name == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}",
              _libpq_url(engine)])
    else:
        raise BackupError(f"no backup method for {engine.dialect.name}")
    return target


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's content with the backup in ``source``."""
    source = Path(source)
    if not source.is_file() or source.stat().st_size == 0:
        raise BackupError(f"{source} is not a backup file")
    engine.dispose()
    if engine.dialect.name == "sqlite":
        with source.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{source} is not a SQLite backup")
        backup_db = sqlite3.connect(str(source))
        live = sqlite3.connect(_sqlite_path(engine))
        try:
            backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
    elif engine.dialect.name == "postgresql":
        with source.open("rb") as handle:
            if handle.read(5) != b"PGDMP":
                raise BackupError(f"{source} is not a pg_dump custom-format backup")
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_libpq_url(engine)}", str(source)])
    else:
        raise BackupError(f"no restore method for {engine.dialect.name}")
