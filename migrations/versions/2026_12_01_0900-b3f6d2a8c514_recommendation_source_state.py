"""Recommendations: the recommending state of a UPR recommendation ("… (Norway)" in a paper).

SQLite: the column is added and dropped with plain ALTER TABLE (a batch rebuild of
``recommendations`` would lose its search triggers).

Revision ID: b3f6d2a8c514
Revises: bed361e2182a
Create Date: 2026-12-01 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3f6d2a8c514'
down_revision = 'bed361e2182a'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('recommendations', sa.Column('source_state', sa.String(length=200), nullable=True))


def downgrade():
    # Plain ALTER TABLE, not batch mode: a batch rebuild on SQLite would lose the search
    # triggers of ``recommendations``.
    op.drop_column('recommendations', 'source_state')
