"""Covering indexes for hot reads.

Follow-ups: the index that serves the open follow-ups (dashboard, review sections and
their counts) also holds the columns the visibility rule and the "mine" scope read (case,
owner person, owner user, meeting), so that counting the open ones reads the index alone. Read
through the table, the 14,000 open follow-ups among 200,000 took 44 ms on SQLite; from the
index, 7 ms.

Posts: the type-ahead looks for a word inside a person's post; scanning an index of (role,
person) instead of every post's row took the 40,000 posts from 8 ms to 2 ms.

Stakeholders: the list's count of the persons a reader may see (sensitivity, archived_at) and
the country filter's choices (country, sensitivity) read an index alone: 3 ms to 1 ms and
13 ms to 2 ms at 20,000 persons. They replace the indexes on the sensitivity alone and on the
country alone. The sensitivity comes first: led by archived_at, SQLite (which has no
statistics) took the index for every list of live persons and sorted them all, where it
reads the index on names in order and stops at the page's end.

Revision ID: e1c4a9d2f7b3
Revises: b3e8f2a7c1d5
Create Date: 2026-12-03 09:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e1c4a9d2f7b3'
down_revision = 'b3e8f2a7c1d5'
branch_labels = None
depends_on = None

OLD = ["status", "archived_at", "due_on", "id", "direction"]
NEW = [*OLD, "case_id", "owner_person_id", "owner_user_id", "meeting_id"]


def upgrade():
    op.drop_index('ix_follow_ups_status_archived_at_due_on_id_direction', table_name='follow_ups')
    op.create_index('ix_follow_ups_open_review', 'follow_ups', NEW, unique=False)
    op.create_index('ix_affiliations_role_person_id', 'affiliations', ['role', 'person_id'],
                    unique=False)
    op.drop_index('ix_persons_sensitivity', table_name='persons')
    op.create_index('ix_persons_sensitivity_archived_at', 'persons',
                    ['sensitivity', 'archived_at'], unique=False)
    op.drop_index('ix_persons_country', table_name='persons')
    op.create_index('ix_persons_country_sensitivity', 'persons', ['country', 'sensitivity'],
                    unique=False)


def downgrade():
    op.drop_index('ix_persons_country_sensitivity', table_name='persons')
    op.create_index('ix_persons_country', 'persons', ['country'], unique=False)
    op.drop_index('ix_persons_sensitivity_archived_at', table_name='persons')
    op.create_index('ix_persons_sensitivity', 'persons', ['sensitivity'], unique=False)
    op.drop_index('ix_affiliations_role_person_id', table_name='affiliations')
    op.drop_index('ix_follow_ups_open_review', table_name='follow_ups')
    op.create_index('ix_follow_ups_status_archived_at_due_on_id_direction', 'follow_ups', OLD,
                    unique=False)
