"""The synthetic data command: ``flask --app app seed-synthetic --scale small|medium|large``."""

from __future__ import annotations

import os
import secrets
import sys
import time
from typing import TextIO

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.models import Role, Sensitivity, User
from app.security.passwords import password_problem
from app.services.synthetic import (
    SCALES,
    SYNTHETIC_DOMAIN,
    RealRecordsFound,
    SyntheticDataFound,
    scale_named,
    seed_synthetic,
    settle,
)

#: Accounts listed per role and clearance at the end.
SHOWN_PER_GROUP = 2


class LineProgress:
    """One line per table on stderr: rewritten in place on a terminal, printed once when done
    with the seconds since the line before (tables written together share the first one's)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.last = time.perf_counter()
        self.finished: set[str] = set()

    def __call__(self, table: str, done: int, total: int) -> None:
        """Report ``done`` of ``total`` rows of ``table``."""
        if table in self.finished:
            return
        line = f"  {table:<30} {done:>9,} / {f'{total:,}' if total else '?':<9}"
        if done >= total and (total or not done):
            self.finished.add(table)
            now = time.perf_counter()
            seconds, self.last = now - self.last, now
            click.echo(f"\r{line} {seconds:6.1f} s", err=True)
        elif self.live:
            click.echo(f"\r{line}", nl=False, err=True)


def _password(given: str | None) -> tuple[str, bool]:
    """The accounts' password and whether it was generated here (then it is printed)."""
    password = given or os.environ.get("PARLEY_PASSWORD")
    if not password:
        return secrets.token_urlsafe(18), True
    problem = password_problem(password)
    if problem:
        raise click.ClickException(f"Password refused: {problem}")
    return password, False


def _accounts() -> list[str]:
    """A few synthetic accounts of each role and clearance, as lines to print."""
    users = db.session.scalars(select(User).where(User.email.like(f"%@{SYNTHETIC_DOMAIN}"))
                               .order_by(User.role, User.clearance, User.email)).all()
    shown: dict[tuple[Role, Sensitivity], int] = {}
    lines: list[str] = []
    for user in users:
        group = (user.role, user.clearance)
        shown[group] = shown.get(group, 0) + 1
        if shown[group] > SHOWN_PER_GROUP:
            continue
        note = " (sets up a second factor at the first sign-in)" if user.role is Role.ADMIN else ""
        lines.append(f"  {user.role.value:<8} {user.clearance.label:<13} {user.email}{note}")
    lines.append(f"  … {len(users)} synthetic accounts in all, every one at @{SYNTHETIC_DOMAIN} "
                 "(Admin > Users lists them).")
    return lines


@click.command("seed-synthetic")
@with_appcontext
@click.option("--scale", default="small", show_default=True,
              help="small, medium or large, or a factor of large such as 0.001. "
                   + "; ".join(f"{name}: {scale.persons:,} persons, {scale.meetings:,} meetings"
                               for name, scale in SCALES.items()) + ".")
@click.option("--seed", default=1, show_default=True, type=int,
              help="The same seed gives the same data.")
@click.option("--force", is_flag=True,
              help="Seed even when the database holds records (real or synthetic): the new "
                   "synthetic data is added beside them.")
@click.option("--password", default=None,
              help="Password of every synthetic account (15+ characters; or PARLEY_PASSWORD). "
                   "Without it one is generated and printed once.")
def seed_synthetic_command(scale: str, seed: int, force: bool, password: str | None) -> None:
    """Fill a migrated database with realistic, reproducible synthetic data.

    Every synthetic record is created by a synthetic account (e-mail at
    synthetic.parley.example); a record made otherwise is real. The command refuses a
    database holding real records, and a second run on a synthetic one, unless --force (which
    adds another set). Progress goes to stderr; the counts and how to sign in to stdout.
    """
    try:
        chosen = scale_named(scale)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--scale") from None
    secret, generated = _password(password)
    began = time.perf_counter()
    try:
        counts = seed_synthetic(db.engine, chosen, seed, progress=LineProgress(),
                                password=secret, force=force)
    except (RealRecordsFound, SyntheticDataFound) as exc:
        raise click.ClickException(f"Refused: {exc}") from None
    settle(db.engine)
    minutes, seconds = divmod(round(time.perf_counter() - began), 60)
    took = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
    click.echo(f"Synthetic data added (scale {chosen.name}, seed {seed}) in {took}:")
    click.echo("  " + ", ".join(f"{n:,} {kind.replace('_', ' ')}" for kind, n in counts.items()))
    click.echo("Sign in at /login with a synthetic account:")
    for line in _accounts():
        click.echo(line)
    if generated:
        click.echo(f"Password of every synthetic account (shown once): {secret}")
    else:
        click.echo("Password of every synthetic account: the one given (--password or "
                   "PARLEY_PASSWORD).")


COMMANDS = (seed_synthetic_command,)
