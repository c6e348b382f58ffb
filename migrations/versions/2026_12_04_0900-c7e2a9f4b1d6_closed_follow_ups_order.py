"""Closed follow-ups, latest first, on PostgreSQL.

The review page lists closed follow-ups latest closed first and those without a closing time
last (``closed_at DESC NULLS LAST, id DESC``). SQLite sorts empty values first in an
ascending index, so it reads ``ix_follow_ups_closed_at_id`` backwards in that order.
PostgreSQL sorts them last, so that index read backwards gives them first: it read all
200,000 follow-ups and sorted them (50 ms at large scale). This index, PostgreSQL's only, is
kept in the list's own order (app/services/database_only.py says why the model cannot
declare it).

Revision ID: c7e2a9f4b1d6
Revises: f3a9c2e7d1b8
Create Date: 2026-12-04 09:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c7e2a9f4b1d6'
down_revision = 'f3a9c2e7d1b8'
branch_labels = None
depends_on = None

NAME = "ix_follow_ups_closed_latest"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX {NAME} ON follow_ups (closed_at DESC NULLS LAST, id DESC)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {NAME}")
