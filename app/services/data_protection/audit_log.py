"""Reading the audit log: the filtered list, its CSV export, and the probing alert."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import AuditEvent, User
from app.models.base import utcnow
from app.security.restricted_access import REFUSED, record_token
from app.services.people.contacts.cells import neutralise, spreadsheet_writer

#: More refusals than this by one user within :data:`PROBING_WINDOW` raise the alert.
PROBING_THRESHOLD = 20
PROBING_WINDOW = timedelta(minutes=10)
#: The CSV export holds at most this many rows (the newest); narrower filters give the rest.
EXPORT_LIMIT = 10_000
CSV_HEADER = ("id", "when (UTC)", "user id", "user", "action", "record type", "record id",
              "details", "address")


@dataclass(frozen=True)
class AuditFilter:
    """What the admin asked for; ``None`` means "any"."""

    user_id: int | None = None
    action: str | None = None
    entity_type: str | None = None
    entity_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    #: Persons merged into the person asked for: their history is the kept person's too.
    merged_ids: tuple[int, ...] = ()


#: At most this many merged persons are followed from one person's history.
MERGED_LIMIT = 200


@dataclass(frozen=True)
class ProbingAlert:
    """One user who was refused many restricted records in a short time."""

    user_id: int | None
    user_name: str | None
    count: int
    since: datetime


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def audit_events(wanted: AuditFilter) -> Select:
    """The events matching ``wanted``, newest first, with their user."""
    stmt = select(AuditEvent).options(selectinload(AuditEvent.user))
    if wanted.user_id is not None:
        stmt = stmt.where(AuditEvent.user_id == wanted.user_id)
    if wanted.action:
        stmt = stmt.where(AuditEvent.action == wanted.action)
    if wanted.entity_type:
        if wanted.entity_id is not None:
            ids = (wanted.entity_id, *wanted.merged_ids)
            stmt = stmt.where(or_(
                (AuditEvent.entity_type == wanted.entity_type) & AuditEvent.entity_id.in_(ids),
                *(cast(AuditEvent.changes, String).like(  # a view naming several records
                    f'%"{record_token(wanted.entity_type, record_id)}"%') for record_id in ids),
            ))
        else:
            stmt = stmt.where(AuditEvent.entity_type == wanted.entity_type)
    elif wanted.entity_id is not None:
        stmt = stmt.where(AuditEvent.entity_id == wanted.entity_id)
    if wanted.date_from:
        stmt = stmt.where(AuditEvent.at >= _day_start(wanted.date_from))
    if wanted.date_to:
        stmt = stmt.where(AuditEvent.at < _day_start(wanted.date_to + timedelta(days=1)))
    return stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def merged_persons(session: Session, person_id: int) -> tuple[int, ...]:
    """Ids of the persons merged into person ``person_id`` (and into those, and so on), read
    from the ``merge`` events of the log itself; at most :data:`MERGED_LIMIT`."""
    found: list[int] = []
    frontier = [person_id]
    while frontier and len(found) < MERGED_LIMIT:
        events = session.scalars(
            select(AuditEvent.changes)
            .where(AuditEvent.action == "merge", AuditEvent.entity_type == "Person",
                   AuditEvent.entity_id.in_(frontier))
            .order_by(AuditEvent.id).limit(MERGED_LIMIT))
        merged = [c.get("merged_person_id") for c in events if isinstance(c, dict)]
        frontier = [i for i in dict.fromkeys(merged)
                    if isinstance(i, int) and i != person_id and i not in found]
        found += frontier[: MERGED_LIMIT - len(found)]
    return tuple(found)


def with_merged_persons(session: Session, wanted: AuditFilter) -> AuditFilter:
    """``wanted``, widened to the persons merged into the person it asks for."""
    if wanted.entity_type != "Person" or wanted.entity_id is None:
        return wanted
    return replace(wanted, merged_ids=merged_persons(session, wanted.entity_id))


def known_actions(session: Session) -> list[str]:
    """Every action the log holds, for the filter."""
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def known_entity_types(session: Session) -> list[str]:
    """Every record type the log names, for the filter (persons and cases always offered)."""
    found = session.scalars(select(AuditEvent.entity_type).distinct()
                            .where(AuditEvent.entity_type.is_not(None)))
    return sorted({"Person", "Case", *found})


def describe_changes(changes: dict | None, limit: int = 160) -> str:
    """A one-line summary of an event's details: changed field names, or key=value pairs."""
    if not changes:
        return ""
    if "records" in changes:
        text = ", ".join(str(r) for r in changes["records"])
    else:
        parts = []
        for key, value in changes.items():
            if isinstance(value, list) and len(value) == 2:
                parts.append(key)
            elif isinstance(value, (dict, list)):
                parts.append(f"{key}=…")
            else:
                parts.append(f"{key}={value}")
        text = ", ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def audit_csv(session: Session, stmt: Select, limit: int | None = None) -> tuple[str, int, bool]:
    """The newest ``limit`` (default :data:`EXPORT_LIMIT`) events of ``stmt`` as CSV.

    Cells are formula-safe; the text starts with the UTF-8 BOM (for Excel). Returns the text, the number of rows and whether more rows
    matched than were written (then a last line says so).
    """
    limit = limit or EXPORT_LIMIT
    events = session.scalars(stmt.limit(limit + 1)).all()
    cut = len(events) > limit
    events = events[:limit]
    buffer = io.StringIO()
    writer = spreadsheet_writer(buffer)
    writer.writerow(CSV_HEADER)
    for e in events:
        writer.writerow([neutralise(v) for v in (
            e.id, e.at.isoformat(timespec="seconds"), e.user_id, e.user.name if e.user else "",
            e.action, e.entity_type, e.entity_id,
            json.dumps(e.changes, ensure_ascii=False) if e.changes else "", e.ip_address)])
    if cut:
        writer.writerow([neutralise(f"Only the newest {limit} events are exported; "
                                    "narrow the filters to export the rest.")])
    return buffer.getvalue(), len(events), cut


def probing_alerts(session: Session, now: datetime | None = None) -> list[ProbingAlert]:
    """Users refused more than the threshold of restricted records in the last ten minutes.

    One grouped query over the recent ``refused_restricted`` events; nothing is stored.
    """
    since = (now or utcnow()) - PROBING_WINDOW
    count = func.count(AuditEvent.id)
    rows = session.execute(
        select(AuditEvent.user_id, User.name, count, func.min(AuditEvent.at))
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.action == REFUSED, AuditEvent.at >= since)
        .group_by(AuditEvent.user_id, User.name)
        .having(count > PROBING_THRESHOLD)
        .order_by(count.desc())
        .limit(50)
    ).all()
    return [ProbingAlert(user_id, name, n, first) for user_id, name, n, first in rows]
