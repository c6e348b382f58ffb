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
#: Audit log entity type -> table.
AUDITED = {"Person": "persons", "Case": "cases"}
audit_events = sa.table("audit_events", sa.column("id", sa.Integer),
                        sa.column("entity_type", sa.String), sa.column("changes", sa.JSON))


#: The SQL of the search objects before and after this revision (frozen: later changes
#: to app/services/search/schema.py must not change what this migration does). The
#: drop statements name the objects only, so one list serves both.
OLD_SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_index USING fts5(persons, person_names, organisations, meetings, recommendations, findings, cases, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_persons_insert AFTER INSERT ON persons BEGIN INSERT INTO search_index(rowid, persons) VALUES (new.id * 8 + 1, coalesce(new.full_name, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.country, '')); END",
    "CREATE TRIGGER search_persons_update AFTER UPDATE OF id, full_name, email, country ON persons BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 1; INSERT INTO search_index(rowid, persons) VALUES (new.id * 8 + 1, coalesce(new.full_name, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.country, '')); END",
    'CREATE TRIGGER search_persons_delete AFTER DELETE ON persons BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 1; END',
    "INSERT INTO search_index(rowid, persons) SELECT id * 8 + 1, coalesce(full_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(country, '') FROM persons",
    "CREATE TRIGGER search_person_names_insert AFTER INSERT ON person_names BEGIN INSERT INTO search_index(rowid, person_names) VALUES (new.id * 8 + 2, coalesce(new.name, '')); END",
    "CREATE TRIGGER search_person_names_update AFTER UPDATE OF id, name ON person_names BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 2; INSERT INTO search_index(rowid, person_names) VALUES (new.id * 8 + 2, coalesce(new.name, '')); END",
    'CREATE TRIGGER search_person_names_delete AFTER DELETE ON person_names BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 2; END',
    "INSERT INTO search_index(rowid, person_names) SELECT id * 8 + 2, coalesce(name, '') FROM person_names",
    "CREATE TRIGGER search_organisations_insert AFTER INSERT ON organisations BEGIN INSERT INTO search_index(rowid, organisations) VALUES (new.id * 8 + 3, coalesce(new.name, '') || ' ' || coalesce(new.acronym, '') || ' ' || coalesce(new.country, '')); END",
    "CREATE TRIGGER search_organisations_update AFTER UPDATE OF id, name, acronym, country ON organisations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 3; INSERT INTO search_index(rowid, organisations) VALUES (new.id * 8 + 3, coalesce(new.name, '') || ' ' || coalesce(new.acronym, '') || ' ' || coalesce(new.country, '')); END",
    'CREATE TRIGGER search_organisations_delete AFTER DELETE ON organisations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 3; END',
    "INSERT INTO search_index(rowid, organisations) SELECT id * 8 + 3, coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(country, '') FROM organisations",
    "CREATE TRIGGER search_meetings_insert AFTER INSERT ON meetings BEGIN INSERT INTO search_index(rowid, meetings) VALUES (new.id * 8 + 4, coalesce(new.title, '') || ' ' || coalesce(new.place, '') || ' ' || coalesce(new.purpose, '') || ' ' || coalesce(new.objective, '') || ' ' || coalesce(new.notes, '') || ' ' || coalesce(new.outcome, '')); END",
    "CREATE TRIGGER search_meetings_update AFTER UPDATE OF id, title, place, purpose, objective, notes, outcome ON meetings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 4; INSERT INTO search_index(rowid, meetings) VALUES (new.id * 8 + 4, coalesce(new.title, '') || ' ' || coalesce(new.place, '') || ' ' || coalesce(new.purpose, '') || ' ' || coalesce(new.objective, '') || ' ' || coalesce(new.notes, '') || ' ' || coalesce(new.outcome, '')); END",
    'CREATE TRIGGER search_meetings_delete AFTER DELETE ON meetings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 4; END',
    "INSERT INTO search_index(rowid, meetings) SELECT id * 8 + 4, coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || coalesce(purpose, '') || ' ' || coalesce(objective, '') || ' ' || coalesce(notes, '') || ' ' || coalesce(outcome, '') FROM meetings",
    "CREATE TRIGGER search_recommendations_insert AFTER INSERT ON recommendations BEGIN INSERT INTO search_index(rowid, recommendations) VALUES (new.id * 8 + 5, coalesce(new.short_title, '') || ' ' || coalesce(new.text, '') || ' ' || coalesce(new.addressee, '')); END",
    "CREATE TRIGGER search_recommendations_update AFTER UPDATE OF id, short_title, text, addressee ON recommendations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 5; INSERT INTO search_index(rowid, recommendations) VALUES (new.id * 8 + 5, coalesce(new.short_title, '') || ' ' || coalesce(new.text, '') || ' ' || coalesce(new.addressee, '')); END",
    'CREATE TRIGGER search_recommendations_delete AFTER DELETE ON recommendations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 5; END',
    "INSERT INTO search_index(rowid, recommendations) SELECT id * 8 + 5, coalesce(short_title, '') || ' ' || coalesce(text, '') || ' ' || coalesce(addressee, '') FROM recommendations",
    "CREATE TRIGGER search_findings_insert AFTER INSERT ON findings BEGIN INSERT INTO search_index(rowid, findings) VALUES (new.id * 8 + 6, coalesce(new.text, '')); END",
    "CREATE TRIGGER search_findings_update AFTER UPDATE OF id, text ON findings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 6; INSERT INTO search_index(rowid, findings) VALUES (new.id * 8 + 6, coalesce(new.text, '')); END",
    'CREATE TRIGGER search_findings_delete AFTER DELETE ON findings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 6; END',
    "INSERT INTO search_index(rowid, findings) SELECT id * 8 + 6, coalesce(text, '') FROM findings",
    "CREATE TRIGGER search_cases_insert AFTER INSERT ON cases BEGIN INSERT INTO search_index(rowid, cases) VALUES (new.id * 8 + 7, coalesce(new.title, '') || ' ' || coalesce(new.charges, '') || ' ' || coalesce(new.summary, '') || ' ' || coalesce(new.notes, '')); END",
    "CREATE TRIGGER search_cases_update AFTER UPDATE OF id, title, charges, summary, notes ON cases BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 7; INSERT INTO search_index(rowid, cases) VALUES (new.id * 8 + 7, coalesce(new.title, '') || ' ' || coalesce(new.charges, '') || ' ' || coalesce(new.summary, '') || ' ' || coalesce(new.notes, '')); END",
    'CREATE TRIGGER search_cases_delete AFTER DELETE ON cases BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 7; END',
    "INSERT INTO search_index(rowid, cases) SELECT id * 8 + 7, coalesce(title, '') || ' ' || coalesce(charges, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(notes, '') FROM cases",
)
NEW_SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_index USING fts5(persons, person_names, organisations, meetings, recommendations, findings, cases, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_persons_insert AFTER INSERT ON persons BEGIN INSERT INTO search_index(rowid, persons) VALUES (new.id * 8 + 1, coalesce(new.full_name, '') || ' ' || coalesce(new.country, '')); END",
    "CREATE TRIGGER search_persons_update AFTER UPDATE OF id, full_name, country ON persons BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 1; INSERT INTO search_index(rowid, persons) VALUES (new.id * 8 + 1, coalesce(new.full_name, '') || ' ' || coalesce(new.country, '')); END",
    'CREATE TRIGGER search_persons_delete AFTER DELETE ON persons BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 1; END',
    "INSERT INTO search_index(rowid, persons) SELECT id * 8 + 1, coalesce(full_name, '') || ' ' || coalesce(country, '') FROM persons",
    "CREATE TRIGGER search_person_names_insert AFTER INSERT ON person_names BEGIN INSERT INTO search_index(rowid, person_names) VALUES (new.id * 8 + 2, coalesce(new.name, '')); END",
    "CREATE TRIGGER search_person_names_update AFTER UPDATE OF id, name ON person_names BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 2; INSERT INTO search_index(rowid, person_names) VALUES (new.id * 8 + 2, coalesce(new.name, '')); END",
    'CREATE TRIGGER search_person_names_delete AFTER DELETE ON person_names BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 2; END',
    "INSERT INTO search_index(rowid, person_names) SELECT id * 8 + 2, coalesce(name, '') FROM person_names",
    "CREATE TRIGGER search_organisations_insert AFTER INSERT ON organisations BEGIN INSERT INTO search_index(rowid, organisations) VALUES (new.id * 8 + 3, coalesce(new.name, '') || ' ' || coalesce(new.acronym, '') || ' ' || coalesce(new.country, '')); END",
    "CREATE TRIGGER search_organisations_update AFTER UPDATE OF id, name, acronym, country ON organisations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 3; INSERT INTO search_index(rowid, organisations) VALUES (new.id * 8 + 3, coalesce(new.name, '') || ' ' || coalesce(new.acronym, '') || ' ' || coalesce(new.country, '')); END",
    'CREATE TRIGGER search_organisations_delete AFTER DELETE ON organisations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 3; END',
    "INSERT INTO search_index(rowid, organisations) SELECT id * 8 + 3, coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(country, '') FROM organisations",
    "CREATE TRIGGER search_meetings_insert AFTER INSERT ON meetings BEGIN INSERT INTO search_index(rowid, meetings) VALUES (new.id * 8 + 4, coalesce(new.title, '') || ' ' || coalesce(new.place, '') || ' ' || coalesce(new.purpose, '') || ' ' || coalesce(new.objective, '') || ' ' || coalesce(new.notes, '') || ' ' || coalesce(new.outcome, '')); END",
    "CREATE TRIGGER search_meetings_update AFTER UPDATE OF id, title, place, purpose, objective, notes, outcome ON meetings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 4; INSERT INTO search_index(rowid, meetings) VALUES (new.id * 8 + 4, coalesce(new.title, '') || ' ' || coalesce(new.place, '') || ' ' || coalesce(new.purpose, '') || ' ' || coalesce(new.objective, '') || ' ' || coalesce(new.notes, '') || ' ' || coalesce(new.outcome, '')); END",
    'CREATE TRIGGER search_meetings_delete AFTER DELETE ON meetings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 4; END',
    "INSERT INTO search_index(rowid, meetings) SELECT id * 8 + 4, coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || coalesce(purpose, '') || ' ' || coalesce(objective, '') || ' ' || coalesce(notes, '') || ' ' || coalesce(outcome, '') FROM meetings",
    "CREATE TRIGGER search_recommendations_insert AFTER INSERT ON recommendations BEGIN INSERT INTO search_index(rowid, recommendations) VALUES (new.id * 8 + 5, coalesce(new.short_title, '') || ' ' || coalesce(new.text, '') || ' ' || coalesce(new.addressee, '')); END",
    "CREATE TRIGGER search_recommendations_update AFTER UPDATE OF id, short_title, text, addressee ON recommendations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 5; INSERT INTO search_index(rowid, recommendations) VALUES (new.id * 8 + 5, coalesce(new.short_title, '') || ' ' || coalesce(new.text, '') || ' ' || coalesce(new.addressee, '')); END",
    'CREATE TRIGGER search_recommendations_delete AFTER DELETE ON recommendations BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 5; END',
    "INSERT INTO search_index(rowid, recommendations) SELECT id * 8 + 5, coalesce(short_title, '') || ' ' || coalesce(text, '') || ' ' || coalesce(addressee, '') FROM recommendations",
    "CREATE TRIGGER search_findings_insert AFTER INSERT ON findings BEGIN INSERT INTO search_index(rowid, findings) VALUES (new.id * 8 + 6, coalesce(new.text, '')); END",
    "CREATE TRIGGER search_findings_update AFTER UPDATE OF id, text ON findings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 6; INSERT INTO search_index(rowid, findings) VALUES (new.id * 8 + 6, coalesce(new.text, '')); END",
    'CREATE TRIGGER search_findings_delete AFTER DELETE ON findings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 6; END',
    "INSERT INTO search_index(rowid, findings) SELECT id * 8 + 6, coalesce(text, '') FROM findings",
    "CREATE TRIGGER search_cases_insert AFTER INSERT ON cases BEGIN INSERT INTO search_index(rowid, cases) VALUES (new.id * 8 + 7, coalesce(new.title, '') || ' ' || coalesce(new.charges, '') || ' ' || coalesce(new.summary, '')); END",
    "CREATE TRIGGER search_cases_update AFTER UPDATE OF id, title, charges, summary ON cases BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 7; INSERT INTO search_index(rowid, cases) VALUES (new.id * 8 + 7, coalesce(new.title, '') || ' ' || coalesce(new.charges, '') || ' ' || coalesce(new.summary, '')); END",
    'CREATE TRIGGER search_cases_delete AFTER DELETE ON cases BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 7; END',
    "INSERT INTO search_index(rowid, cases) SELECT id * 8 + 7, coalesce(title, '') || ' ' || coalesce(charges, '') || ' ' || coalesce(summary, '') FROM cases",
)
SQLITE_DROP = (
    'DROP TRIGGER IF EXISTS search_persons_insert',
    'DROP TRIGGER IF EXISTS search_persons_update',
    'DROP TRIGGER IF EXISTS search_persons_delete',
    'DROP TRIGGER IF EXISTS search_person_names_insert',
    'DROP TRIGGER IF EXISTS search_person_names_update',
    'DROP TRIGGER IF EXISTS search_person_names_delete',
    'DROP TRIGGER IF EXISTS search_organisations_insert',
    'DROP TRIGGER IF EXISTS search_organisations_update',
    'DROP TRIGGER IF EXISTS search_organisations_delete',
    'DROP TRIGGER IF EXISTS search_meetings_insert',
    'DROP TRIGGER IF EXISTS search_meetings_update',
    'DROP TRIGGER IF EXISTS search_meetings_delete',
    'DROP TRIGGER IF EXISTS search_recommendations_insert',
    'DROP TRIGGER IF EXISTS search_recommendations_update',
    'DROP TRIGGER IF EXISTS search_recommendations_delete',
    'DROP TRIGGER IF EXISTS search_findings_insert',
    'DROP TRIGGER IF EXISTS search_findings_update',
    'DROP TRIGGER IF EXISTS search_findings_delete',
    'DROP TRIGGER IF EXISTS search_cases_insert',
    'DROP TRIGGER IF EXISTS search_cases_update',
    'DROP TRIGGER IF EXISTS search_cases_delete',
    'DROP TABLE IF EXISTS search_index',
)
OLD_POSTGRES_CREATE = (
    "CREATE INDEX search_persons ON persons USING gin (to_tsvector('simple'::regconfig, coalesce(full_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(country, '')))",
    "CREATE INDEX search_person_names ON person_names USING gin (to_tsvector('simple'::regconfig, coalesce(name, '')))",
    "CREATE INDEX search_organisations ON organisations USING gin (to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(country, '')))",
    "CREATE INDEX search_meetings ON meetings USING gin (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || coalesce(purpose, '') || ' ' || coalesce(objective, '') || ' ' || coalesce(notes, '') || ' ' || coalesce(outcome, '')))",
    "CREATE INDEX search_recommendations ON recommendations USING gin (to_tsvector('simple'::regconfig, coalesce(short_title, '') || ' ' || coalesce(text, '') || ' ' || coalesce(addressee, '')))",
    "CREATE INDEX search_findings ON findings USING gin (to_tsvector('simple'::regconfig, coalesce(text, '')))",
    "CREATE INDEX search_cases ON cases USING gin (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(charges, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(notes, '')))",
)
NEW_POSTGRES_CREATE = (
    "CREATE INDEX search_persons ON persons USING gin (to_tsvector('simple'::regconfig, coalesce(full_name, '') || ' ' || coalesce(country, '')))",
    "CREATE INDEX search_person_names ON person_names USING gin (to_tsvector('simple'::regconfig, coalesce(name, '')))",
    "CREATE INDEX search_organisations ON organisations USING gin (to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(country, '')))",
    "CREATE INDEX search_meetings ON meetings USING gin (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || coalesce(purpose, '') || ' ' || coalesce(objective, '') || ' ' || coalesce(notes, '') || ' ' || coalesce(outcome, '')))",
    "CREATE INDEX search_recommendations ON recommendations USING gin (to_tsvector('simple'::regconfig, coalesce(short_title, '') || ' ' || coalesce(text, '') || ' ' || coalesce(addressee, '')))",
    "CREATE INDEX search_findings ON findings USING gin (to_tsvector('simple'::regconfig, coalesce(text, '')))",
    "CREATE INDEX search_cases ON cases USING gin (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(charges, '') || ' ' || coalesce(summary, '')))",
)
POSTGRES_DROP = (
    'DROP INDEX IF EXISTS search_persons',
    'DROP INDEX IF EXISTS search_person_names',
    'DROP INDEX IF EXISTS search_organisations',
    'DROP INDEX IF EXISTS search_meetings',
    'DROP INDEX IF EXISTS search_recommendations',
    'DROP INDEX IF EXISTS search_findings',
    'DROP INDEX IF EXISTS search_cases',
)


def _search(create: bool, old: bool = False) -> None:
    """Create (the old or the new objects) or drop the full-text search objects."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        created = OLD_SQLITE_CREATE if old else NEW_SQLITE_CREATE
        statements = created if create else SQLITE_DROP
    elif dialect == "postgresql":
        created = OLD_POSTGRES_CREATE if old else NEW_POSTGRES_CREATE
        statements = created if create else POSTGRES_DROP
    else:
        statements = ()
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
        values = dict(zip(columns, row[1:], strict=False))
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
    _search(False)
    for (table, column) in PLAIN_TYPES:
        _retype(table, column, None)
    op.add_column("persons", sa.Column("email_lookup", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_persons_email_lookup"), "persons", ["email_lookup"], unique=False)
    _convert("persons", encrypt, with_lookup=True)
    _convert("cases", encrypt)
    _convert_audit(_seal)
    _search(True)


def downgrade():
    _search(False)
    _convert("persons", decrypt)
    _convert("cases", decrypt)
    _convert_audit(unseal)
    op.drop_index(op.f("ix_persons_email_lookup"), table_name="persons")
    op.drop_column("persons", "email_lookup")
    for (table, column), length in PLAIN_TYPES.items():
        _retype(table, column, length)
    _search(True, old=True)
