"""The review queue page and its two actions: merge into the restricted record, or tell apart.

Officers and admins only (``app/security/access.py``); each item shows only to those cleared for
its restricted person, because items are loaded through a join to that person.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from app.extensions import db
from app.models import PossibleDuplicate
from app.record_views.pages import list_page
from app.services.data_protection.review_queue import (
    AlreadyResolved,
    confirm_different,
    get_item,
    merge_twin,
    open_items,
)

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.get("/")
def index():
    """Open possible duplicates of restricted records the reader is cleared for, oldest first."""
    return render_template("review/index.html", page=list_page(open_items()))


def _item_or_404(item_id: int) -> PossibleDuplicate:
    item = get_item(db.session(), item_id)
    if item is None:
        abort(404)
    return item


def _already_closed():
    db.session.rollback()
    flash("Someone has already closed this item; nothing was changed.", "warning")
    return redirect(url_for("review.index"))


@bp.post("/<int:item_id>/merge")
def merge(item_id: int):
    """Move everything linked to the new person onto the restricted record; archive the twin."""
    item = _item_or_404(item_id)
    keeper_id, twin_name = item.restricted_person_id, item.new_person.full_name
    try:
        result = merge_twin(db.session(), item)
    except AlreadyResolved:
        return _already_closed()
    db.session.commit()
    moved = sum(result.moved.values())
    flash(f"“{twin_name}” merged into this record: {moved} link(s) moved; the duplicate is "
          "archived.", "success")
    return redirect(url_for("persons.detail", person_id=keeper_id))


@bp.post("/<int:item_id>/different")
def different(item_id: int):
    """Close the item: the new person is someone else."""
    item = _item_or_404(item_id)
    try:
        confirm_different(db.session(), item)
    except AlreadyResolved:
        return _already_closed()
    db.session.commit()
    flash("Marked as a different person; the item is closed.", "success")
    return redirect(url_for("review.index"))
