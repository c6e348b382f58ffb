"""Full-text backends, one per SQL dialect; both answer "which ids of this table match?".

The ids are only candidates: the caller loads the rows through the ORM so that the visibility
rule hides restricted persons and cases (never trust the index with who may see what).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.services.search.schema import FTS_TABLE, SEARCHED, postgres_vector

#: At most this many candidates are ranked per table (the first found, then best first).
RANK_WINDOW = 300


class SQLiteBackend:
    """SQLite FTS5: one table, one column per searched table, rowid = id * 8 + kind code."""

    def ids(self, session: Session, table: str, terms: list[str], limit: int) -> list[int]:
        """Ids of ``table`` rows matching every term (as a word prefix), best first."""
        return self.ids_any(session, table, [terms], limit)

    def ids_any(self, session: Session, table: str, groups: list[list[str]],
                limit: int) -> list[int]:
        """Ids of ``table`` rows matching every term of any of ``groups``, best first."""
        code = next(code for name, code, _ in SEARCHED if name == table)
        match = f"{{{table}}} : (" + " OR ".join(
            "(" + " AND ".join(f'"{term}"*' for term in terms) + ")" for terms in groups) + ")"
        rows = session.execute(
            text(f"SELECT rowid FROM (SELECT rowid, rank FROM {FTS_TABLE} "
                 f"WHERE {FTS_TABLE} MATCH :match AND rowid % 8 = :code LIMIT :window) "
                 f"ORDER BY rank LIMIT :limit"),
            {"match": match, "code": code, "window": RANK_WINDOW, "limit": limit})
        return [rowid // 8 for (rowid,) in rows]


class PostgresBackend:
    """PostgreSQL: ``to_tsvector('simple', …) @@ to_tsquery`` on GIN expression indexes."""

    def ids(self, session: Session, table: str, terms: list[str], limit: int) -> list[int]:
        """Ids of ``table`` rows matching every term (as a word prefix), best first."""
        return self.ids_any(session, table, [terms], limit)

    def ids_any(self, session: Session, table: str, groups: list[list[str]],
                limit: int) -> list[int]:
        """Ids of ``table`` rows matching every term of any of ``groups``, best first."""
        vector = postgres_vector(table)
        query = " | ".join("(" + " & ".join(f"{term}:*" for term in terms) + ")"
                           for terms in groups)
        # The planner prices to_tsvector() of long notes far too low and GIN prefix matches
        # too high, and so prefers reading the whole table; steer it to the index for these
        # statements only (SET LOCAL lasts until the end of the transaction at most).
        session.execute(text("SET LOCAL enable_seqscan = off"))
        try:
            rows = session.execute(
                text(f"SELECT id FROM (SELECT id, {vector} AS document FROM {table} "
                     f"WHERE {vector} @@ to_tsquery('simple'::regconfig, :query) "
                     f"LIMIT :window) hits "
                     f"ORDER BY ts_rank(document, to_tsquery('simple'::regconfig, :query)) DESC, "
                     f"id DESC LIMIT :limit"),
                {"query": query, "window": RANK_WINDOW, "limit": limit}).all()
        finally:
            session.execute(text("SET LOCAL enable_seqscan TO DEFAULT"))
        return [record_id for (record_id,) in rows]


def backend_for(session: Session):
    """The backend for the session's database."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return PostgresBackend()
    if dialect == "sqlite":
        return SQLiteBackend()
    raise RuntimeError(f"Full-text search is not available on {dialect}.")
