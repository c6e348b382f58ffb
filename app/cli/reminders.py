"""The reminder command, meant for cron: ``flask --app app send-reminders``."""

from __future__ import annotations

from datetime import UTC, date, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from app.extensions import db
from app.record_views.forms import DATE_BOUNDS_MESSAGE, date_in_bounds


def _parse_day(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None  # now: each officer's today in their own time zone
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD.") from None
    if not date_in_bounds(day):
        raise click.BadParameter(DATE_BOUNDS_MESSAGE)
    return day


@click.command("send-reminders")
@with_appcontext
@click.option("--today", callback=_parse_day, metavar="YYYY-MM-DD",
              help="The day to remind for, everyone's (default: today in each officer's zone).")
def send_reminders_command(today: date | None) -> None:
    """Mail each officer their overdue and due-soon follow-ups (at most once a day each), on
    their own day in their time zone."""
    from app.services.follow_ups.reminders import (
        Outbox,
        pending_reminders,
        send_reminder,
        transport_from_config,
    )

    config = current_app.config
    transport = transport_from_config(config, current_app.instance_path)
    link = config.get("PARLEY_BASE_URL")
    link = link.rstrip("/") + "/follow-ups/" if link else None
    moment = today or datetime.now(UTC)
    reminders = pending_reminders(db.session(), moment)
    if not reminders:
        click.echo(f"Nothing new to remind anyone of on {moment:%Y-%m-%d}"
                   f"{'' if today else ' (UTC)'}.")
        return
    sent = 0
    try:
        for reminder in reminders:
            where = send_reminder(db.session(), reminder, transport, config["MAIL_FROM"], link)
            db.session.commit()  # logged as sent: a rerun will not send it again
            sent += 1
            click.echo(f"{reminder.user.email}: {len(reminder.overdue)} overdue, "
                       f"{len(reminder.due_soon)} due soon -> {where}")
    except OSError as exc:  # smtplib errors are OSErrors too
        db.session.rollback()
        raise click.ClickException(f"Sending stopped after {sent} reminder(s): {exc}") from None
    finally:
        if hasattr(transport, "close"):
            transport.close()
    if isinstance(transport, Outbox):
        click.echo(f"No SMTP_HOST configured: wrote {sent} reminder(s) as .eml files into "
                   f"{transport.folder}/ instead of sending them.")
    else:
        click.echo(f"Sent {sent} reminder(s) through {config['SMTP_HOST']}.")


COMMANDS = (send_reminders_command,)
