"""Saving a whole page in one commit, or refusing it when someone else saved the record first.

The one stale-save mechanism: :func:`app.records.pages.edit_page`, the meeting log and the
follow-up status changes all save through :func:`save_once`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.services.records import StaleRecord, current_values, ensure_current


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

