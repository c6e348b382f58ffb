"""Exports on the command line: the subject-access export of one person."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.models import Person
from app.security.audit import record
from app.services.data_protection.subject_access import subject_access


@click.command("subject-access")
@with_appcontext
@click.argument("person_id", type=int)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the JSON to this file instead of the screen.")
def subject_access_command(person_id: int, output: Path | None) -> None:
    """Everything Parley holds about one person, as JSON (GDPR subject-access request)."""
    person = db.session.get(Person, person_id)
    if person is None:
        raise click.ClickException(f"No person with id {person_id}.")
    body = json.dumps(subject_access(db.session(), person), ensure_ascii=False, indent=2)
    record(db.session(), "export", person, changes={"format": "subject access (json)",
                                                 "via": "command line"})
    db.session.commit()
    if output is None:
        click.echo(body)
    else:
        output.write_text(body + "\n", encoding="utf-8")
        click.echo(f"Wrote the subject-access export of {person.full_name} to {output}.")


COMMANDS = (subject_access_command,)
