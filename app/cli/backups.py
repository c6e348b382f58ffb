"""Backup and restore commands."""

from __future__ import annotations

from pathlib import Path

import click
from cryptography.fernet import Fernet
from flask.cli import with_appcontext

from app.extensions import db
from app.security.field_crypto import FieldKeyError, current_keys
from app.services.admin.backup import BackupError, backup, is_encrypted_backup, restore

KEY_HELP = "A Fernet key (default: the instance's field keys, PARLEY_FIELD_KEYS or field_keys)."


def _cipher(key: str | None, action: str):
    """A Fernet for ``key``, else the instance's field keys; a one-line error when unusable."""
    try:
        return Fernet(key.strip()) if key else current_keys().fernet
    except (ValueError, TypeError):
        raise click.ClickException(f"{action} failed: --key is not a Fernet key "
                                   "(32 url-safe base64-encoded bytes).") from None
    except FieldKeyError as exc:
        raise click.ClickException(f"{action} failed: {exc}") from None


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--encrypt", is_flag=True, help="Encrypt the backup (Fernet).")
@click.option("--key", default=None, help=KEY_HELP)
@with_appcontext
def backup_command(target: Path, encrypt: bool, key: str | None) -> None:
    """Write a consistent backup of the database to TARGET."""
    if key and not encrypt:
        raise click.ClickException("Backup failed: --key needs --encrypt.")
    cipher = _cipher(key, "Backup") if encrypt else None
    try:
        backup(db.engine, target, cipher)
    except BackupError as exc:
        raise click.ClickException(f"Backup failed: {exc}") from None
    click.echo(f"{'Encrypted backup' if encrypt else 'Backup'} written to {target}.")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--key", default=None, help=KEY_HELP + " For an encrypted backup.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, key: str | None, yes: bool) -> None:
    """Replace the database's content with the backup in SOURCE (decrypted if encrypted)."""
    encrypted = source.is_file() and is_encrypted_backup(source)
    cipher = _cipher(key, "Restore") if encrypted else None
    if not yes:
        click.confirm("This replaces everything in the database. Continue?", abort=True)
    db.session.remove()
    try:
        restore(db.engine, source, cipher)
    except BackupError as exc:
        raise click.ClickException(f"Restore failed: {exc}") from None
    click.echo(f"Database restored from {source}{' (decrypted)' if encrypted else ''}.")


COMMANDS = (backup_command, restore_command)
