"""Full-text search index

SQLite: an FTS5 table ``search_index`` kept current by triggers on persons, person_names,
organisations, meetings, recommendations, findings and cases. PostgreSQL: GIN expression
indexes on ``to_tsvector('simple', …)`` of the same columns. Both are outside the SQLAlchemy
metadata (see app/services/search/schema.py and migrations/env.py ``include_name``).

Revision ID: 5e4c1f0a9b2d
Revises: 3512ed6b8bb6
Create Date: 2026-11-24 23:00:00

"""
from alembic import op

from app.services.search import schema

# revision identifiers, used by Alembic.
revision = '5e4c1f0a9b2d'
down_revision = '3512ed6b8bb6'
branch_labels = None
depends_on = None


def _run(statements):
    for statement in statements:
        op.execute(statement)


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(schema.sqlite_create())
    elif dialect == "postgresql":
        _run(schema.postgres_create())


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(schema.sqlite_drop())
    elif dialect == "postgresql":
        _run(schema.postgres_drop())
