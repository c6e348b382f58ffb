"""Time zones: a meeting's, a dialogue event's (the default of its meetings) and each user's.

Plain ALTER TABLE on SQLite (no batch rebuild: meetings keep their search triggers).

Revision ID: f1a2b3c4d5e6
Revises: e4b7c1d9a2f6
Create Date: 2026-12-01 14:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f1a2b3c4d5e6'
down_revision = 'e4b7c1d9a2f6'
branch_labels = None
depends_on = None

TABLES = ('meetings', 'dialogue_events', 'users')


def upgrade():
    for table in TABLES:
        op.add_column(table, sa.Column('time_zone', sa.String(length=64), nullable=True))


def downgrade():
    for table in reversed(TABLES):
        op.drop_column(table, 'time_zone')
