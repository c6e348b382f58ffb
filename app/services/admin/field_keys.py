"""Rotating the field key: a new key goes first and every encrypted value is re-encrypted
(persons, cases, issued packs' snapshots and files, second-factor secrets).

Older keys stay in the list: the audit log is append-only, so the values it keeps sealed
(app/security/audit.py) can be read only with the key that sealed them.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import InvalidToken
from sqlalchemy import Text, Update, bindparam, select, type_coerce, update
from sqlalchemy.orm import Session

from app.extensions import db
from app.security.field_crypto import FieldKeyError, FieldKeys, email_lookup, is_encrypted
from app.security.visibility import unrestricted

#: Rows re-encrypted per statement.
BATCH = 200


def encrypted_columns() -> list[tuple]:
    """(table, [encrypted columns]) for every table that has some, in a stable order."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if is_encrypted(column)]
        if columns:
            found.append((table, columns))
    return found


def _rewrite(table, columns) -> Update:
    values = {column: bindparam(f"v_{column.name}", type_=column.type.impl_instance)
              for column in columns}
    if "email_lookup" in table.c:
        values[table.c.email_lookup] = bindparam("v_email_lookup", type_=Text())
    return update(table).where(table.c.id == bindparam("row_id")).values(values)


def _rotated(column, stored, new: FieldKeys):
    """``stored`` (a token as ``column`` keeps it) re-encrypted with the newest of ``new``."""
    if stored is None:
        return None
    return column.type.stored(new.fernet.rotate(column.type.token(stored)))


def rotate_values(session: Session, old: FieldKeys, new: FieldKeys) -> dict[str, int]:
    """Re-encrypt every encrypted value (and email blind index) from ``old`` to ``new`` keys.

    Returns the number of values re-encrypted per ``table.column``; flushes, never commits.
    FieldKeyError when a stored value opens with none of the ``old`` keys.
    """
    counts: dict[str, int] = {}
    for table, columns in encrypted_columns():
        ids = session.scalars(unrestricted(select(table.c.id).order_by(table.c.id))).all()
        # In batches: issued pack files can be large.
        for start in range(0, len(ids), BATCH):
            _rotate_rows(session, table, columns, ids[start:start + BATCH], (old, new), counts)
    session.flush()
    return counts


def _rotate_rows(session: Session, table, columns, ids: Sequence[int],
                 keys: tuple[FieldKeys, FieldKeys], counts: dict[str, int]) -> None:
    old, new = keys
    # The tokens as stored (text, a JSON string or bytes), not decrypted.
    raw = [type_coerce(column, column.type.impl_instance).label(column.name)
           for column in columns]
    stmt = select(table.c.id, *raw).where(table.c.id.in_(ids))
    rows = session.execute(unrestricted(stmt)).all()
    params = []
    for row in rows:
        tokens = {column.name: getattr(row, column.name) for column in columns}
        if all(token is None for token in tokens.values()):
            continue
        try:
            values = {f"v_{column.name}": _rotated(column, tokens[column.name], new)
                      for column in columns}
            if "email_lookup" in table.c:
                email = tokens.get("email")
                plain = old.fernet.decrypt(email.encode()).decode() if email else None
                values["v_email_lookup"] = email_lookup(plain, new)
        except InvalidToken:
            raise FieldKeyError(f"a value in {table.name} (id {row.id}) does not open with "
                                "the current field keys: nothing was changed.") from None
        params.append({"row_id": row.id, **values})
        for name, token in tokens.items():
            if token is not None:
                counts[f"{table.name}.{name}"] = counts.get(f"{table.name}.{name}", 0) + 1
    if params:
        session.execute(_rewrite(table, columns), params)
