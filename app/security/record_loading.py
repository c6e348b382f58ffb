"""Loading one record for a view: 404 when missing or hidden; a hidden one is audited as refused.

Views of restricted records are audited for every page by
:mod:`app.security.restricted_access`, not here.
"""

from __future__ import annotations

from flask import abort

from app.extensions import db
from app.routing import MAX_ID
from app.security.restricted_access import exists_hidden, note_refusal


def get_or_404(model, record_id: int, *, allow_archived: bool = True, options=()):
    """Load ``model`` by id through the visibility rule; hidden or missing records answer 404.

    A record that exists but is hidden from this user answers the same 404, and the refusal
    is written to the audit log (``refused_restricted``) at the end of the request.
    ``options`` are loader options for the same query (what the page shows of the record).
    """
    if not 0 < record_id <= MAX_ID:
        abort(404)
    obj = db.session.get(model, record_id, options=options)
    if obj is None:
        if exists_hidden(model, record_id):
            note_refusal(model, record_id)
        abort(404)
    if not allow_archived and getattr(obj, "archived_at", None) is not None:
        abort(404)
    return obj


def get_part_or_404(owner_model, owner_id: int, model, record_id: int, owner_key: str):
    """Load a record and the record it belongs to (a person's post); 404 unless they match."""
    owner = get_or_404(owner_model, owner_id)
    part = get_or_404(model, record_id)
    if getattr(part, owner_key) != owner.id:
        abort(404)
    return owner, part

