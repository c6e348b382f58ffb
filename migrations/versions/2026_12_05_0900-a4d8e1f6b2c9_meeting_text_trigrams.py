"""Meeting text trigrams: the meetings list's index of texts

The meetings list's search box looks for a word anywhere in a meeting's title, place, purpose,
objective, notes or outcome. SQLite: an FTS5 table ``search_meeting_texts`` (trigram
tokenizer, external content: the meetings table) kept current by triggers. PostgreSQL:
``pg_trgm`` GIN indexes on ``lower()`` of each text, when the extension is installed (the
name trigrams' migration installs it where it may); otherwise the search reads the columns as
before. See app/services/search/text_trigrams.py; the SQL is frozen here as this revision wrote
it.

Revision ID: a4d8e1f6b2c9
Revises: d2b6e8a4c9f1
Create Date: 2026-12-05 09:00:00

"""
from alembic import op
from sqlalchemy import text

# revision identifiers, used by Alembic.
revision = 'a4d8e1f6b2c9'
down_revision = 'd2b6e8a4c9f1'
branch_labels = None
depends_on = None

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_meeting_texts USING fts5(title, place, purpose, objective, notes, outcome, content = 'meetings', content_rowid = 'id', tokenize = 'trigram')",
    'CREATE TRIGGER search_meeting_texts_insert AFTER INSERT ON meetings BEGIN INSERT INTO search_meeting_texts(rowid, title, place, purpose, objective, notes, outcome) VALUES (new.id, new.title, new.place, new.purpose, new.objective, new.notes, new.outcome); END',
    "CREATE TRIGGER search_meeting_texts_update AFTER UPDATE OF id, title, place, purpose, objective, notes, outcome ON meetings BEGIN INSERT INTO search_meeting_texts(search_meeting_texts, rowid, title, place, purpose, objective, notes, outcome) VALUES ('delete', old.id, old.title, old.place, old.purpose, old.objective, old.notes, old.outcome); INSERT INTO search_meeting_texts(rowid, title, place, purpose, objective, notes, outcome) VALUES (new.id, new.title, new.place, new.purpose, new.objective, new.notes, new.outcome); END",
    "CREATE TRIGGER search_meeting_texts_delete AFTER DELETE ON meetings BEGIN INSERT INTO search_meeting_texts(search_meeting_texts, rowid, title, place, purpose, objective, notes, outcome) VALUES ('delete', old.id, old.title, old.place, old.purpose, old.objective, old.notes, old.outcome); END",
    "INSERT INTO search_meeting_texts(search_meeting_texts) VALUES ('rebuild')",
)
SQLITE_DROP = (
    'DROP TRIGGER IF EXISTS search_meeting_texts_insert',
    'DROP TRIGGER IF EXISTS search_meeting_texts_update',
    'DROP TRIGGER IF EXISTS search_meeting_texts_delete',
    'DROP TABLE IF EXISTS search_meeting_texts',
)
POSTGRES_CREATE = (
    'CREATE INDEX search_meeting_texts_title ON meetings USING gin (lower(title) gin_trgm_ops)',
    'CREATE INDEX search_meeting_texts_place ON meetings USING gin (lower(place) gin_trgm_ops)',
    'CREATE INDEX search_meeting_texts_purpose ON meetings USING gin (lower(purpose) gin_trgm_ops)',
    'CREATE INDEX search_meeting_texts_objective ON meetings USING gin (lower(objective) gin_trgm_ops)',
    'CREATE INDEX search_meeting_texts_notes ON meetings USING gin (lower(notes) gin_trgm_ops)',
    'CREATE INDEX search_meeting_texts_outcome ON meetings USING gin (lower(outcome) gin_trgm_ops)',
)
POSTGRES_DROP = (
    'DROP INDEX IF EXISTS search_meeting_texts_title',
    'DROP INDEX IF EXISTS search_meeting_texts_place',
    'DROP INDEX IF EXISTS search_meeting_texts_purpose',
    'DROP INDEX IF EXISTS search_meeting_texts_objective',
    'DROP INDEX IF EXISTS search_meeting_texts_notes',
    'DROP INDEX IF EXISTS search_meeting_texts_outcome',
)


def _run(statements):
    for statement in statements:
        op.execute(statement)


def _has_pg_trgm() -> bool:
    return op.get_bind().execute(
        text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first() is not None


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
