"""A meeting logged without its start time: the day is known, the hour is not.

Plain ALTER TABLE on SQLite (no batch rebuild: meetings keep their search triggers).

Revision ID: a7d3e9f1c2b4
Revises: f1a2b3c4d5e6
Create Date: 2026-12-02 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7d3e9f1c2b4'
down_revision = 'f1a2b3c4d5e6'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('meetings', sa.Column('time_known', sa.Boolean(), nullable=False,
                                        server_default=sa.true()))


def downgrade():
    op.drop_column('meetings', 'time_known')
