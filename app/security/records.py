"""Loading one record for a view: 404 when missing or hidden, and an audit line for restricted ones."""

from __future__ import annotations

from flask import abort

from app.extensions import db
from app.models import Sensitivity
from app.security.audit import record


def get_or_404(model, record_id: int, *, allow_archived: bool = True):
    """Load ``model`` by id through the visibility rule; hidden or missing records answer 404.

    Viewing a confidential or at-risk record is written to the audit log (the caller's
    request commits it).
    """
    obj = db.session.get(model, record_id)
    if obj is None or (not allow_archived and getattr(obj, "archived_at", None) is not None):
        abort(404)
    sensitivity = getattr(obj, "sensitivity", None)
    if sensitivity is not None and sensitivity != Sensitivity.NORMAL:
        record(db.session, "view", obj)
    return obj


def get_part_or_404(owner_model, owner_id: int, model, record_id: int, owner_key: str):
    """Load a record and the record it belongs to (a person's post); 404 unless they match."""
    owner = get_or_404(owner_model, owner_id)
    part = get_or_404(model, record_id)
    if getattr(part, owner_key) != owner.id:
        abort(404)
    return owner, part
