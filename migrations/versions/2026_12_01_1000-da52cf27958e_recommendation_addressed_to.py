"""Recommendations: whom each is addressed to, read from its addressee (``addressed_to``).

The column is filled for the existing rows by the rule the model uses
(:func:`app.models.parties.party_of`), one UPDATE per distinct addressee; addressees read as
"other" keep the column's default. SQLite: added and dropped with plain ALTER TABLE (a batch
rebuild of ``recommendations`` would lose its search triggers).

Revision ID: da52cf27958e
Revises: b3f6d2a8c514
Create Date: 2026-12-01 10:00:00

"""
import sqlalchemy as sa
from alembic import op

from app.models.parties import Party, party_of

# revision identifiers, used by Alembic.
revision = 'da52cf27958e'
down_revision = 'b3f6d2a8c514'
branch_labels = None
depends_on = None

recommendations = sa.table('recommendations', sa.column('addressee', sa.String(200)),
                           sa.column('addressed_to', sa.String(32)))


def upgrade():
    op.add_column('recommendations', sa.Column(
        'addressed_to',
        sa.Enum('authorities', 'eu', 'member_state', 'international', 'other', name='party',
                native_enum=False, length=32),
        server_default='other', nullable=False))
    op.create_index(op.f('ix_recommendations_addressed_to'), 'recommendations', ['addressed_to'],
                    unique=False)
    connection = op.get_bind()
    addressees = connection.execute(sa.select(recommendations.c.addressee).distinct()).scalars()
    for addressee in list(addressees):
        party = party_of(addressee)
        if party is not Party.OTHER:
            connection.execute(recommendations.update()
                               .where(recommendations.c.addressee == addressee)
                               .values(addressed_to=party.value))


def downgrade():
    # Plain ALTER TABLE, not batch mode: a batch rebuild on SQLite would lose the search
    # triggers of ``recommendations``.
    op.drop_index(op.f('ix_recommendations_addressed_to'), table_name='recommendations')
    op.drop_column('recommendations', 'addressed_to')
