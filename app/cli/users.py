"""User accounts on the command line: create-user, ensure-admin and reset-2fa."""

from __future__ import annotations

import os
import secrets
from typing import NoReturn

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import with_appcontext
from sqlalchemy import func, select

from app.extensions import db
from app.models import Role, Sensitivity, User
from app.security.audit import record
from app.security.passwords import hash_password, password_problem
from app.security.second_factor import disable_second_factor, factor_required


def _fail(message: str) -> NoReturn:
    raise click.ClickException(message)


def add_user(email: str, name: str, role: Role, password: str,
             clearance: Sensitivity | None = None) -> User:
    """Validate and add a user to the session (the caller commits)."""
    try:
        email = validate_email(email, check_deliverability=False, globally_deliverable=False).normalized.lower()
    except EmailNotValidError as exc:
        _fail(f"Invalid email: {exc}")
    if not name.strip():
        _fail("A name is required.")
    problem = password_problem(password)
    if problem:
        _fail(f"Password refused: {problem}")
    if db.session.scalar(select(User).where(func.lower(User.email) == email)):
        _fail(f"A user with email {email} already exists.")
    if clearance is None:
        clearance = Sensitivity.AT_RISK if role == Role.ADMIN else Sensitivity.NORMAL
    user = User(email=email, name=name.strip(), role=role, clearance=clearance,
                password_hash=hash_password(password))
    db.session.add(user)
    return user


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True, help="Sign-in email address.")
@click.option("--name", required=True, help="Full name shown in Parley.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default="officer",
              show_default=True)
@click.option("--clearance", type=click.Choice([s.value for s in Sensitivity]), default=None,
              help="Most restricted level this user may see (admins see all).")
def create_user(email: str, name: str, role: str, clearance: str | None) -> None:
    """Create a user; the password comes from PARLEY_PASSWORD or a prompt."""
    password = os.environ.get("PARLEY_PASSWORD")
    if not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = add_user(email, name, Role(role), password,
                    Sensitivity(clearance) if clearance else None)
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}.")


@click.command("ensure-admin")
@with_appcontext
def ensure_admin() -> None:
    """Create the first admin when no user exists; print its password once."""
    if db.session.scalar(select(func.count()).select_from(User)):
        click.echo("Users exist already; no admin created.")
        return
    email = os.environ.get("PARLEY_ADMIN_EMAIL") or "admin@parley.example"
    given = os.environ.get("PARLEY_ADMIN_PASSWORD")
    generated = not given
    password = given or secrets.token_urlsafe(18)
    add_user(email, "Parley administrator", Role.ADMIN, password)
    db.session.commit()
    click.echo(f"Created the first admin: {email}")
    if generated:
        click.echo(f"Password (shown once, change it after signing in): {password}")


@click.command("reset-2fa")
@with_appcontext
@click.option("--email", required=True, help="Sign-in email of the user who lost their phone.")
def reset_2fa(email: str) -> None:
    """Clear a user's second factor and recovery codes (lost phone) and end their sessions."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        _fail(f"No user with email {email}.")
    disable_second_factor(db.session(), user, by="command line")
    user.rotate_session()
    record(db.session(), "sessions_ended", user, changes={"reason": "second factor reset"})
    db.session.commit()
    then = "must set up a new one" if factor_required(user) else "may set up a new one"
    click.echo(f"Second factor and recovery codes cleared for {user.email}; their sessions "
               f"have ended. At their next sign-in they {then}.")


COMMANDS = (create_user, ensure_admin, reset_2fa)
