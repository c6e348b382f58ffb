"""Who saw which restricted record, and who asked for what they may not see: audited per request.

One mechanism for every page. An ORM ``load`` listener on :class:`Person` and :class:`Case`
notes, inside a request, each loaded instance whose sensitivity is not normal (profiles, lists,
search results, meeting pages, packs, related-record panels alike). :func:`get_or_404` notes
each request for a restricted record the user may not see (:func:`note_refusal`), and the
access table each call refused to the user's role (:func:`note_denied`). At the end of the
request :func:`write_request_audit` writes one ``viewed_restricted`` event naming every such
record, one ``refused_restricted`` event per refusal and one ``denied`` event per refused call,
in its own short transaction: the view's own unfinished work is never committed with them,
and a refusal is kept although its request ends in 403 or 404 with its session rolled back.

Not counted: rows loaded past the rule with :func:`app.security.visibility.unrestricted`
(existence checks, duplicate reviews whose result the user does not see), and columns selected
without loading the entity.
"""

from __future__ import annotations

from flask import Response, g, has_request_context, request
from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import AuditEvent, Case, Person, Sensitivity
from app.models.base import utcnow
from app.security.audit import acting_user_id
from app.security.visibility import is_unrestricted, unrestricted

VIEWED = "viewed_restricted"
REFUSED = "refused_restricted"
#: A call refused to the user's role (the access table of :mod:`app.security.access`).
DENIED = "denied"
#: Models whose restricted rows are audited when loaded.
RESTRICTED_MODELS = (Person, Case)
_SEEN_KEY = "parley_viewed_restricted"
_REFUSED_KEY = "parley_refused_restricted"
_DENIED_KEY = "parley_denied_calls"
_WROTE_KEY = "parley_unsaved_writes"


def _note_load(target, context) -> None:
    if not has_request_context():
        return
    if context is not None and is_unrestricted(context.execution_options):
        return
    level = target.__dict__.get("sensitivity")
    if level is None or level == Sensitivity.NORMAL:
        return
    g.setdefault(_SEEN_KEY, set()).add((type(target).__name__, target.__dict__.get("id")))


def record_token(entity_type: str, entity_id: int) -> str:
    """How one record is named in a ``viewed_restricted`` event, e.g. "Person 12"."""
    return f"{entity_type} {entity_id}"


def exists_hidden(model, record_id: int) -> bool:
    """True when ``record_id`` exists but the visibility rule hides it (an unrestricted check)."""
    if model not in RESTRICTED_MODELS:
        return False
    found = db.session.scalar(
        unrestricted(select(model.id).where(model.id == record_id))
    )
    return found is not None


def note_refusal(model, record_id: int) -> None:
    """Remember, for the end of this request, a refused request for a hidden record."""
    if has_request_context():
        g.setdefault(_REFUSED_KEY, []).append((model.__name__, record_id))


def note_denied(endpoint: str, method: str) -> None:
    """Remember, for the end of this request, a call refused to the user's role."""
    if has_request_context():
        g.setdefault(_DENIED_KEY, []).append({"endpoint": endpoint, "method": method})


def _rows() -> list[dict]:
    seen = g.pop(_SEEN_KEY, None) or set()
    refused = g.pop(_REFUSED_KEY, None) or []
    denied = g.pop(_DENIED_KEY, None) or []
    if not seen and not refused and not denied:
        return []
    base = {"at": utcnow(), "user_id": acting_user_id(), "ip_address": request.remote_addr}
    rows = [{**base, "action": DENIED, "entity_type": "route", "entity_id": None,
             "changes": call} for call in denied]
    rows += [{**base, "action": REFUSED, "entity_type": entity_type, "entity_id": entity_id,
              "changes": {"path": request.path[:200]}}
             for entity_type, entity_id in refused]
    if seen:
        ordered = sorted(seen)
        single = ordered[0] if len(ordered) == 1 else (None, None)
        rows.append({**base, "action": VIEWED, "entity_type": single[0], "entity_id": single[1],
                     "changes": {"records": [record_token(*item) for item in ordered],
                                 "path": request.path[:200]}})
    return rows


def write_request_audit(response: Response) -> Response:
    """``after_request`` hook: write this request's views of and refusals for restricted
    records, and its calls refused to the user's role.

    The events go through a connection of their own. A view that flushed changes without
    committing them has its session rolled back first (Flask-SQLAlchemy would discard that
    work at the end of the request anyway), so its locks cannot hold up the audit write.
    """
    rows = _rows()
    if not rows:
        return response
    if db.session.info.get(_WROTE_KEY):
        db.session.rollback()
    with db.engine.begin() as connection:
        connection.execute(insert(AuditEvent.__table__), rows)
    return response


def _flushed(session: Session, flush_context) -> None:
    session.info[_WROTE_KEY] = True


def _ended(session: Session, *args) -> None:
    session.info.pop(_WROTE_KEY, None)


def install(session_class=Session) -> None:
    """Attach the load listeners and the unsaved-writes tracking (idempotent)."""
    for model in RESTRICTED_MODELS:
        if not event.contains(model, "load", _note_load):
            event.listen(model, "load", _note_load)
    if not event.contains(session_class, "after_flush", _flushed):
        event.listen(session_class, "after_flush", _flushed)
        event.listen(session_class, "after_commit", _ended)
        event.listen(session_class, "after_rollback", _ended)
