"""Backup and restore commands."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.services.backup import BackupError, backup, restore


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Write a consistent backup of the database to TARGET."""
    try:
        backup(db.engine, target)
    except BackupError as exc:
        raise click.ClickException(f"Backup failed: {exc}") from None
    click.echo(f"Backup written to {target}.")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database's content with the backup in SOURCE."""
    if not yes:
        click.confirm("This replaces everything in the database. Continue?", abort=True)
    db.session.remove()
    try:
        restore(db.engine, source)
    except BackupError as exc:
        raise click.ClickException(f"Restore failed: {exc}") from None
    click.echo(f"Database restored from {source}.")


COMMANDS = (backup_command, restore_command)
