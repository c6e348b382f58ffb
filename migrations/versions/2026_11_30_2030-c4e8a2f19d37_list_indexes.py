"""Composite indexes for the paginated lists: follow-up sections, keyset pages of meetings and
the audit log, a case's updates by date.

Revision ID: c4e8a2f19d37
Revises: 7db99dda8829
Create Date: 2026-11-30 20:30:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4e8a2f19d37'
down_revision = '7db99dda8829'
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_follow_ups_status_due_on_id", "follow_ups", ["status", "due_on", "id"]),
    ("ix_follow_ups_owner_user_id_status_due_on", "follow_ups",
     ["owner_user_id", "status", "due_on"]),
    ("ix_follow_ups_closed_at_id", "follow_ups", ["closed_at", "id"]),
    ("ix_meetings_starts_at_id", "meetings", ["starts_at", "id"]),
    ("ix_audit_events_at_id", "audit_events", ["at", "id"]),
    ("ix_case_updates_case_id_happened_on", "case_updates", ["case_id", "happened_on"]),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
