"""The persons a reader may see, read from an index on PostgreSQL.

Where a query of many rows checks the visibility rule's "the person is one this reader may
see", PostgreSQL builds once the list of those persons and looks each row up in it. It read
that list from the table (8.5 ms for 18,000 persons at large scale, once per count of the
dashboard and the follow-ups page). With the id in the index on (sensitivity, archived_at) it
reads the index alone (1.4 ms). SQLite holds the id (its rowid) in every index already: the
index is the same for it.

Revision ID: d2b6e8a4c9f1
Revises: c7e2a9f4b1d6
Create Date: 2026-12-04 10:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd2b6e8a4c9f1'
down_revision = 'c7e2a9f4b1d6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_persons_sensitivity_archived_at_id', 'persons',
                    ['sensitivity', 'archived_at', 'id'], unique=False)
    op.drop_index('ix_persons_sensitivity_archived_at', table_name='persons')


def downgrade():
    op.create_index('ix_persons_sensitivity_archived_at', 'persons',
                    ['sensitivity', 'archived_at'], unique=False)
    op.drop_index('ix_persons_sensitivity_archived_at_id', table_name='persons')
