"""Indexes for the pages on large data: a person's and a colleague's meetings, commitments at
given meetings, the live meetings and open follow-ups counted from the index, the tracker's
raisings and recommendations.

Only CREATE INDEX and DROP INDEX: no table is rebuilt (several have triggers on SQLite).

Revision ID: bed361e2182a
Revises: c4e8a2f19d37
Create Date: 2026-11-30 23:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'bed361e2182a'
down_revision = 'c4e8a2f19d37'
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_meeting_persons_person_id_meeting_id", "meeting_persons", ["person_id", "meeting_id"]),
    ("ix_meeting_users_user_id_meeting_id", "meeting_users", ["user_id", "meeting_id"]),
    ("ix_follow_ups_meeting_id_direction", "follow_ups", ["meeting_id", "direction"]),
    ("ix_follow_ups_status_archived_at_due_on_id_direction", "follow_ups",
     ["status", "archived_at", "due_on", "id", "direction"]),
    ("ix_meetings_starts_at_id_archived_at", "meetings", ["starts_at", "id", "archived_at"]),
    ("ix_meetings_status_archived_at_starts_at_id", "meetings",
     ["status", "archived_at", "starts_at", "id"]),
    ("ix_raisings_person_id_archived_at_recommendation_id", "raisings",
     ["person_id", "archived_at", "recommendation_id"]),
    ("ix_raisings_recommendation_id_person_id", "raisings", ["recommendation_id", "person_id"]),
    ("ix_recommendations_priority_id_archived_at", "recommendations",
     ["priority", "id", "archived_at"]),
)
#: Replaced by the ones above going on with archived_at (and the side): every page leaves
#: the archived rows out, and counts them from the index alone.
REPLACED = (("ix_follow_ups_status_due_on_id", "follow_ups", ["status", "due_on", "id"]),
            ("ix_meetings_starts_at_id", "meetings", ["starts_at", "id"]))


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    for name, table, _ in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade():
    for name, table, columns in REPLACED:
        op.create_index(name, table, columns, unique=False)
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
