"""Steering SQLite's query planner, which has no statistics about the data.

Without statistics (Parley does not run ``ANALYZE`` on SQLite), SQLite takes every index
equality as selective, and may walk the index on a column with two or three values (a
follow-up's status or direction, "no person") through half the table, when another condition
of the same query (the meetings of one event, a handful of persons) would read a few rows.
:class:`unindexed` wraps such a column: SQLite then cannot use an index for that condition
(``+column``, SQLite's documented way), and picks the selective one. PostgreSQL, which keeps
statistics, gets the column as is. SQLAlchemy's ``with_hint`` does nothing on SQLite.
"""

from __future__ import annotations

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class unindexed(FunctionElement):
    """``column`` compared without its index on SQLite: ``unindexed(FollowUp.status) == …``."""

    name = "unindexed"
    inherit_cache = True

    def __init__(self, column):
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _unindexed_default(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element, compiler, **kw):
    return f"+{compiler.process(element.clauses, **kw)}"
