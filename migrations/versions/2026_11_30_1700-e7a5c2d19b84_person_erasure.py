"""Person erasure: tombstone column and audit triggers that let an erasure rewrite values

``persons.erased_at`` marks the tombstone of an erased person (GDPR art. 17). The append-only
triggers on ``audit_events`` are re-created so that an erasure, and nothing else, may UPDATE
audit rows inside its own transaction (app/security/append_only.py); DELETE stays refused.

SQLite: the column is added and dropped with plain ALTER TABLE (not batch mode: a batch
rebuild of ``persons`` would lose its search and name-stamp triggers).

Revision ID: e7a5c2d19b84
Revises: acf7357e3ed8
Create Date: 2026-11-30 17:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

import app.models.base
from app.security import append_only

# revision identifiers, used by Alembic.
revision = 'e7a5c2d19b84'
down_revision = 'acf7357e3ed8'
branch_labels = None
depends_on = None

#: The triggers as revision a7c3d91e4f20 made them (refusing every UPDATE), for downgrade.
STRICT_SQLITE = [
    ("CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"),
    ("CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"),
]
STRICT_POSTGRES_FUNCTION = """CREATE OR REPLACE FUNCTION audit_events_append_only()
    RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
    END;
    $$"""


def upgrade():
    op.add_column('persons', sa.Column('erased_at', app.models.base.UTCDateTime(timezone=True),
                                       nullable=True))
    dialect = op.get_bind().dialect.name
    for statement in append_only.drop_statements(dialect):
        op.execute(statement)
    for statement in append_only.create_statements(dialect):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in append_only.sqlite_drop() + STRICT_SQLITE:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(STRICT_POSTGRES_FUNCTION)
    op.drop_column('persons', 'erased_at')
