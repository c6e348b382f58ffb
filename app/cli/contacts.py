"""Contacts on the command line: CSV or vCard import (headers mapped automatically), export."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Affiliation, Person
from app.security.audit import record
from app.services.imports.briefing.readers import ImportRefused
from app.services.people.contacts.csv_import import (
    FIELDS,
    build_report,
    guess_mapping,
    read_contacts_file,
    save_report,
)
from app.services.people.contacts.export import persons_csv, persons_vcard


@click.command("import-contacts")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--organisations", is_flag=True, help="The file lists organisations, not persons.")
@click.option("--dry-run", is_flag=True, help="Print the report; write nothing.")
def import_contacts(file: Path, organisations: bool, dry_run: bool) -> None:
    """Import persons (or organisations) from a CSV or vCard file, columns guessed."""
    mode = "organisations" if organisations else "persons"
    if not file.is_file():
        raise click.ClickException(f"No such file: {file}")
    try:
        contacts = read_contacts_file(file.read_bytes(), file.name)
    except ImportRefused as refusal:
        raise click.ClickException(f"{file.name}: {refusal}") from None
    mapping = guess_mapping(contacts.headers, mode)
    required = FIELDS[mode][0][0]
    if mapping[required] is None:
        raise click.ClickException(f"{file.name}: no column looks like the {required.replace('_', ' ')}"
                                   f" (headers: {', '.join(contacts.headers)}).")
    report = build_report(db.session(), contacts, mapping, mode)
    for row in report.rows:
        if row.status != "new":
            reason = row.error or f"likely duplicate: {row.duplicate_of}"
            click.echo(f"{report.unit} {row.line}: {row.values[required] or '(no name)'}: {reason}")
    click.echo(f"{report.count('new')} new, {report.count('duplicate')} likely duplicates, "
               f"{report.count('error')} with problems.")
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    counts = save_report(db.session(), report)
    db.session.commit()
    click.echo("Created " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
               + ".")


@click.command("export-persons")
@with_appcontext
@click.option("--format", "fmt", type=click.Choice(["csv", "vcard3", "vcard4"]), default="csv",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_persons(fmt: str, output: Path) -> None:
    """Export every person as CSV (formula-safe cells) or vCard."""
    persons = db.session.scalars(
        select(Person).where(Person.archived_at.is_(None)).order_by(Person.full_name)
        .options(selectinload(Person.other_names),
                 selectinload(Person.affiliations).selectinload(Affiliation.organisation))).all()
    body = persons_csv(persons) if fmt == "csv" else persons_vcard(
        persons, "3.0" if fmt == "vcard3" else "4.0")
    output.write_text(body, encoding="utf-8", newline="")
    record(db.session(), "export", entity_type="Person",
           changes={"format": fmt, "count": len(persons), "via": "command line"})
    db.session.commit()
    click.echo(f"Exported {len(persons)} persons to {output}.")


COMMANDS = (import_contacts, export_persons)
