"""Drafts housekeeping, for cron: ``flask --app app delete-expired-drafts``.

Expired drafts are also deleted at every sign-in; this command is for quiet deployments.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db


@click.command("delete-expired-drafts")
@with_appcontext
def delete_expired_drafts_command() -> None:
    """Delete drafts untouched for 30 days and saves held over a sign-in that never came."""
    from app.services.drafts import delete_expired

    deleted = delete_expired(db.session())
    db.session.commit()
    click.echo(f"Deleted {deleted['drafts']} expired draft(s) and "
               f"{deleted['held saves']} expired held save(s).")


COMMANDS = (delete_expired_drafts_command,)
