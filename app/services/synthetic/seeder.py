"""The synthetic data run: refuse or go, write every table in dependency order, then bring
what the app derives up to date (name stamp, PostgreSQL sequences and statistics)."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from datetime import time as time_of_day

from sqlalchemy import Engine, insert, text
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import AuditEvent, utcnow
from app.security.passwords import hash_password
from app.services.synthetic import agenda, meetings, people
from app.services.synthetic.guard import check_database
from app.services.synthetic.scales import Scale, scale_named
from app.services.synthetic.world import World
from app.services.synthetic.writer import Progress, analyse, reset_sequences

#: Renew the name stamp (as the triggers do) so every worker rebuilds its name matcher.
STAMP = ("INSERT INTO name_stamps (id, stamp) VALUES (1, :stamp) "
         "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp")


def start_of_today() -> datetime:
    """Midnight UTC today: the default "now" of a run, so that runs on the same day agree."""
    return datetime.combine(utcnow().date(), time_of_day(0), tzinfo=UTC)


def seed_synthetic(bind: Engine | Session, scale: str | float | Scale = "small", seed: int = 1,
                   *, progress: Progress | None = None, now: datetime | None = None,
                   password: str | None = None, force: bool = False) -> dict[str, int]:
    """Fill the database with synthetic data and return the counts by kind.

    ``bind``: an Engine, or a Session whose engine is used (the run commits on its own
    connection, table by table: the session must not hold a write transaction). ``scale``:
    "small", "medium", "large", a factor of the large scale (``0.001``) or a :class:`Scale`.
    The same ``seed`` and ``now`` (default: midnight UTC today) give the same data (ids,
    names, texts, dates; meetings after ``now`` are planned); encrypted
    values differ (Fernet tokens are randomised) but decrypt to the same text. Synthetic
    accounts get ``password`` (without one, a random password nobody knows).

    Raises :class:`~app.services.synthetic.guard.RealRecordsFound` when the database holds
    records not made by seed-synthetic and :class:`SyntheticDataFound` when it holds synthetic
    data already, unless ``force``, which adds the new set beside them. Needs the application
    context (the field keys encrypt contacts and notes).
    """
    engine = bind.get_bind().engine if isinstance(bind, Session) else bind
    chosen = scale_named(scale)
    password_hash = hash_password(password or secrets.token_urlsafe(24))
    with engine.connect() as connection:
        check_database(connection, force)
        connection.commit()
        world = World(connection, chosen, seed, now or start_of_today(), progress)
        began = time.perf_counter()
        people.write_users(world, password_hash)
        for step in (agenda.write_themes, people.write_organisations, people.write_persons,
                     agenda.write_sources, agenda.write_recommendations, agenda.write_cases,
                     agenda.write_events):
            connection.commit()
            step(world)
        connection.commit()
        plans = meetings.write_meetings(world)
        connection.commit()
        meetings.write_raisings(world, plans)
        connection.commit()
        meetings.write_follow_ups(world, plans)
        connection.commit()
        _finish(world, time.perf_counter() - began)
    return world.counts


def _finish(world: World, seconds: float) -> None:
    """Name stamp, sequences, statistics, and one audit event saying what was added."""
    connection = world.connection
    connection.execute(text(STAMP), {"stamp": secrets.randbelow(9 * 10**15)})
    reset_sequences(connection, db.metadata.sorted_tables)
    connection.execute(insert(AuditEvent.__table__).values(
        at=utcnow(), user_id=None, action="synthetic_data", entity_type=None, entity_id=None,
        changes={"scale": world.scale.name, "seed": world.seed, "seconds": round(seconds),
                 **world.counts}))
    connection.commit()
    if connection.dialect.name == "postgresql":
        analyse(connection)
        connection.commit()
    else:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        connection.commit()
