"""The audit log: every change to a tracked record keeps its previous values, automatically.

A ``before_flush`` listener stamps ``created_by``/``updated_by``; an ``after_flush`` listener
writes one :class:`AuditEvent` per created, changed or archived record with the changed
fields as ``{field: [old, new]}``. Views and services add other events (logins, refusals,
exports, views of restricted records) with :func:`record`.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask import g, has_request_context, request
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from app.models import AuditEvent, Tracked
from app.models.base import utcnow
from app.security.field_crypto import is_encrypted, seal

#: Columns never copied into the audit log.
SECRET_FIELDS = frozenset({"password_hash", "session_token", "calendar_token", "totp_secret",
                           "code_hash"})
#: Columns too noisy to be worth a line in the change list.
SKIPPED_FIELDS = frozenset({"updated_at", "version", "updated_by_id", "created_at", "created_by_id",
                            "email_lookup"})


def acting_user_id(session: Session | None = None) -> int | None:
    """The id of the user acting now: the signed-in user, or the one set on the session."""
    if has_request_context():
        user = g.get("_login_user")
        if user is not None and getattr(user, "is_authenticated", False):
            return user.id
    if session is not None:
        return session.info.get("parley_user_id")
    return None


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return f"<{len(value)} bytes>"
    return value


def record(session: Session, action: str, entity=None, *, entity_type: str | None = None,
           entity_id: int | None = None, changes: dict | None = None,
           user_id: int | None = None) -> AuditEvent:
    """Add an audit event to ``session`` (flushed with the request's commit)."""
    if entity is not None:
        entity_type = type(entity).__name__
        entity_id = getattr(entity, "id", None)
    ip = request.remote_addr if has_request_context() else None
    audit_event = AuditEvent(
        action=action, entity_type=entity_type, entity_id=entity_id,
        changes={k: _plain(v) for k, v in (changes or {}).items()} or None,
        user_id=user_id if user_id is not None else acting_user_id(session), ip_address=ip,
    )
    session.add(audit_event)
    return audit_event


def _changes(obj, known_old: dict | None = None) -> dict:
    state = inspect(obj)
    known_old = known_old or {}
    result = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SECRET_FIELDS or key in SKIPPED_FIELDS:
            continue
        hist = state.attrs[key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else known_old.get(key)
            new = hist.added[0] if hist.added else None
            if old != new:
                # Encrypted fields stay encrypted in the log (unseal_changes opens them).
                plain = seal if is_encrypted(attr.columns[0]) else _plain
                result[key] = [plain(old), plain(new)]
    return result


def _before_flush(session: Session, flush_context, instances) -> None:
    user_id = acting_user_id(session)
    for obj in session.new:
        if isinstance(obj, Tracked) and user_id is not None:
            if obj.created_by_id is None:
                obj.created_by_id = user_id
            obj.updated_by_id = user_id
    old_values = session.info.setdefault("parley_audit_old", {})
    for obj in session.dirty:
        if isinstance(obj, Tracked) and session.is_modified(obj, include_collections=False):
            if user_id is not None:
                obj.updated_by_id = user_id
            old_values[id(obj)] = _unloaded_old_values(session, obj)


def _unloaded_old_values(session: Session, obj) -> dict:
    """Previous values of attributes set without being loaded first (read from the database)."""
    state = inspect(obj)
    keys = [attr.key for attr in state.mapper.column_attrs
            if attr.key not in SECRET_FIELDS and attr.key not in SKIPPED_FIELDS
            and state.attrs[attr.key].history.added and not state.attrs[attr.key].history.deleted]
    if not keys or state.identity is None:
        return {}
    columns = [state.mapper.get_property(k).columns[0] for k in keys]
    pk = state.mapper.primary_key[0]
    row = session.connection().execute(
        select(*columns).where(pk == state.identity[0])
    ).first()
    return dict(zip(keys, row, strict=False)) if row is not None else {}


def _after_flush(session: Session, flush_context) -> None:
    user_id = acting_user_id(session)
    ip = request.remote_addr if has_request_context() else None
    rows: list[tuple[str, Tracked, dict | None]] = []
    for obj in session.new:
        if isinstance(obj, Tracked):
            rows.append(("create", obj, _changes(obj)))
    old_values = session.info.pop("parley_audit_old", {})
    for obj in session.dirty:
        if isinstance(obj, Tracked):
            changes = _changes(obj, old_values.get(id(obj)))
            if not changes:
                continue
            action = "update"
            if "archived_at" in changes:
                action = "archive" if changes["archived_at"][1] else "restore"
            rows.append((action, obj, changes))
    for obj in session.deleted:
        if isinstance(obj, Tracked):
            rows.append(("delete", obj, None))
    if not rows:
        return
    now = utcnow()
    session.connection().execute(
        insert(AuditEvent.__table__),
        [
            {"at": now, "user_id": user_id, "action": action,
             "entity_type": type(obj).__name__, "entity_id": obj.id,
             "changes": changes or None, "ip_address": ip}
            for action, obj, changes in rows
        ],
    )


def install(session_class=Session) -> None:
    """Attach the audit listeners to every session (idempotent)."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
        event.listen(session_class, "after_flush", _after_flush)
