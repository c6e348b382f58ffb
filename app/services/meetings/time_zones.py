"""Time zones: a meeting happens at a local time in a place; Parley stores it in UTC.

A meeting's zone is its own, else its dialogue event's, else UTC; a new meeting starts with
its event's zone, else the officer's (set on the account page). Pages show the meeting's local
time and, when the reader's zone differs, the reader's; the calendar feed carries the zone
(TZID) so calendars place the meeting right whatever their own zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache
from typing import TypeGuard
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

#: Offered first when typing a zone: the capitals of Central Asia, Brussels, the EU's capitals.
COMMON_ZONES = (
    "Asia/Almaty", "Asia/Aqtobe", "Asia/Bishkek", "Asia/Dushanbe", "Asia/Tashkent",
    "Asia/Ashgabat", "Asia/Tbilisi", "Asia/Baku", "Asia/Yerevan", "Europe/Brussels",
    "Europe/Berlin", "Europe/Paris", "Europe/Amsterdam", "Europe/Vienna", "Europe/Warsaw",
    "Europe/Stockholm", "Europe/London", "Europe/Vilnius", "Europe/Istanbul", "Europe/Moscow",
    "Europe/Kyiv", "America/New_York", "UTC",
)
UTC_NAME = "UTC"


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    """Every IANA zone name this machine knows."""
    return frozenset(available_timezones()) | {UTC_NAME}


def is_zone(name: str | None) -> TypeGuard[str]:
    """True for an IANA zone name such as ``Asia/Almaty`` (or ``UTC``)."""
    return bool(name) and name in known_zones()


def zone(name: str | None) -> tzinfo:
    """The zone called ``name``; UTC for none or an unknown name."""
    if not is_zone(name) or name == UTC_NAME:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - listed but unreadable
        return UTC


def meeting_zone(meeting) -> str:
    """The zone a meeting happens in: its own (saved with it), else its event's, else UTC."""
    event = getattr(meeting, "event", None)
    return meeting.time_zone or (event.time_zone if event is not None else None) or UTC_NAME


def default_zone(event, user) -> str:
    """The zone a new meeting starts with: its event's, else the officer's, else UTC."""
    return ((event.time_zone if event is not None else None)
            or getattr(user, "time_zone", None) or UTC_NAME)


#: The hour a meeting logged without a start time is stored at (local noon keeps its
#: day the same in UTC for every zone within twelve hours of it).
UNKNOWN_HOUR = time(12, 0)


def to_utc(day: date, at: time | None, name: str | None) -> datetime:
    """The UTC moment of local ``day`` and ``at`` in zone ``name`` (local noon when ``at``
    is not known)."""
    return datetime.combine(day, at or UNKNOWN_HOUR, tzinfo=zone(name)).astimezone(UTC)


def clock(moment: datetime, name: str | None) -> str:
    """"14:00 (Asia/Almaty)": the local time of ``moment`` and its zone (UTC when none)."""
    name = name if is_zone(name) else UTC_NAME
    return f"{local(moment, name):%H:%M} ({name})"


def local(moment: datetime, name: str | None) -> datetime:
    """``moment`` (UTC) as a local time in zone ``name``."""
    return moment.astimezone(zone(name))


def when(moment: datetime | None, name: str | None, reader_zone: str | None = None,
         ends: datetime | None = None, time_known: bool = True) -> str:
    """"11 Dec 2026, 14:00–15:00 (Asia/Almaty)", and ", 10:00 your time" when the reader's
    zone differs; the zone is UTC when the meeting has none. Only the day ("11 Dec 2026")
    when the hour was not recorded."""
    if moment is None:
        return ""
    name = name if is_zone(name) else UTC_NAME
    here = local(moment, name)
    if not time_known:
        return f"{here:%d %b %Y}".lstrip("0")
    until = f"–{local(ends, name):%H:%M}" if ends is not None else ""
    text = f"{here:%d %b %Y, %H:%M}".lstrip("0") + f"{until} ({name})"
    reader = reader_zone if is_zone(reader_zone) else UTC_NAME
    if reader != name:
        theirs = local(moment, reader)
        same_day = theirs.date() == here.date()
        shown = f"{theirs:%H:%M}" if same_day else f"{theirs:%d %b, %H:%M}".lstrip("0")
        text += f", {shown} " + ("your time" if reader != UTC_NAME else "UTC")
    return text
