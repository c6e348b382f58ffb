"""Full-text search index

SQLite: an FTS5 table ``search_index`` kept current by triggers on persons, person_names,
organisations, meetings, recommendations, findings and cases. PostgreSQL: GIN expression
indexes on ``to_tsvector('simple', …)`` of the same columns. Both are outside the SQLAlchemy
metadata (see app/services/search/schema.py and migrations/env.py ``include_name``). The SQL
is frozen here as this revision wrote it; the application's schema module may move on.

Revision ID: 5e4c1f0a9b2d
Revises: 3512ed6b8bb6
Create Date: 2026-11-24 23:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '5e4c1f0a9b2d'
down_revision = '3512ed6b8bb6'
branch_labels = None
depends_on = None

#: The SQL of the search objects as this revision made them (frozen: later changes to
#: app/services/search/schema.py must not change what this migration does).
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_index USING fts5(persons, person_names, organisations, meetings, recommendations, findings, cases, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_persons_insert AFTER INSERT ON persons BEGIN INSERT INTO search_index(rowid, persons) VALUES (new.id * 8 + 1, coalesce(new.full_name, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.country, '')); END",
    "CREATE TRIGGER search_persons_update AFTER UPDATE OF id, full_name, email, country ON persons BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 1; INSERT INTO search_index(rowid, persons) VALUES (new.id * 8 + 1, coalesce(new.full_name, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.country, '')); END",
    'CREATE TRIGGER search_persons_delete AFTER DELETE ON persons BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 1; END',
    "INSERT INTO search_index(rowid, persons) SELECT id * 8 + 1, coalesce(full_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(country, '') FROM persons",
    "CREATE TRIGGER search_person_names_insert AFTER INSERT ON person_names BEGIN INSERT INTO search_index(rowid, person_names) VALUES (new.id * 8 + 2, coalesce(new.name, '')); END",
    "CREATE TRIGGER search_person_names_update AFTER UPDATE OF id, name ON person_names BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 2; INSERT INTO search_index(rowid, person_names) VALUES (new.id * 8 + 2, coalesce(new.name, '')); END",
    'CREATE TRIGGER search_person_names_delete AFTER DELETE ON person_names BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 2; END',
    "INSERT INTO search_index(rowid, person_names) SELECT id * 8 + 2, coalesce(name, '') FROM person_names",
    "CREATE TRIGGER search_organisations_insert AFTER INSERT ON organisations BEGIN INSERT INTO search_index(rowid, organisations) VALUES (new.id * 8 + 3, coalesce(new.name, '') || ' ' || coalesce(new.acronym, '') || ' ' || coalesce(new.country, '')); END",
    "CREATE TRIGGER search_organisations_update AFTER UPDATE OF id, name, acronym, country ON organisations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 3; INSERT INTO search_index(rowid, organisations) VALUES (new.id * 8 + 3, coalesce(new.name, '') || ' ' || coalesce(new.acronym, '') || ' ' || coalesce(new.country, '')); END",
    'CREATE TRIGGER search_organisations_delete AFTER DELETE ON organisations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 3; END',
    "INSERT INTO search_index(rowid, organisations) SELECT id * 8 + 3, coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(country, '') FROM organisations",
    "CREATE TRIGGER search_meetings_insert AFTER INSERT ON meetings BEGIN INSERT INTO search_index(rowid, meetings) VALUES (new.id * 8 + 4, coalesce(new.title, '') || ' ' || coalesce(new.place, '') || ' ' || coalesce(new.purpose, '') || ' ' || coalesce(new.objective, '') || ' ' || coalesce(new.notes, '') || ' ' || coalesce(new.outcome, '')); END",
    "CREATE TRIGGER search_meetings_update AFTER UPDATE OF id, title, place, purpose, objective, notes, outcome ON meetings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 4; INSERT INTO search_index(rowid, meetings) VALUES (new.id * 8 + 4, coalesce(new.title, '') || ' ' || coalesce(new.place, '') || ' ' || coalesce(new.purpose, '') || ' ' || coalesce(new.objective, '') || ' ' || coalesce(new.notes, '') || ' ' || coalesce(new.outcome, '')); END",
    'CREATE TRIGGER search_meetings_delete AFTER DELETE ON meetings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 4; END',
    "INSERT INTO search_index(rowid, meetings) SELECT id * 8 + 4, coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || coalesce(purpose, '') || ' ' || coalesce(objective, '') || ' ' || coalesce(notes, '') || ' ' || coalesce(outcome, '') FROM meetings",
    "CREATE TRIGGER search_recommendations_insert AFTER INSERT ON recommendations BEGIN INSERT INTO search_index(rowid, recommendations) VALUES (new.id * 8 + 5, coalesce(new.short_title, '') || ' ' || coalesce(new.text, '') || ' ' || coalesce(new.addressee, '')); END",
    "CREATE TRIGGER search_recommendations_update AFTER UPDATE OF id, short_title, text, addressee ON recommendations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 5; INSERT INTO search_index(rowid, recommendations) VALUES (new.id * 8 + 5, coalesce(new.short_title, '') || ' ' || coalesce(new.text, '') || ' ' || coalesce(new.addressee, '')); END",
    'CREATE TRIGGER search_recommendations_delete AFTER DELETE ON recommendations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 5; END',
    "INSERT INTO search_index(rowid, recommendations) SELECT id * 8 + 5, coalesce(short_title, '') || ' ' || coalesce(text, '') || ' ' || coalesce(addressee, '') FROM recommendations",
    "CREATE TRIGGER search_findings_insert AFTER INSERT ON findings BEGIN INSERT INTO search_index(rowid, findings) VALUES (new.id * 8 + 6, coalesce(new.text, '')); END",
    "CREATE TRIGGER search_findings_update AFTER UPDATE OF id, text ON findings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 6; INSERT INTO search_index(rowid, findings) VALUES (new.id * 8 + 6, coalesce(new.text, '')); END",
    'CREATE TRIGGER search_findings_delete AFTER DELETE ON findings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 6; END',
    "INSERT INTO search_index(rowid, findings) SELECT id * 8 + 6, coalesce(text, '') FROM findings",
    "CREATE TRIGGER search_cases_insert AFTER INSERT ON cases BEGIN INSERT INTO search_index(rowid, cases) VALUES (new.id * 8 + 7, coalesce(new.title, '') || ' ' || coalesce(new.charges, '') || ' ' || coalesce(new.summary, '') || ' ' || coalesce(new.notes, '')); END",
    "CREATE TRIGGER search_cases_update AFTER UPDATE OF id, title, charges, summary, notes ON cases BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 7; INSERT INTO search_index(rowid, cases) VALUES (new.id * 8 + 7, coalesce(new.title, '') || ' ' || coalesce(new.charges, '') || ' ' || coalesce(new.summary, '') || ' ' || coalesce(new.notes, '')); END",
    'CREATE TRIGGER search_cases_delete AFTER DELETE ON cases BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 7; END',
    "INSERT INTO search_index(rowid, cases) SELECT id * 8 + 7, coalesce(title, '') || ' ' || coalesce(charges, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(notes, '') FROM cases",
)
SQLITE_DROP = (
    'DROP TRIGGER IF EXISTS search_persons_insert',
    'DROP TRIGGER IF EXISTS search_persons_update',
    'DROP TRIGGER IF EXISTS search_persons_delete',
    'DROP TRIGGER IF EXISTS search_person_names_insert',
    'DROP TRIGGER IF EXISTS search_person_names_update',
    'DROP TRIGGER IF EXISTS search_person_names_delete',
    'DROP TRIGGER IF EXISTS search_organisations_insert',
    'DROP TRIGGER IF EXISTS search_organisations_update',
    'DROP TRIGGER IF EXISTS search_organisations_delete',
    'DROP TRIGGER IF EXISTS search_meetings_insert',
    'DROP TRIGGER IF EXISTS search_meetings_update',
    'DROP TRIGGER IF EXISTS search_meetings_delete',
    'DROP TRIGGER IF EXISTS search_recommendations_insert',
    'DROP TRIGGER IF EXISTS search_recommendations_update',
    'DROP TRIGGER IF EXISTS search_recommendations_delete',
    'DROP TRIGGER IF EXISTS search_findings_insert',
    'DROP TRIGGER IF EXISTS search_findings_update',
    'DROP TRIGGER IF EXISTS search_findings_delete',
    'DROP TRIGGER IF EXISTS search_cases_insert',
    'DROP TRIGGER IF EXISTS search_cases_update',
    'DROP TRIGGER IF EXISTS search_cases_delete',
    'DROP TABLE IF EXISTS search_index',
)
POSTGRES_CREATE = (
    "CREATE INDEX search_persons ON persons USING gin (to_tsvector('simple'::regconfig, coalesce(full_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(country, '')))",
    "CREATE INDEX search_person_names ON person_names USING gin (to_tsvector('simple'::regconfig, coalesce(name, '')))",
    "CREATE INDEX search_organisations ON organisations USING gin (to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(country, '')))",
    "CREATE INDEX search_meetings ON meetings USING gin (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || coalesce(purpose, '') || ' ' || coalesce(objective, '') || ' ' || coalesce(notes, '') || ' ' || coalesce(outcome, '')))",
    "CREATE INDEX search_recommendations ON recommendations USING gin (to_tsvector('simple'::regconfig, coalesce(short_title, '') || ' ' || coalesce(text, '') || ' ' || coalesce(addressee, '')))",
    "CREATE INDEX search_findings ON findings USING gin (to_tsvector('simple'::regconfig, coalesce(text, '')))",
    "CREATE INDEX search_cases ON cases USING gin (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(charges, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(notes, '')))",
)
POSTGRES_DROP = (
    'DROP INDEX IF EXISTS search_persons',
    'DROP INDEX IF EXISTS search_person_names',
    'DROP INDEX IF EXISTS search_organisations',
    'DROP INDEX IF EXISTS search_meetings',
    'DROP INDEX IF EXISTS search_recommendations',
    'DROP INDEX IF EXISTS search_findings',
    'DROP INDEX IF EXISTS search_cases',
)


def _run(statements):
    for statement in statements:
        op.execute(statement)


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_CREATE)
    elif dialect == "postgresql":
        _run(POSTGRES_CREATE)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DROP)
    elif dialect == "postgresql":
        _run(POSTGRES_DROP)
