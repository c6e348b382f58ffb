"""Parley's ``flask`` commands, one module per area, each listing its commands in ``COMMANDS``."""

import importlib
import pkgutil
from pathlib import Path

from flask import Flask


def register_commands(app: Flask) -> None:
    """Register the commands of every module in ``app/cli/``."""
    folder = Path(__file__).resolve().parent
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda i: i.name):
        module = importlib.import_module(f"app.cli.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            app.cli.add_command(command)
