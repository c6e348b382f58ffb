"""Parley's ``flask`` commands, one module per area."""

from flask import Flask


def register_commands(app: Flask) -> None:
    """Register every Parley command on ``app``."""
    from app.cli import demo, users

    for module in (users, demo):
        for command in module.COMMANDS:
            app.cli.add_command(command)
