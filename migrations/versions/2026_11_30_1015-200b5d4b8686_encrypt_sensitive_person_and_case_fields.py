"""Encrypt sensitive person and case fields

A person's email, phone, consent note and notes and a case's notes become Fernet tokens in
TEXT columns (tokens are longer than the old VARCHAR limits); persons get ``email_lookup``, the
blind index of the email, indexed. Existing rows are encrypted with the field keys the
application loaded (PARLEY_FIELD_KEYS or instance/field_keys); the downgrade decrypts them.
The full-text index stops covering persons.email and cases.notes (it would hold their text).
The old and new values of those fields already in the audit log are sealed the way the
application now writes them (``{"sealed": token}``); the downgrade opens them again.

SQLite: the column types change by add / copy / drop / rename, not in batch mode, because a
batch rebuild drops the persons table and, with foreign keys on, that deletes the rows that
cascade from it (other spellings, posts).

Revision ID: 200b5d4b8686
Revises: b7d2e4f61a93
Create Date: 2026-11-30 10:15:00

"""
import sqlalchemy as sa
from alembic import op

from app.security.field_crypto import decrypt, email_lookup, encrypt, seal, unseal
from app.services.search import schema

# revision identifiers, used by Alembic.
revision = '200b5d4b8686'
down_revision = 'b7d2e4f61a93'
branch_labels = None
depends_on = None

#: table -> encrypted columns.
ENCRYPTED = {"persons": ("email", "phone", "consent_note", "notes"), "cases": ("notes",)}
#: The column types before this revision (columns not listed were TEXT already).
PLAIN_TYPES = {("persons", "email"): 254, ("persons", "phone"): 50,
               ("persons", "consent_note"): 500}
#: The searched columns this revision takes out of the full-text index.
UNINDEXED = {"persons": "email", "cases": "notes"}
#: Audit log entity type -> table.
AUDITED = {"Person": "persons", "Case": "cases"}
audit_events = sa.table("audit_events", sa.column("id", sa.Integer),
                        sa.column("entity_type", sa.String), sa.column("changes", sa.JSON))


def _old_searched():
    return tuple((table, code, fields + ((UNINDEXED[table],) if table in UNINDEXED else ()))
                 for table, code, fields in schema.SEARCHED)


def _search(create: bool, searched) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        statements = schema.sqlite_create(searched) if create else schema.sqlite_drop(searched)
    elif dialect == "postgresql":
        statements = (schema.postgres_create(searched) if create
                      else schema.postgres_drop(searched))
    else:
        statements = []
    for statement in statements:
        op.execute(statement)


def _retype(table: str, column: str, length: int | None) -> None:
    """Make ``column`` TEXT (``length`` None) or VARCHAR(length), keeping its values."""
    new, old = (sa.Text(), sa.String(length)) if length is None else (sa.String(length),
                                                                      sa.Text())
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column(table, column, type_=new, existing_type=old, existing_nullable=True)
        return
    sql_type = "TEXT" if length is None else f"VARCHAR({length})"
    op.execute(f"ALTER TABLE {table} ADD COLUMN {column}__retyped {sql_type}")
    op.execute(f"UPDATE {table} SET {column}__retyped = {column}")
    op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    op.execute(f"ALTER TABLE {table} RENAME COLUMN {column}__retyped TO {column}")


def _convert(table: str, change, with_lookup: bool = False) -> None:
    """Rewrite every non-empty encrypted value of ``table`` through ``change``."""
    columns = ENCRYPTED[table]
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table}")).all()
    params = []
    for row in rows:
        values = dict(zip(columns, row[1:]))
        if all(value is None for value in values.values()):
            continue
        converted = {c: None if v is None else change(v) for c, v in values.items()}
        if with_lookup:
            plain = values["email"] if change is encrypt else converted["email"]
            converted["email_lookup"] = email_lookup(plain)
        params.append({"row_id": row[0], **converted})
    if params:
        assignments = ", ".join(f"{c} = :{c}" for c in params[0] if c != "row_id")
        bind.execute(sa.text(f"UPDATE {table} SET {assignments} WHERE id = :row_id"), params)


def _convert_audit(change) -> None:
    """Pass the audited values of the encrypted fields through ``change`` (seal or unseal)."""
    bind = op.get_bind()
    rows = bind.execute(sa.select(audit_events).where(
        audit_events.c.entity_type.in_(list(AUDITED)), audit_events.c.changes.is_not(None)))
    params = []
    for row in rows:
        fields = ENCRYPTED[AUDITED[row.entity_type]]
        if not any(isinstance(row.changes.get(f), list) for f in fields):
            continue
        changes = {key: [change(v) for v in value]
                   if key in fields and isinstance(value, list) else value
                   for key, value in row.changes.items()}
        params.append({"row_id": row.id, "new_changes": changes})
    if params:
        bind.execute(sa.update(audit_events)
                     .where(audit_events.c.id == sa.bindparam("row_id"))
                     .values(changes=sa.bindparam("new_changes", type_=sa.JSON())), params)


def _seal(value):
    return value if isinstance(value, dict) else seal(value)


def upgrade():
    _search(False, _old_searched())
    for (table, column) in PLAIN_TYPES:
        _retype(table, column, None)
    op.add_column("persons", sa.Column("email_lookup", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_persons_email_lookup"), "persons", ["email_lookup"], unique=False)
    _convert("persons", encrypt, with_lookup=True)
    _convert("cases", encrypt)
    _convert_audit(_seal)
    _search(True, schema.SEARCHED)


def downgrade():
    _search(False, schema.SEARCHED)
    _convert("persons", decrypt)
    _convert("cases", decrypt)
    _convert_audit(unseal)
    op.drop_index(op.f("ix_persons_email_lookup"), table_name="persons")
    op.drop_column("persons", "email_lookup")
    for (table, column), length in PLAIN_TYPES.items():
        _retype(table, column, length)
    _search(True, _old_searched())
