"""UPR recommendation lists: a source's document symbol and cycle; a recommendation's paragraph,
the state's response (supported or noted) and the earlier recommendation it repeats.

SQLite: the columns are added and dropped with plain ALTER TABLE (a batch rebuild of
``recommendations`` would lose its search triggers); the link to the earlier recommendation is
an inline REFERENCES clause of the new column, with no ON DELETE rule (SQLite does not reflect
one there, so the models could not say it; recommendations are archived, never deleted).

Revision ID: 5c2e8f4a7d19
Revises: da52cf27958e
Create Date: 2026-12-01 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5c2e8f4a7d19'
down_revision = 'da52cf27958e'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('sources', sa.Column('document_symbol', sa.String(length=100), nullable=True))
    op.add_column('sources', sa.Column('upr_cycle', sa.Integer(), nullable=True))
    op.add_column('recommendations', sa.Column('upr_paragraph', sa.String(length=20),
                                               nullable=True))
    op.add_column('recommendations', sa.Column(
        'upr_response', sa.Enum('supported', 'noted', name='uprresponse', native_enum=False,
                                create_constraint=False, length=32), nullable=True))
    op.add_column('recommendations', sa.Column(
        'previous_id', sa.Integer(),
        sa.ForeignKey('recommendations.id',
                      name=op.f('fk_recommendations_previous_id_recommendations')),
        nullable=True), inline_references=True)


def downgrade():
    # Plain ALTER TABLE, not batch mode: a batch rebuild on SQLite would lose the search
    # triggers of ``recommendations``.
    op.drop_column('recommendations', 'previous_id')
    op.drop_column('recommendations', 'upr_response')
    op.drop_column('recommendations', 'upr_paragraph')
    op.drop_column('sources', 'upr_cycle')
    op.drop_column('sources', 'document_symbol')
