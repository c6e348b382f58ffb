"""Drafts: the autosaved, encrypted draft of each long form per officer, and saves held while
their author signs in again after the session ended.

Revision ID: d7a1f3c9e2b4
Revises: 9c4d7e2a6b13
Create Date: 2026-12-02 09:00:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base

# revision identifiers, used by Alembic.
revision = 'd7a1f3c9e2b4'
down_revision = '9c4d7e2a6b13'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'drafts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('form_path', sa.String(length=300), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('updated_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_drafts_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_drafts')),
        sa.UniqueConstraint('user_id', 'form_path', name='uq_drafts_user_form'),
    )
    op.create_index(op.f('ix_drafts_user_id'), 'drafts', ['user_id'], unique=False)
    op.create_index(op.f('ix_drafts_updated_at'), 'drafts', ['updated_at'], unique=False)
    op.create_table(
        'held_saves',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('handle_hash', sa.String(length=64), nullable=False),
        sa.Column('form_path', sa.String(length=300), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('held_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_held_saves_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_held_saves')),
        sa.UniqueConstraint('handle_hash', name=op.f('uq_held_saves_handle_hash')),
    )
    op.create_index(op.f('ix_held_saves_user_id'), 'held_saves', ['user_id'], unique=False)
    op.create_index(op.f('ix_held_saves_held_at'), 'held_saves', ['held_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_held_saves_held_at'), table_name='held_saves')
    op.drop_index(op.f('ix_held_saves_user_id'), table_name='held_saves')
    op.drop_table('held_saves')
    op.drop_index(op.f('ix_drafts_updated_at'), table_name='drafts')
    op.drop_index(op.f('ix_drafts_user_id'), table_name='drafts')
    op.drop_table('drafts')
