"""Parley's ``flask`` commands, one module per area, each listing its commands in ``COMMANDS``."""

import functools
import importlib
import pkgutil
from pathlib import Path

import click
from flask import Flask
from sqlalchemy.exc import DBAPIError

from app.services.admin.database_health import unavailable_reason


def register_commands(app: Flask) -> None:
    """Register the commands of every module in ``app/cli/``."""
    folder = Path(__file__).resolve().parent
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda i: i.name):
        module = importlib.import_module(f"app.cli.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            if not isinstance(command, click.Group):
                plain_database_errors(command)
            app.cli.add_command(command)


def plain_database_errors(command: click.Command) -> None:
    """Make ``command`` print one line, with no traceback, when the database is read-only,
    full or out of reach: a traceback would show the failed statement and its parameters
    (a password hash, a session token)."""
    callback = command.callback
    if callback is None or getattr(callback, "parley_plain_errors", False):
        return

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except DBAPIError as error:
            reason = unavailable_reason(error)
            if reason is None:
                raise
            raise click.ClickException(
                f"Parley's database is {reason}: nothing was saved. Check the database file's "
                "permissions, the free disk space or the database server.") from None

    run.parley_plain_errors = True  # type: ignore[attr-defined]  # marks the wrapper: wrap once
    command.callback = run
