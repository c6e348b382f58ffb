"""Talking-point packs on the command line: ``pack MEETING_ID`` and ``event-brief EVENT_ID``.

Every pack written here is also kept as an issued pack (issued by "command line"), so the
record of what left Parley, and whom it named, stays complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.models import Audience

AUDIENCES = tuple(a.value for a in Audience)


def _options(command):
    command = click.option("--output", "-o", "output", required=True,
                           type=click.Path(dir_okay=False, writable=True),
                           help="File to write.")(command)
    command = click.option("--audience", default="internal", show_default=True,
                           help="internal or external.")(command)
    return click.option("--format", "fmt", default="pdf", show_default=True,
                           help="html, pdf, docx or md.")(command)


def _write(build, subject_id: int, fmt: str, audience: str, output: str, **target) -> None:
    from app.services.packs.issue import UnknownFormat, issue_pack, pack_format
    from app.services.packs.loading import PackSubjectMissing

    try:
        fmt = pack_format(fmt)
    except UnknownFormat as exc:
        raise click.ClickException(str(exc)) from None
    if audience not in AUDIENCES:
        raise click.ClickException(f"Unknown audience {audience!r}: choose internal or external.")
    try:
        pack = build(db.session, subject_id, audience)
    except PackSubjectMissing as exc:
        raise click.ClickException(str(exc)) from None
    subject: dict[str, Any] = dict.fromkeys(target, subject_id)  # meeting_id or event_id
    issued = issue_pack(db.session(), pack, fmt, via="command line", **subject)
    try:
        Path(output).write_bytes(issued.content)
    except OSError as exc:
        db.session.rollback()
        raise click.ClickException(f"Cannot write {output}: {exc.strerror}.") from None
    db.session.commit()
    click.echo(f"Wrote {output} ({fmt.value}, {audience}, {len(issued.content)} bytes); "
               f"kept as issued pack {issued.id}.")


@click.command("pack")
@click.argument("meeting_id", type=int)
@_options
@with_appcontext
def pack_command(meeting_id: int, fmt: str, audience: str, output: str) -> None:
    """Write the talking-point pack for one meeting."""
    from app.services.packs.build import build_meeting_pack

    _write(build_meeting_pack, meeting_id, fmt, audience, output, meeting_id=True)


@click.command("event-brief")
@click.argument("event_id", type=int)
@_options
@with_appcontext
def event_brief_command(event_id: int, fmt: str, audience: str, output: str) -> None:
    """Write the brief for a whole dialogue event."""
    from app.services.packs.build import build_event_brief

    _write(build_event_brief, event_id, fmt, audience, output, event_id=True)


COMMANDS = (pack_command, event_brief_command)
