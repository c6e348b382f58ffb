"""Persons: a duplicate merged into another person records which one (``merged_into_id``).

Plain ALTER TABLE on SQLite, the foreign key written inline (no batch rebuild of ``persons``,
which would lose its search triggers).

Revision ID: 9c4d7e2a6b13
Revises: a7d3e9f1c2b4
Create Date: 2026-12-02 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '9c4d7e2a6b13'
down_revision = 'a7d3e9f1c2b4'
branch_labels = None
depends_on = None


FK_NAME = 'fk_persons_merged_into_id_persons'


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite adds a foreign key only inline (alembic's inline form would drop its name).
        op.execute(f'ALTER TABLE persons ADD COLUMN merged_into_id INTEGER CONSTRAINT {FK_NAME} '
                   'REFERENCES persons (id)')
    else:
        op.add_column('persons', sa.Column('merged_into_id', sa.Integer(), nullable=True))
        op.create_foreign_key(FK_NAME, 'persons', 'persons', ['merged_into_id'], ['id'])
    op.create_index(op.f('ix_persons_merged_into_id'), 'persons', ['merged_into_id'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_persons_merged_into_id'), table_name='persons')
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(FK_NAME, 'persons', type_='foreignkey')
    op.drop_column('persons', 'merged_into_id')
