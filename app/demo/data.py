"""The demo's data file, ``demo.toml``, and what one loading of the demo keeps track of.

Dates in the file are fixed (``on = 2026-02-20``) or relative to the day the demo is loaded
(``days_ago = 12``, ``in_days = 10``; with a prefix: ``due_days_ago``, ``closed_days_ago``,
...), so the demo always looks current.
"""

from __future__ import annotations

import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Case,
    DialogueEvent,
    Meeting,
    Organisation,
    Person,
    Recommendation,
    Source,
    Theme,
    User,
)
from app.security.visibility import unrestricted

#: The data file, inside this package (installed with it as package data).
DATA_FILE = "demo.toml"

#: The officer who records the demo's events, status changes and case updates, and closes a
#: stakeholder's promise.
LEAD_OFFICER = "amina"

#: What :func:`app.demo.build.seed_demo` counts, in the order it reports them.
COUNT_KEYS = (
    "users", "organisations", "persons", "person_names", "affiliations", "themes", "sources",
    "findings", "key_facts", "recommendations", "recommendation_status_changes", "cases",
    "case_updates", "events", "meetings", "raisings", "follow_ups", "follow_up_changes",
)


def load_demo_data() -> dict:
    """The demo's records as written in ``demo.toml``."""
    text = resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


@dataclass
class Demo:
    """One loading of the demo: the session, the day it is loaded, the data file's records,
    the counts of what was created and the records built so far, by the names the file uses."""

    session: Session
    today: date
    data: dict
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    source: Source | None = None
    users: dict[str, User] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    recs: dict[str, Recommendation] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    events: dict[str, DialogueEvent] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)

    def day(self, record: dict, prefix: str = "") -> date | None:
        """The date ``record`` gives as ``<prefix>days_ago``, ``<prefix>in_days`` or ``on``
        (a fixed date); None when it gives none."""
        if f"{prefix}days_ago" in record:
            return self.today - timedelta(days=record[f"{prefix}days_ago"])
        if f"{prefix}in_days" in record:
            return self.today + timedelta(days=record[f"{prefix}in_days"])
        return record.get("on") if not prefix else None

    def on(self, record: dict, prefix: str = "") -> date:
        """The date ``record`` must give (see :meth:`day`)."""
        day = self.day(record, prefix)
        if day is None:
            raise ValueError(f"the demo's record {record!r} gives no date")
        return day

    @property
    def paper(self) -> Source:
        """The briefing paper the demo's findings, facts and recommendations come from."""
        if self.source is None:
            raise ValueError("the demo's source is loaded first")
        return self.source

    def at(self, record: dict, prefix: str = "", hour: int = 10) -> datetime | None:
        """The UTC time at ``hour``:00 on the day ``record`` gives (see :meth:`day`)."""
        day = self.day(record, prefix)
        return None if day is None else datetime.combine(day, time(hour, 0), tzinfo=UTC)

    def find(self, model, **key):
        """The first record of ``model`` matching ``key``, whatever its sensitivity (loading
        twice must find the restricted records too)."""
        stmt = select(model).filter_by(**key).order_by(model.id).limit(1)
        return self.session.scalars(unrestricted(stmt)).first()

    def get_or_create(self, model, count: str, key: dict, **values):
        """``(record, created)``: the record matching ``key``, else a new one from ``key`` and
        ``values``, counted under ``count``."""
        found = self.find(model, **key)
        if found is not None:
            return found, False
        record = model(**key, **values)
        self.session.add(record)
        self.counts[count] += 1
        return record, True

    @contextmanager
    def acting_as(self, user: User):
        """Run a block as if ``user`` did it: the services record them as author, as they
        record the signed-in officer on a page."""
        previous = self.session.info.get("parley_user_id")
        self.session.info["parley_user_id"] = user.id
        try:
            yield
        finally:
            if previous is None:
                self.session.info.pop("parley_user_id", None)
            else:
                self.session.info["parley_user_id"] = previous
