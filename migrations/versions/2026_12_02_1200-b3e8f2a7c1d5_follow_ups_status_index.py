"""Follow-ups: drop the index on the status alone. A status is never selective (most
follow-ups are closed after years of work); the composite index led by status, archived_at
and due date serves every list and count, and SQLite, planning without statistics, took the
narrow one and read every closed follow-up through it.

Revision ID: b3e8f2a7c1d5
Revises: d7a1f3c9e2b4
Create Date: 2026-12-02 12:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3e8f2a7c1d5'
down_revision = 'd7a1f3c9e2b4'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_follow_ups_status', table_name='follow_ups')


def downgrade():
    op.create_index('ix_follow_ups_status', 'follow_ups', ['status'], unique=False)
