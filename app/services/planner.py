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
from sqlalchemy.types import NullType


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


class in_list(FunctionElement):
    """``column`` among the values ``select`` gives, read as a list first: on PostgreSQL
    ``column = ANY(ARRAY(SELECT …))``. Unlike ``IN (SELECT …)``, which PostgreSQL can only
    probe row by row, the list can join other conditions in one bitmap of index reads (OR'ed
    with trigram matches, the rare words of a search are read from the indexes alone); SQLite
    gets ``IN (SELECT …)``, which it already reads as a list."""

    # not Boolean: SQLAlchemy would write a Boolean condition as "(…) = 1" on SQLite
    type = NullType()
    name = "in_list"
    inherit_cache = True

    def __init__(self, column, select):
        super().__init__(column, select.scalar_subquery())


@compiles(in_list)
def _in_list_default(element, compiler, **kw):
    column, values = element.clauses.clauses
    return f"{compiler.process(column, **kw)} = ANY(ARRAY{compiler.process(values, **kw)})"


@compiles(in_list, "sqlite")
def _in_list_sqlite(element, compiler, **kw):
    column, values = element.clauses.clauses
    return f"{compiler.process(column, **kw)} IN {compiler.process(values, **kw)}"
