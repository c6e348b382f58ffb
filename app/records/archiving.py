"""Archive and restore: the buttons on a record page and the POST routes they send to."""

from __future__ import annotations

from flask import flash, redirect

from app.extensions import db
from app.security.records import get_or_404
from app.services.records import archive, restore


def set_archived(model, record_id: int, archived: bool, done_url):
    """Archive (or restore) one record, then go back to it."""
    record = get_or_404(model, record_id)
    if archived:
        archive(record)
        message = "Archived: it no longer shows in lists. Restore it from this page."
    else:
        restore(record)
        message = "Restored."
    db.session.commit()
    flash(message, "success")
    return redirect(done_url(record))


def add_archive_routes(bp, model, id_name: str, done_url) -> None:
    """Add ``bp``'s POST routes ``/<id>/archive`` and ``/<id>/restore`` for ``model``."""

    def archive_record(**ids):
        """Archive the record: it leaves lists but can be restored."""
        return set_archived(model, ids[id_name], True, done_url)

    def restore_record(**ids):
        """Restore an archived record."""
        return set_archived(model, ids[id_name], False, done_url)

    bp.add_url_rule(f"/<int:{id_name}>/archive", "archive", archive_record, methods=["POST"])
    bp.add_url_rule(f"/<int:{id_name}>/restore", "restore", restore_record, methods=["POST"])
