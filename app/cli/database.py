"""``flask db``: Flask-Migrate's commands, with a downgrade that asks before destroying data.

Flask-Migrate's ``db downgrade`` takes no new options, so Parley registers its own ``db`` group
(same commands, same options) whose ``downgrade`` adds ``--yes-destroy-data``. The flag is handed
to ``migrations/env.py`` as the ``-x yes-destroy-data`` argument, where
:func:`app.services.admin.downgrade_guard.refuse_destructive_downgrade` decides.
"""

from __future__ import annotations

import click
from flask_migrate.cli import db as migrate_group

from app.services.admin.downgrade_guard import ALLOW_ENV, ALLOW_X_ARG

_migrate_downgrade = migrate_group.commands["downgrade"]


@click.pass_context
def _downgrade(ctx: click.Context, yes_destroy_data: bool, **options) -> None:
    """Revert to a previous version; refused when it would drop tables holding rows."""
    if yes_destroy_data:
        options["x_arg"] = (*(options.get("x_arg") or ()), ALLOW_X_ARG)
    ctx.invoke(_migrate_downgrade, **options)


downgrade_command = click.Command(
    "downgrade", callback=_downgrade,
    params=[*_migrate_downgrade.params, click.Option(
        ["--yes-destroy-data"], is_flag=True,
        help=f"Drop tables even when they hold rows (or set {ALLOW_ENV}=1). Back up first.")],
    help="Revert to a previous version. Refused when it would drop tables holding rows, "
         "unless --yes-destroy-data is given.")

db_group = click.Group(
    "db", params=migrate_group.params, callback=migrate_group.callback, help=migrate_group.help,
    commands={**migrate_group.commands, "downgrade": downgrade_command})

COMMANDS = (db_group,)
