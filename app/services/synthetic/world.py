"""What the synthetic generators share: the clock, the random streams, the connection, the
next ids, and what earlier steps made (ids with the few facts later steps need)."""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, Table

from app.models import Sensitivity
from app.services.synthetic.scales import Scale
from app.services.synthetic.writer import Progress, TableWriter, next_id

#: How far back the synthetic history reaches.
HISTORY_DAYS = 3653
#: How far ahead meetings and events are planned.
PLANNED_DAYS = 180
LEVELS = tuple(Sensitivity)
RANK = {level: n for n, level in enumerate(LEVELS)}


@dataclass
class Writer:
    """A synthetic user who writes records: id and clearance rank (admins see everything)."""

    id: int
    rank: int


@dataclass
class World:
    """The state of one run of the generator."""

    connection: Connection
    scale: Scale
    seed: int
    now: datetime
    progress: Progress | None = None
    counts: dict[str, int] = field(default_factory=dict)
    #: Writers (admins and officers), and those cleared for each level (rank -> writers).
    writers: list[Writer] = field(default_factory=list)
    cleared: dict[int, list[Writer]] = field(default_factory=dict)
    #: Themes: id -> name, and the ids of sub-topics (level 2 and 3) for recommendations.
    theme_names: dict[int, str] = field(default_factory=dict)
    topic_ids: list[int] = field(default_factory=list)
    #: Organisations: ids, kinds, short names, and their ids by kind.
    org_ids: list[int] = field(default_factory=list)
    org_created: list[datetime] = field(default_factory=list)
    org_kind: dict[int, str] = field(default_factory=dict)
    org_short: dict[int, str] = field(default_factory=dict)
    orgs_by_kind: dict[str, list[int]] = field(default_factory=dict)
    #: Persons in id order (= creation order): id, created_at, sensitivity rank, name, kind.
    person_ids: list[int] = field(default_factory=list)
    person_created: list[datetime] = field(default_factory=list)
    person_rank: dict[int, int] = field(default_factory=dict)
    person_name: dict[int, str] = field(default_factory=dict)
    #: Ids of Central-Asian activists, journalists and lawyers (restricted ones first).
    civil_society: list[int] = field(default_factory=list)
    #: Persons posted at each organisation.
    staff: dict[int, list[int]] = field(default_factory=dict)
    source_dates: dict[int, date] = field(default_factory=dict)
    rec_ids: list[int] = field(default_factory=list)
    #: Recommendations and cases in the order they were created: (created_at, id), sorted.
    rec_timeline: list[tuple[datetime, int]] = field(default_factory=list)
    case_timeline: list[tuple[datetime, int]] = field(default_factory=list)
    rec_titles: dict[int, str] = field(default_factory=dict)
    #: Cases: id -> (title, rank of the most restricted of the case and its person).
    case_info: dict[int, tuple[str, int]] = field(default_factory=dict)
    #: Events in date order: (id, starts_on, title).
    events: list[tuple[int, date, str]] = field(default_factory=list)

    @property
    def today(self) -> date:
        """The generator's today."""
        return self.now.date()

    @property
    def start(self) -> datetime:
        """When the synthetic history begins."""
        return self.now - timedelta(days=HISTORY_DAYS)

    def rng(self, stream: str) -> random.Random:
        """The random stream of one step: the same seed always gives the same stream."""
        return random.Random(f"parley-synthetic:{self.seed}:{stream}")

    def writer(self, table: Table, columns, total: int = 0, label: str | None = None,
               parents=()):
        """A :class:`TableWriter` on this run's connection, reporting progress; ``parents``
        are the writers of the rows these point to (written first)."""
        return TableWriter(self.connection, table, columns, total, self.progress, label,
                           parents=parents)

    def first_id(self, table: Table) -> int:
        """The first id this run gives to rows of ``table``."""
        return next_id(self.connection, table)

    def between(self, rng: random.Random, earliest: datetime, latest: datetime) -> datetime:
        """A random moment between two moments (``earliest`` when they are the wrong way)."""
        span = (latest - earliest).total_seconds()
        if span <= 0:
            return earliest
        return earliest + timedelta(seconds=int(rng.random() * span))

    def creation_times(self, rng: random.Random, n: int, imported: float = 0.2) -> list[datetime]:
        """``n`` sorted creation times: a share imported on the first day, the rest spread
        over the history (so that ids grow with time, as in a real database)."""
        first_day = self.start + timedelta(hours=9)
        times = [self.between(rng, first_day, first_day + timedelta(hours=8))
                 if rng.random() < imported
                 else self.between(rng, first_day, self.now - timedelta(hours=1))
                 for _ in range(n)]
        return sorted(times)

    def writer_for(self, rng: random.Random, rank: int = 0) -> Writer:
        """A random writer cleared for records of sensitivity ``rank``."""
        return rng.choice(self.cleared[rank])

    def persons_before(self, moment: datetime) -> int:
        """How many persons existed at ``moment`` (a prefix of :attr:`person_ids`)."""
        return max(1, bisect.bisect_right(self.person_created, moment))

    @staticmethod
    def known_at(rng: random.Random, timeline: list[tuple[datetime, int]],
                 moment: datetime) -> int:
        """A random id from ``timeline`` created by ``moment`` (the first one when none was)."""
        known = bisect.bisect_right(timeline, (moment, float("inf")))
        return timeline[rng.randrange(known)][1] if known else timeline[0][1]

    def tracked(self, rng: random.Random, created: datetime, creator: Writer, rank: int = 0,
                updated_share: float = 0.3) -> tuple:
        """(created_at, updated_at, version, created_by_id, updated_by_id) of a record, some
        edited once or twice after creation."""
        if rng.random() >= updated_share or created >= self.now:
            return created, created, 1, creator.id, creator.id
        editor = self.writer_for(rng, rank) if rng.random() < 0.5 else creator
        updated = self.between(rng, created, self.now)
        return created, updated, rng.choice((2, 2, 3)), creator.id, editor.id

    def count(self, key: str, n: int) -> None:
        """Add ``n`` to the count of ``key``."""
        self.counts[key] = self.counts.get(key, 0) + n
