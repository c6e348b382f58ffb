"""Erasure on the command line: ``erase-person PERSON_ID [--yes]`` (GDPR art. 17)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.models import Person
from app.routing import MAX_ID
from app.services.data_protection.erasure import ErasureError, erase_person, purge_after_commit
from app.services.data_protection.erasure_plan import plan_erasure


@click.command("erase-person")
@with_appcontext
@click.argument("person_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase_person_command(person_id: int, yes: bool) -> None:
    """Erase a person everywhere, leaving a tombstone (asks first unless --yes)."""
    person = db.session.get(Person, person_id) if 0 < person_id <= MAX_ID else None
    if person is None:
        raise click.ClickException(f"No person with id {person_id}.")
    if person.is_erased:
        raise click.ClickException(f"Person #{person_id} was already erased.")
    if not yes:
        plan = plan_erasure(db.session(), person)
        for label, number in plan.counts().items():
            click.echo(f"  {label}: {number}")
        click.confirm(f"Erase {person.full_name} (#{person_id}) everywhere? This cannot be "
                      "undone", abort=True)
    try:
        plan = erase_person(db.session(), person_id, via="command line")
    except ErasureError as refused:
        db.session.rollback()
        raise click.ClickException(str(refused)) from None
    db.session.commit()
    purge_after_commit(db.session())
    changed = sum(plan.mentions.values())
    click.echo(f"Erased person #{person_id}: {changed} text(s) naming them, "
               f"{len(plan.audit_rows)} audit event(s), {len(plan.pack_rows)} issued pack(s).")


COMMANDS = (erase_person_command,)
