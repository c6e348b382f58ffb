"""Name trigrams: the type-ahead's index of names

A type-ahead looks for the letters typed anywhere in a full name, another spelling or a post.
SQLite: an FTS5 table ``search_names`` (trigram tokenizer) kept current by triggers on
persons, person_names and affiliations. PostgreSQL: ``pg_trgm`` GIN indexes on ``lower()`` of
the same columns; when the extension cannot be installed (it ships with PostgreSQL, and the
database's owner may install it), the indexes are left out and the type-ahead reads the
columns as before. See app/services/search/name_trigrams.py; the SQL is frozen here as this
revision wrote it.

Revision ID: f3a9c2e7d1b8
Revises: e1c4a9d2f7b3
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

# revision identifiers, used by Alembic.
revision = 'f3a9c2e7d1b8'
down_revision = 'e1c4a9d2f7b3'
branch_labels = None
depends_on = None

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_names USING fts5(name, person_id UNINDEXED, tokenize = 'trigram')",
    "CREATE TRIGGER search_names_persons_insert AFTER INSERT ON persons BEGIN INSERT INTO search_names(rowid, name, person_id) VALUES (new.id * 4 + 1, coalesce(new.full_name, ''), new.id); END",
    "CREATE TRIGGER search_names_persons_update AFTER UPDATE OF id, full_name ON persons BEGIN DELETE FROM search_names WHERE rowid = old.id * 4 + 1; INSERT INTO search_names(rowid, name, person_id) VALUES (new.id * 4 + 1, coalesce(new.full_name, ''), new.id); END",
    'CREATE TRIGGER search_names_persons_delete AFTER DELETE ON persons BEGIN DELETE FROM search_names WHERE rowid = old.id * 4 + 1; END',
    "INSERT INTO search_names(rowid, name, person_id) SELECT id * 4 + 1, coalesce(full_name, ''), id FROM persons",
    "CREATE TRIGGER search_names_person_names_insert AFTER INSERT ON person_names BEGIN INSERT INTO search_names(rowid, name, person_id) VALUES (new.id * 4 + 2, coalesce(new.name, ''), new.person_id); END",
    "CREATE TRIGGER search_names_person_names_update AFTER UPDATE OF id, name, person_id ON person_names BEGIN DELETE FROM search_names WHERE rowid = old.id * 4 + 2; INSERT INTO search_names(rowid, name, person_id) VALUES (new.id * 4 + 2, coalesce(new.name, ''), new.person_id); END",
    'CREATE TRIGGER search_names_person_names_delete AFTER DELETE ON person_names BEGIN DELETE FROM search_names WHERE rowid = old.id * 4 + 2; END',
    "INSERT INTO search_names(rowid, name, person_id) SELECT id * 4 + 2, coalesce(name, ''), person_id FROM person_names",
    "CREATE TRIGGER search_names_affiliations_insert AFTER INSERT ON affiliations BEGIN INSERT INTO search_names(rowid, name, person_id) VALUES (new.id * 4 + 3, coalesce(new.role, ''), new.person_id); END",
    "CREATE TRIGGER search_names_affiliations_update AFTER UPDATE OF id, role, person_id ON affiliations BEGIN DELETE FROM search_names WHERE rowid = old.id * 4 + 3; INSERT INTO search_names(rowid, name, person_id) VALUES (new.id * 4 + 3, coalesce(new.role, ''), new.person_id); END",
    'CREATE TRIGGER search_names_affiliations_delete AFTER DELETE ON affiliations BEGIN DELETE FROM search_names WHERE rowid = old.id * 4 + 3; END',
    "INSERT INTO search_names(rowid, name, person_id) SELECT id * 4 + 3, coalesce(role, ''), person_id FROM affiliations",
)
SQLITE_DROP = (
    'DROP TRIGGER IF EXISTS search_names_persons_insert',
    'DROP TRIGGER IF EXISTS search_names_persons_update',
    'DROP TRIGGER IF EXISTS search_names_persons_delete',
    'DROP TRIGGER IF EXISTS search_names_person_names_insert',
    'DROP TRIGGER IF EXISTS search_names_person_names_update',
    'DROP TRIGGER IF EXISTS search_names_person_names_delete',
    'DROP TRIGGER IF EXISTS search_names_affiliations_insert',
    'DROP TRIGGER IF EXISTS search_names_affiliations_update',
    'DROP TRIGGER IF EXISTS search_names_affiliations_delete',
    'DROP TABLE IF EXISTS search_names',
)
POSTGRES_CREATE = (
    'CREATE INDEX search_names_persons ON persons USING gin (lower(full_name) gin_trgm_ops)',
    'CREATE INDEX search_names_person_names ON person_names USING gin (lower(name) gin_trgm_ops)',
    'CREATE INDEX search_names_affiliations ON affiliations USING gin (lower(role) gin_trgm_ops)',
)
POSTGRES_DROP = (
    'DROP INDEX IF EXISTS search_names_persons',
    'DROP INDEX IF EXISTS search_names_person_names',
    'DROP INDEX IF EXISTS search_names_affiliations',
)


def _run(statements):
    for statement in statements:
        op.execute(statement)


def _has_pg_trgm() -> bool:
    """Install pg_trgm if it is not there yet; False when this database user may not."""
    bind = op.get_bind()
    if bind.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first():
        return True
    if not bind.execute(text("SELECT 1 FROM pg_available_extensions "
                             "WHERE name = 'pg_trgm'")).first():
        return False
    try:
        with bind.begin_nested():
            bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError:  # no privilege: the type-ahead works without the index
        return False
    return True


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_CREATE)
    elif dialect == "postgresql" and _has_pg_trgm():
        _run(POSTGRES_CREATE)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DROP)
    elif dialect == "postgresql":
        _run(POSTGRES_DROP)
