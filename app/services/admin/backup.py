"""Backups and restores: SQLite's online backup API, pg_dump and pg_restore for PostgreSQL.

An encrypted backup is :data:`ENCRYPTED_HEADER` followed by one Fernet token of the whole
backup; it is made and opened in memory, so no plain copy ever touches the disk.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from cryptography.fernet import InvalidToken
from sqlalchemy.engine import Engine, make_url

#: The first bytes of an encrypted backup.
ENCRYPTED_HEADER = b"PARLEY-ENCRYPTED-BACKUP 1\n"


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


def _run(command: list[str], data: bytes | None = None) -> bytes:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools)")
    result = subprocess.run(command, capture_output=True, input=data, check=False)
    if result.returncode != 0:
        stderr = result.stderr.decode(errors="replace").strip()
        raise BackupError(stderr.splitlines()[-1] if stderr else f"{command[0]} failed")
    return result.stdout


def _backup_bytes(engine: Engine) -> bytes:
    """The whole backup in memory (for encrypting it)."""
    if engine.dialect.name == "sqlite":
        source, copy = sqlite3.connect(_sqlite_path(engine)), sqlite3.connect(":memory:")
        try:
            source.backup(copy)
            return copy.serialize()
        finally:
            copy.close()
            source.close()
    if engine.dialect.name == "postgresql":
        return _run(["pg_dump", "--format=custom", "--no-owner", _libpq_url(engine)])
    raise BackupError(f"no backup method for {engine.dialect.name}")


def _write_private(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically, readable by the owner only."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def is_encrypted_backup(source: Path) -> bool:
    """True when ``source`` is an encrypted backup."""
    with Path(source).open("rb") as handle:
        return handle.read(len(ENCRYPTED_HEADER)) == ENCRYPTED_HEADER


def backup(engine: Engine, target: Path, cipher=None) -> Path:
    """Write a consistent copy of the database to ``target`` while Parley keeps running.

    With ``cipher`` (a Fernet or MultiFernet) the copy is encrypted with it.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if cipher is not None:
        _write_private(target, ENCRYPTED_HEADER + cipher.encrypt(_backup_bytes(engine)))
    elif engine.dialect.name == "sqlite":
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


def _decrypted(source: Path, cipher) -> bytes:
    if cipher is None:
        raise BackupError(f"{source} is encrypted: give its key")
    try:
        return cipher.decrypt(source.read_bytes()[len(ENCRYPTED_HEADER):])
    except InvalidToken:
        raise BackupError(f"{source} does not open with this key; nothing was changed") from None


def restore(engine: Engine, source: Path, cipher=None) -> None:
    """Replace the database's content with the backup in ``source``.

    An encrypted backup is decrypted with ``cipher`` first; a wrong key changes nothing.
    """
    source = Path(source)
    if not source.is_file() or source.stat().st_size == 0:
        raise BackupError(f"{source} is not a backup file")
    data = _decrypted(source, cipher) if is_encrypted_backup(source) else None
    if data is None:
        with source.open("rb") as handle:
            head = handle.read(16)
    else:
        head = data[:16]
    if engine.dialect.name == "sqlite":
        if head != b"SQLite format 3\x00":
            raise BackupError(f"{source} is not a SQLite backup")
        engine.dispose()
        backup_db = sqlite3.connect(str(source) if data is None else ":memory:")
        live = sqlite3.connect(_sqlite_path(engine))
        try:
            if data is not None:
                # A copy of a WAL database says so in its header (bytes 18-19); an in-memory
                # database cannot use WAL, so mark the copy as a rollback-journal database.
                backup_db.deserialize(data[:18] + b"\x01\x01" + data[20:])
            backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
    elif engine.dialect.name == "postgresql":
        if head[:5] != b"PGDMP":
            raise BackupError(f"{source} is not a pg_dump custom-format backup")
        engine.dispose()
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                   f"--dbname={_libpq_url(engine)}"]
        _run(command + ([str(source)] if data is None else []), data)
    else:
        raise BackupError(f"no restore method for {engine.dialect.name}")
