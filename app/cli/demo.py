"""The demo data command."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only load the demo when the database has no meetings.")
def seed_demo_command(if_empty: bool) -> None:
    """Load the 2026 EU-Kazakhstan dialogue demo (running it twice duplicates nothing)."""
    from sqlalchemy import func, select

    from app.demo.build import seed_demo
    from app.models import Meeting

    if if_empty and db.session.scalar(select(func.count()).select_from(Meeting)):
        click.echo("The database holds meetings already; demo not loaded.")
        return
    counts = seed_demo(db.session())
    db.session.commit()
    created = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    click.echo(f"Demo loaded: {created}." if created else "Demo already loaded; nothing added.")


COMMANDS = (seed_demo_command,)
