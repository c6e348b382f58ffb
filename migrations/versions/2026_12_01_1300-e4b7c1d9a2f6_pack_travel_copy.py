"""Packs: a travel copy (an encrypted PDF) records the day it stops being valid.

Plain ALTER TABLE on SQLite (no batch rebuild).

Revision ID: e4b7c1d9a2f6
Revises: 5c2e8f4a7d19
Create Date: 2026-12-01 13:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e4b7c1d9a2f6'
down_revision = '5c2e8f4a7d19'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('packs', sa.Column('travel_until', sa.Date(), nullable=True))


def downgrade():
    op.drop_column('packs', 'travel_until')
