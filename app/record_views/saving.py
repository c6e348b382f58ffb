"""Saving a whole page in one commit, or refusing it when someone else saved the record first.

The one stale-save mechanism: :func:`app.record_views.pages.edit_page`, the meeting log, the
follow-up status changes, case updates, recommendation status changes and archiving all save
through :func:`save_once`. A refused save answers 409 with :data:`STALE_MESSAGE`; a
``StaleDataError`` from any other write path gets the same answer from the app's error handler
(``_register_errors`` in :mod:`app`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.routing import safe_next
from app.services.editing import StaleRecord, current_values, ensure_current

#: HTTP status of a save refused because someone else changed the record first.
STALE_STATUS = 409
#: What the officer reads when a save is refused, everywhere in Parley.
STALE_MESSAGE = ("Someone else changed this record while you were working on it; your change "
                 "was not saved. Here is the record as it is now:")


@dataclass
class SaveOutcome:
    """The result of :func:`save_once`: what ``apply`` returned, or the newer values."""

    result: Any = None
    newer: dict | None = None

    @property
    def is_stale(self) -> bool:
        """True when the save was refused because the record had changed."""
        return self.newer is not None


def save_once(record, submitted_version, apply: Callable[[], Any], fields) -> SaveOutcome:
    """Check the version, run ``apply`` and commit; on a stale record roll back and say so.

    A stale record is caught twice: by comparing the form's version before saving, and by
    SQLAlchemy's ``StaleDataError`` when another save lands between the check and the commit.
    """
    try:
        if record.id is not None:
            ensure_current(record, submitted_version)
        result = apply()
        db.session.commit()
        return SaveOutcome(result=result)
    except (StaleRecord, StaleDataError):
        db.session.rollback()
        db.session.refresh(record)
        return SaveOutcome(newer=current_values(record, fields))


def posted_version(sent, record):
    """The version a one-button or one-box form was opened at; the record's own when not sent.

    Pages send the version they were shown with; a post without one (a script, an old page)
    still cannot overwrite a concurrent save: ``StaleDataError`` refuses it at commit.
    """
    return record.version if sent in (None, "") else sent


def stale_page(back_url: str | None = None, typed: bool = True):
    """The 409 page of a refused save whose form cannot be shown again, with a way back.

    Without ``back_url`` the link goes to the page the post came from when that is inside
    Parley, else to the dashboard. ``typed`` says the post may have carried text the officer
    typed, which this page does not keep (it says so).
    """
    back = back_url or _referrer_inside_parley() or url_for("dashboard.index")
    return render_template("stale.html", message=STALE_MESSAGE, back_url=back,
                           typed=typed), STALE_STATUS


def _referrer_inside_parley() -> str | None:
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", request.host):
        return None
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))
