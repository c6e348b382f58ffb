"""What full-text search indexes, and the database objects that do it.

These objects live outside the SQLAlchemy metadata on purpose (an FTS5 virtual table and its
shadow tables on SQLite; GIN expression indexes on PostgreSQL). They are created by the
migration "Full-text search index" and are all named ``search_…`` so that Alembic's
autogenerate leaves them alone
(:func:`app.services.database_only.include_name`). Changing :data:`SEARCHED` needs a new
migration that drops and recreates them.

Encrypted fields (app/security/field_crypto.py: a person's email, phone, consent and notes, a
case's notes) are never indexed: the index would hold their plain text in the database.
"""

from __future__ import annotations

#: (table, kind code, columns): the text of each row that search looks into.
SEARCHED = (
    ("persons", 1, ("full_name", "country")),
    ("person_names", 2, ("name",)),
    ("organisations", 3, ("name", "acronym", "country")),
    ("meetings", 4, ("title", "place", "purpose", "objective", "notes", "outcome")),
    ("recommendations", 5, ("short_title", "text", "addressee")),
    ("findings", 6, ("text",)),
    ("cases", 7, ("title", "charges", "summary")),
)
#: SQLite: the FTS5 table; its rowid is ``record id * 8 + kind code``.
FTS_TABLE = "search_index"
PREFIX = "search_"
TOKENIZER = "unicode61 remove_diacritics 2"


def document(columns, row: str = "") -> str:
    """SQL concatenating a row's searched columns (``row`` is ``new.``/``old.`` in triggers)."""
    return " || ' ' || ".join(f"coalesce({row}{column}, '')" for column in columns)


def sqlite_create(searched=SEARCHED) -> list[str]:
    """The FTS5 table, the triggers keeping it current, and the rows already present."""
    columns = ", ".join(table for table, _, _ in searched)
    statements = [(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({columns}, "
                   f"tokenize = '{TOKENIZER}')")]
    for table, code, fields in searched:
        rowid_new, rowid_old = f"new.id * 8 + {code}", f"old.id * 8 + {code}"
        insert = (f"INSERT INTO {FTS_TABLE}(rowid, {table}) "
                  f"VALUES ({rowid_new}, {document(fields, 'new.')});")
        delete = f"DELETE FROM {FTS_TABLE} WHERE rowid = {rowid_old};"
        statements += [
            f"CREATE TRIGGER {PREFIX}{table}_insert AFTER INSERT ON {table} BEGIN {insert} END",
            (f"CREATE TRIGGER {PREFIX}{table}_update AFTER UPDATE OF id, {', '.join(fields)} "
             f"ON {table} BEGIN {delete} {insert} END"),
            f"CREATE TRIGGER {PREFIX}{table}_delete AFTER DELETE ON {table} BEGIN {delete} END",
            (f"INSERT INTO {FTS_TABLE}(rowid, {table}) "
             f"SELECT id * 8 + {code}, {document(fields)} FROM {table}"),
        ]
    return statements


def sqlite_drop(searched=SEARCHED) -> list[str]:
    """Undo :func:`sqlite_create`."""
    statements = []
    for table, _, _ in searched:
        statements += [f"DROP TRIGGER IF EXISTS {PREFIX}{table}_{event}"
                       for event in ("insert", "update", "delete")]
    return statements + [f"DROP TABLE IF EXISTS {FTS_TABLE}"]


def postgres_vector(table: str, searched=SEARCHED) -> str:
    """The indexed expression for ``table``; queries must repeat it exactly to use the index."""
    fields = next(fields for name, _, fields in searched if name == table)
    return f"to_tsvector('simple'::regconfig, {document(fields)})"


def postgres_create(searched=SEARCHED) -> list[str]:
    """One GIN expression index per searched table ('simple' configuration: any language)."""
    return [f"CREATE INDEX {PREFIX}{table} ON {table} "
            f"USING gin ({postgres_vector(table, searched)})" for table, _, _ in searched]


def postgres_drop(searched=SEARCHED) -> list[str]:
    """Undo :func:`postgres_create`."""
    return [f"DROP INDEX IF EXISTS {PREFIX}{table}" for table, _, _ in searched]
