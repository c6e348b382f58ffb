"""The UPR list import on the command line: the same reading, duplicates and links as the page."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.services.imports.briefing.lines import ImportRefused
from app.services.imports.upr import UprPlan, build_plan, read_upr_file, save_plan


@click.command("import-upr")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--addressee", default=None,
              help="Whom the recommendations ask (the State under review), unless the file says.")
@click.option("--no-links", is_flag=True,
              help="Do not link recommendations to earlier ones with the same substance.")
@click.option("--dry-run", is_flag=True, help="Print the preview; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="With --dry-run: the preview as JSON.")
def import_upr(file: Path, addressee: str | None, no_links: bool, dry_run: bool,
               as_json: bool) -> None:
    """Import a UPR recommendation list (CSV or .xlsx) in one transaction."""
    if not file.is_file():
        raise click.ClickException(f"No such file: {file}")
    if addressee is not None and len(addressee) > 200:
        raise click.ClickException("--addressee is longer than 200 characters.")
    try:
        upr = read_upr_file(file.read_bytes(), file.name)
    except ImportRefused as refusal:
        raise click.ClickException(f"{file.name}: {refusal}") from None
    plan = build_plan(db.session(), upr, file.name[:200])
    if dry_run and as_json:
        click.echo(json.dumps(preview_json(plan), ensure_ascii=False, indent=2))
        return
    _print_preview(plan)
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    declined = {entry.link_key for entry in plan.rows} if no_links else set()
    result = save_plan(db.session(), plan, declined, addressee)
    db.session.commit()
    click.echo(f"Created {result.created} recommendations ({result.linked} linked to an earlier "
               f"one) and {result.sources} sources.")


def preview_json(plan: UprPlan) -> dict:
    """The preview as one JSON object: columns read, counts, and every row."""
    rows = []
    for entry in plan.rows:
        row, earlier = entry.row, entry.earlier
        rows.append({
            "row": row.line, "status": entry.status, "paragraph": row.paragraph,
            "text": row.text, "state": row.state,
            "response": row.response.value if row.response else None, "cycle": row.cycle,
            "symbol": row.symbol, "duplicate_of": entry.duplicate_of,
            "problem": row.problem, "notes": row.notes,
            "earlier": None if earlier is None else {
                "id": earlier.recommendation_id, "score": earlier.score,
                "where": earlier.where}})
    return {"columns": dict(plan.upr.column_names()), "new": plan.count("new"),
            "duplicates": plan.count("duplicate"), "problems": plan.count("error"),
            "links": plan.suggested(), "compared_with": plan.candidates, "rows": rows}


def _print_preview(plan: UprPlan) -> None:
    for entry in plan.rows:
        row = entry.row
        if entry.status != "new":
            click.echo(f"row {row.line}: {entry.duplicate_of or row.problem}")
            continue
        for note in row.notes:
            click.echo(f"row {row.line}: {note}")
        if entry.earlier:
            click.echo(f"row {row.line}: as recommended previously: recommendation "
                       f"#{entry.earlier.recommendation_id} ({entry.earlier.score}% alike; "
                       f"{entry.earlier.where})")
    click.echo(f"{plan.count('new')} new, {plan.count('duplicate')} duplicates, "
               f"{plan.count('error')} with problems; {plan.suggested()} like an earlier "
               "recommendation.")


COMMANDS = (import_upr,)
