"""Archive and restore: the buttons on a record page and the POST routes they send to."""

from __future__ import annotations

from flask import flash, redirect, request

from app.record_views.saving import posted_version, save_once, stale_page
from app.security.record_loading import get_or_404
from app.services.editing import archive, restore


def set_archived(model, record_id: int, archived: bool, done_url):
    """Archive (or restore) one record, then go back to it; refused (409) if it changed since
    its page was opened."""
    record = get_or_404(model, record_id)
    outcome = save_once(record, posted_version(request.form.get("version"), record),
                        lambda: (archive if archived else restore)(record), ())
    if outcome.is_stale:
        return stale_page(done_url(record), typed=False)
    flash("Archived: it no longer shows in lists. Restore it from this page." if archived
          else "Restored.", "success")
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
