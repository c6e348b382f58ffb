"""Database objects that live outside the SQLAlchemy metadata, made by migrations, and the
Alembic hook that leaves them out of schema comparisons (:func:`include_name`: the drift check
of ``flask db check`` and tests/test_migrations.py).

- The full-text search objects, all named ``search_…`` (:mod:`app.services.search.schema`).
- Indexes only PostgreSQL has (:data:`POSTGRESQL_ONLY_INDEXES`): an order SQLite cannot write
  in an index, which the model therefore cannot declare for both databases.
"""

from __future__ import annotations

from app.services.search.schema import PREFIX as SEARCH_PREFIX

#: Index name -> what it serves.
POSTGRESQL_ONLY_INDEXES = {
    "ix_follow_ups_closed_latest": (
        "the closed follow-ups, latest closed first and those without a closing time last "
        "(closed_at DESC NULLS LAST, id DESC): PostgreSQL sorts empty values last in an "
        "ascending index, so (closed_at, id) read backwards gives them first, and it read and "
        "sorted every follow-up; SQLite refuses NULLS LAST in an index and reads "
        "ix_follow_ups_closed_at_id backwards in this order"),
}


def include_name(name, type_, parent_names) -> bool:
    """Alembic ``include_name`` hook: compare every object but the search objects and the
    PostgreSQL-only indexes."""
    if type_ not in ("table", "index") or not name:
        return True
    return not (name.startswith(SEARCH_PREFIX) or name in POSTGRESQL_ONLY_INDEXES)
