"""A downgrade that would drop tables holding rows is refused unless the operator says so.

``migrations/env.py`` calls :func:`refuse_destructive_downgrade` before running any migration.
It asks the running Alembic command which steps it will take; when some are downgrades, it reads
the tables their ``downgrade()`` functions drop (``op.drop_table("name")``), counts the rows those
tables hold (one query), and refuses with one line naming them. ``flask db downgrade
--yes-destroy-data`` (see :mod:`app.cli.database`) or ``PARLEY_ALLOW_DESTRUCTIVE_DOWNGRADE=1``
lets it proceed. Empty tables never stop a downgrade.
"""

from __future__ import annotations

import inspect as source
import os
import re

from alembic.util import CommandError
from sqlalchemy import func, inspect, literal, select, table, union_all
from sqlalchemy.engine import Connection

#: Set to 1 to let any downgrade drop tables with rows (for scripted rebuilds of test copies).
ALLOW_ENV = "PARLEY_ALLOW_DESTRUCTIVE_DOWNGRADE"
#: The ``-x`` argument ``flask db downgrade --yes-destroy-data`` passes on to env.py.
ALLOW_X_ARG = "yes-destroy-data"
#: ``op.drop_table('name')`` in a migration's downgrade function.
DROP_TABLE = re.compile(r"""op\.drop_table\(\s*['"](\w+)['"]""")


def tables_dropped_by(steps) -> list[str]:
    """The tables the downgrade steps among ``steps`` drop, in the order they drop them."""
    dropped: list[str] = []
    for step in steps:
        if getattr(step, "is_upgrade", True) or not hasattr(step, "revision"):
            continue  # upgrades and stamps drop nothing
        code = source.getsource(step.revision.module.downgrade)
        dropped.extend(name for name in DROP_TABLE.findall(code) if name not in dropped)
    return dropped


def rows_held(connection: Connection, names: list[str]) -> dict[str, int]:
    """Row counts of those of ``names`` that exist and hold rows (one query)."""
    present = set(inspect(connection).get_table_names())
    counts = [select(literal(name).label("name"), func.count().label("rows"))
              .select_from(table(name)) for name in names if name in present]
    if not counts:
        return {}
    result = connection.execute(union_all(*counts)).all()
    return {name: rows for name, rows in result if rows}


def planned_steps(migration_context) -> list:
    """The steps the running Alembic command is about to take on this database."""
    plan = getattr(migration_context, "_migrations_fn", None)
    if plan is None:
        return []
    return list(plan(migration_context.get_current_heads(), migration_context))


def refuse_destructive_downgrade(migration_context, x_arguments) -> None:
    """Raise CommandError (one line) when the planned downgrade drops tables holding rows."""
    if os.environ.get(ALLOW_ENV) == "1" or ALLOW_X_ARG in x_arguments:
        return
    if migration_context.as_sql:
        return  # --sql only prints the statements
    dropped = tables_dropped_by(planned_steps(migration_context))
    if not dropped:
        return
    held = rows_held(migration_context.connection, dropped)
    if not held:
        return
    listing = ", ".join(f"{name} ({rows})" for name, rows in held.items())
    raise CommandError(
        f"Refused: this downgrade would drop tables holding {sum(held.values())} rows: "
        f"{listing}. Back up first, then repeat with --yes-destroy-data "
        f"(or {ALLOW_ENV}=1).")
