"""Requests to lower a sensitivity, decided by an admin other than the one who asked."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.extensions import db
from app.record_views.pages import list_page
from app.security.fresh import fresh_login_required
from app.services.data_protection.sensitivity_changes import (
    DecisionRefused,
    decide,
    get_pending,
    pending_query,
)

bp = Blueprint("approvals", __name__, url_prefix="/sensitivity-requests")


@bp.get("/")
def index():
    """Pending requests to lower a person's or case's sensitivity, 50 a page."""
    return render_template("admin/approvals.html", page=list_page(pending_query()))


def _decide(change_id: int, approve: bool):
    change = get_pending(db.session(), change_id)
    if change is None:
        abort(404)
    try:
        decide(db.session(), change, current_user, approve)
    except DecisionRefused as refused:
        db.session.rollback()
        flash(str(refused), "error")
        return redirect(url_for(".index"))
    db.session.commit()
    what = f"{change.entity_type.lower()} “{change.record}”"
    if approve:
        flash(f"The {what} is now {change.to_level.label.lower()}.", "success")
    else:
        flash(f"Lowering the {what} was refused; it stays {change.from_level.label.lower()}.",
              "success")
    return redirect(url_for(".index"))


@bp.post("/<int:change_id>/approve")
@fresh_login_required(back="admin.approvals.index")
def approve(change_id: int):
    """Apply a requested lowering (not one's own request); needs a fresh login."""
    return _decide(change_id, True)


@bp.post("/<int:change_id>/refuse")
def refuse(change_id: int):
    """Refuse a requested lowering; the record keeps its sensitivity."""
    return _decide(change_id, False)
