"""Importing on the command line: briefing papers (``import-briefing``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.extensions import db
from app.models import DialogueEvent
from app.services.imports.briefing import (
    Edits,
    ImportRefused,
    parse_paper,
    plan_import,
    save_import,
)


def _fail(message: str) -> None:
    """Stop with one line on stderr and a non-zero exit."""
    raise click.ClickException(message)


@click.command("import-briefing")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--event", "event_id", type=int, default=None,
              help="The dialogue event this paper prepares (id).")
@click.option("--theme", "theme", default="",
              help="Theme for the findings and recommendations the paper puts under no theme "
                   "(an existing theme's name or a new one).")
@click.option("--dry-run", is_flag=True, help="Parse and report; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
def import_briefing(file: Path, event_id: int | None, theme: str, dry_run: bool,
                    as_json: bool) -> None:
    """Import a briefing paper (Markdown, plain text, .docx or PDF) in one transaction."""
    theme = " ".join(theme.split())
    if len(theme) > 200:
        _fail("A theme name is at most 200 characters.")
    if not file.is_file():
        _fail(f"No such file: {file}")
    event = None
    if event_id is not None:
        event = db.session.get(DialogueEvent, event_id)
        if event is None:
            _fail(f"No dialogue event with id {event_id}.")
    try:
        briefing = parse_paper(file.read_bytes(), file.name,
                               current_app.config.get("PARLEY_IMPORT_MAX_BYTES"))
    except ImportRefused as refusal:
        _fail(f"{file.name}: {refusal}")
    if dry_run:
        if as_json:
            click.echo(json.dumps(briefing.summary(), ensure_ascii=False))
        else:
            _describe(briefing.summary())
        return
    plan = plan_import(db.session(), briefing)
    with click.progressbar(length=len(plan.items), label="Importing", file=sys.stderr) as bar:
        result = save_import(db.session(), plan, event=event, progress=lambda item: bar.update(1),
                             edits=Edits(all_themes=theme))
    db.session.commit()
    if as_json:
        click.echo(json.dumps({"source_id": result.source_id, "created": result.created,
                               "reused": result.reused}, ensure_ascii=False))
        return
    created = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in result.created.items()) or "nothing"
    reused = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in result.reused.items()) or "nothing"
    click.echo(f"Imported “{briefing.title}”: created {created}; reused {reused}.")
    for item in plan.items:
        if item.possible:
            click.echo(f"  possible duplicate: {item.label} ~ {item.possible[0].label}", err=True)


def _describe(summary: dict) -> None:
    findings = summary["findings"]
    click.echo(f"Title: {summary['title']}")
    if summary["publisher"] or summary["published_on"]:
        click.echo(f"Published: {summary['publisher'] or '(publisher not stated)'}"
                   f"{', ' + summary['published_on'] if summary['published_on'] else ''}")
    click.echo(f"Themes ({len(summary['themes'])}): {'; '.join(summary['themes'])}")
    click.echo(f"Findings: {findings['positive']} positive steps, {findings['concern']} concerns"
               f" ({findings['unthemed']} outside any theme)")
    addressees: dict[str, int] = {}
    for rec in summary["recommendations"]:
        addressees[rec["addressee"]] = addressees.get(rec["addressee"], 0) + 1
    click.echo("Recommendations: " + (", ".join(f"{n} to {a}" for a, n in addressees.items())
                                      or "none"))
    for rec in summary["recommendations"]:
        state = f" ({rec['source_state']})" if rec["source_state"] else ""
        click.echo(f"  {rec['priority']}. {rec['short_title']}{state} — "
                   f"{rec['theme'] or 'no theme'}")
    click.echo(f"Persons ({len(summary['persons'])}): {', '.join(summary['persons'])}")
    click.echo("Dry run: nothing was written.")


COMMANDS = (import_briefing,)
