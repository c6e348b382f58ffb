"""Derived sensitivity of packs, and the name stamp behind free-text masking.

Packs get their level, the cases they hold and the names they masked. Packs issued before
this revision did not record what they hold, so they become "at risk" (admins only);
re-issue a pack to let others open it.

``name_stamps`` holds one random stamp that triggers renew whenever a person's name, other
spellings or sensitivity change, so that every worker knows when to rebuild its name matcher
(``app/security/masking.py``).

Revision ID: a1d9e3c5b7f0
Revises: 5e4c1f0a9b2d
Create Date: 2026-11-30 15:45:38.712810

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (Parley column types used below)

# revision identifiers, used by Alembic.
revision = 'a1d9e3c5b7f0'
down_revision = '5e4c1f0a9b2d'
branch_labels = None
depends_on = None


STAMP = "INSERT INTO name_stamps (id, stamp) VALUES (1, {random}) " \
    "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp"
#: (trigger name, table, event) for every change that alters what a name matcher holds.
STAMPED = (
    ("name_stamp_person_insert", "persons", "INSERT"),
    ("name_stamp_person_delete", "persons", "DELETE"),
    ("name_stamp_person_update", "persons", "UPDATE OF full_name, sensitivity"),
    ("name_stamp_spelling_insert", "person_names", "INSERT"),
    ("name_stamp_spelling_delete", "person_names", "DELETE"),
    ("name_stamp_spelling_update", "person_names", "UPDATE"),
)


def _create_stamp_triggers():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION name_stamp_renew() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN " + STAMP.format(random="floor(random() * 9e15)::bigint")
                   + "; RETURN NULL; END $$")
        for name, table, when in STAMPED:
            op.execute(f"CREATE TRIGGER {name} AFTER {when} ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION name_stamp_renew()")
    else:
        for name, table, when in STAMPED:
            op.execute(f"CREATE TRIGGER {name} AFTER {when} ON {table} BEGIN "
                       + STAMP.format(random="random()") + "; END")


def _drop_stamp_triggers():
    for name, table, _ in STAMPED:
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS name_stamp_renew()")


def upgrade():
    op.create_table('name_stamps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_name_stamps'))
    )
    _create_stamp_triggers()
    op.create_table('pack_cases',
    sa.Column('pack_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_pack_cases_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pack_id'], ['packs.id'], name=op.f('fk_pack_cases_pack_id_packs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pack_id', 'case_id', name=op.f('pk_pack_cases'))
    )
    with op.batch_alter_table('pack_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pack_cases_case_id'), ['case_id'], unique=False)

    op.create_table('pack_masked_persons',
    sa.Column('pack_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['pack_id'], ['packs.id'], name=op.f('fk_pack_masked_persons_pack_id_packs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_pack_masked_persons_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pack_id', 'person_id', name=op.f('pk_pack_masked_persons'))
    )
    with op.batch_alter_table('pack_masked_persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pack_masked_persons_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('packs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sensitivity', sa.Enum('normal', 'confidential', 'at_risk', name='sensitivity', native_enum=False, length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_packs_sensitivity'), ['sensitivity'], unique=False)
    op.execute("UPDATE packs SET sensitivity = 'at_risk'")
    with op.batch_alter_table('packs', schema=None) as batch_op:
        batch_op.alter_column('sensitivity', existing_type=sa.Enum('normal', 'confidential', 'at_risk', name='sensitivity', native_enum=False, length=32), nullable=False)



def downgrade():
    _drop_stamp_triggers()
    op.drop_table('name_stamps')
    with op.batch_alter_table('packs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packs_sensitivity'))
        batch_op.drop_column('sensitivity')

    with op.batch_alter_table('pack_masked_persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pack_masked_persons_person_id'))

    op.drop_table('pack_masked_persons')
    with op.batch_alter_table('pack_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pack_cases_case_id'))

    op.drop_table('pack_cases')
