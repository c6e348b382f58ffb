"""Rules shared by every editable record: archiving, restoring and refusing stale saves."""

from __future__ import annotations

from sqlalchemy.orm import object_mapper

from app.models import Tracked, utcnow


class StaleRecord(Exception):
    """The record changed since the form was opened; carries the newer record."""

    def __init__(self, record):
        super().__init__(f"{type(record).__name__} {record.id} changed since it was opened")
        self.record = record


def is_current(record: Tracked, submitted_version) -> bool:
    """True when ``submitted_version`` (as posted) is the record's version."""
    try:
        return int(submitted_version) == record.version
    except (TypeError, ValueError):
        return False


def ensure_current(record: Tracked, submitted_version) -> None:
    """Raise :class:`StaleRecord` unless ``submitted_version`` is the record's version."""
    if not is_current(record, submitted_version):
        raise StaleRecord(record)


def archive(record: Tracked) -> None:
    """Soft-delete: the record leaves lists but stays restorable (audited as "archive")."""
    if record.archived_at is None:
        record.archived_at = utcnow()


def restore(record: Tracked) -> None:
    """Bring an archived record back (audited as "restore")."""
    record.archived_at = None


def current_values(record: Tracked, fields) -> dict:
    """The record's values for ``fields``, for showing an officer what changed under them."""
    attributes = object_mapper(record).attrs
    return {name: getattr(record, name) for name in fields if name in attributes}


def touch(record: Tracked) -> None:
    """Give ``record`` a new version when only its links (themes, spellings) changed."""
    record.updated_at = utcnow()
