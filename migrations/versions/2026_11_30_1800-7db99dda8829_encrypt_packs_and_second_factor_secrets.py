"""Encrypt issued packs and second-factor secrets

An issued pack's snapshot (JSON) and file (bytes) and a user's TOTP secret become Fernet tokens
made with the field keys the application loaded (PARLEY_FIELD_KEYS or instance/field_keys),
as app/security/field_crypto.py writes them: the snapshot column stays JSON (holding the token
as a JSON string), the file column stays binary (holding the token's bytes), and
``users.totp_secret`` becomes TEXT (a token is longer than the old VARCHAR(64)). The downgrade
decrypts them.

SQLite: ``totp_secret`` changes type by add / copy / drop / rename, not in batch mode: a batch
rebuild drops the users table and, with foreign keys on, that sets every reference to a user
to NULL (who created, issued or changed what). ``packs`` keeps its column types, so it is not
rebuilt either (its link tables cascade from it).

Revision ID: 7db99dda8829
Revises: e7a5c2d19b84
Create Date: 2026-11-30 18:00:00

"""
import sqlalchemy as sa
from alembic import op

from app.security.field_crypto import EncryptedBytes, EncryptedJSON, EncryptedText

# revision identifiers, used by Alembic.
revision = '7db99dda8829'
down_revision = 'e7a5c2d19b84'
branch_labels = None
depends_on = None

#: Rows converted per statement (issued pack files can be large).
BATCH = 100


def _packs(snapshot, content):
    return sa.table("packs", sa.column("id", sa.Integer), sa.column("snapshot", snapshot),
                    sa.column("content", content))


def _users(secret):
    return sa.table("users", sa.column("id", sa.Integer), sa.column("totp_secret", secret))


#: table name -> (plain view, encrypted view) of its converted columns.
VIEWS = {
    "packs": (_packs(sa.JSON(), sa.LargeBinary()), _packs(EncryptedJSON(), EncryptedBytes())),
    "users": (_users(sa.Text()), _users(EncryptedText())),
}


def _convert(source: sa.Table, target: sa.Table) -> None:
    """Read every converted value through ``source``'s types, write it through ``target``'s."""
    bind = op.get_bind()
    columns = [c.name for c in source.columns if c.name != "id"]
    ids = bind.execute(sa.select(source.c.id).where(sa.or_(
        *(source.c[name].is_not(None) for name in columns))).order_by(source.c.id)
    ).scalars().all()
    write = sa.update(target).where(target.c.id == sa.bindparam("row_id")).values(
        {name: sa.bindparam(f"v_{name}", type_=target.c[name].type) for name in columns})
    for start in range(0, len(ids), BATCH):
        rows = bind.execute(sa.select(source).where(source.c.id.in_(ids[start:start + BATCH])))
        bind.execute(write, [{"row_id": row.id, **{f"v_{name}": getattr(row, name)
                                                    for name in columns}} for row in rows])


def _retype_secret(length: int | None) -> None:
    """Make ``users.totp_secret`` TEXT (``length`` None) or VARCHAR(length), keeping values."""
    new, old = (sa.Text(), sa.String(64)) if length is None else (sa.String(length), sa.Text())
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("users", "totp_secret", type_=new, existing_type=old,
                        existing_nullable=True)
        return
    sql_type = "TEXT" if length is None else f"VARCHAR({length})"
    op.execute(f"ALTER TABLE users ADD COLUMN totp_secret__retyped {sql_type}")
    op.execute("UPDATE users SET totp_secret__retyped = totp_secret")
    op.execute("ALTER TABLE users DROP COLUMN totp_secret")
    op.execute("ALTER TABLE users RENAME COLUMN totp_secret__retyped TO totp_secret")


def upgrade():
    _retype_secret(None)
    for plain, encrypted in VIEWS.values():
        _convert(plain, encrypted)


def downgrade():
    for plain, encrypted in VIEWS.values():
        _convert(encrypted, plain)
    _retype_secret(64)
