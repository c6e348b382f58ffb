"""Benchmark: full-text search over 100,000 meeting notes on SQLite and PostgreSQL.

Run ``python -m tests.bench_search`` (``--rows N`` to change the size). SQLite uses a temporary
file; PostgreSQL runs when ``PARLEY_TEST_POSTGRES_URL`` is set, in a database the benchmark
creates and drops. The schema comes from the migrations (FTS5 table and triggers on SQLite,
GIN expression indexes on PostgreSQL). Each query is timed through the whole search service
(index lookup, loading through the ORM with the visibility rule, highlighting); the figure is
the median of several runs. Not part of the pytest suite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta

#: (label, query): a common word, a rare word, two words, a prefix, a Cyrillic name.
QUERIES = (
    ("common word", "delegation"),
    ("rare word", "ombudsman"),
    ("two words", "hunger strike"),
    ("prefix", "accredit"),
    ("Cyrillic name", "Бажкенова"),
    ("no match", "zzyzx"),
)
RUNS = 7
BATCH = 5000

_WORDS = (  # noqa: SIM905
    "delegation ministry meeting follow agreed raised asked response statement case "
    "hearing prison release trial lawyer journalist activist blogger protest permit "
    "court sentence appeal embassy desk officer briefing dialogue round partnership "
    "benchmark civil society funding oversight registration party election referendum "
    "constitution reform treaty committee review report figures statistics torture "
    "complaint investigation visit family contact health strike hunger pressure "
    "media outlet blocking platform accreditation propaganda assistants community"
).split()
_RARE = ("ombudsman", "accreditation", "accredited", "Гульнара Бажкенова", "Марат Жыланбаев")


def _note(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(25, 60))]
    if rng.random() < 0.01:
        words.insert(rng.randrange(len(words)), rng.choice(_RARE))
    return " ".join(words).capitalize() + "."


def _load(app, rows: int) -> float:
    from sqlalchemy import insert

    from app.extensions import db
    from app.models import Meeting, MeetingFormat, MeetingStatus

    rng = random.Random(2026)
    start = datetime(2020, 1, 1, 10, tzinfo=UTC)
    began = time.perf_counter()
    with app.app_context():
        for offset in range(0, rows, BATCH):
            batch = [{"title": f"Meeting {n}", "starts_at": start + timedelta(hours=n),
                      "notes": _note(rng), "format": MeetingFormat.IN_PERSON,
                      "status": MeetingStatus.HELD, "version": 1,
                      "created_at": start, "updated_at": start}
                     for n in range(offset, min(rows, offset + BATCH))]
            db.session.execute(insert(Meeting.__table__), batch)
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE meetings"))
            db.session.commit()
    return time.perf_counter() - began


def _time_queries(app) -> list[tuple[str, str, int, float]]:
    from app.extensions import db
    from app.services.search import search

    figures = []
    with app.app_context():
        for label, query in QUERIES:
            timings, hits = [], 0
            for _ in range(RUNS):
                began = time.perf_counter()
                results = search(db.session, query)
                timings.append(time.perf_counter() - began)
                hits = results.total
                db.session.rollback()
            figures.append((label, query, hits, statistics.median(timings) * 1000))
    return figures


def _app(url: str):
    from flask_migrate import upgrade

    from app import create_app

    os.environ.setdefault("PARLEY_INSTANCE_PATH", tempfile.mkdtemp(prefix="parley-bench-"))
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
    return app


def _report(name: str, rows: int, load_seconds: float, figures) -> None:
    print(f"\n{name}: {rows:,} meeting notes loaded in {load_seconds:.1f} s "
          f"(median of {RUNS} runs per query, whole search service)")
    print(f"  {'query':<16} {'text':<14} {'hits shown':>10} {'median ms':>10}")
    for label, query, hits, millis in figures:
        print(f"  {label:<16} {query:<14} {hits:>10} {millis:>10.1f}")


def run_sqlite(rows: int) -> None:
    """Benchmark on a temporary SQLite file."""
    from app.extensions import db

    folder = tempfile.mkdtemp(prefix="parley-bench-")
    app = _app(f"sqlite:///{folder}/bench.sqlite")
    load = _load(app, rows)
    _report("SQLite FTS5", rows, load, _time_queries(app))
    with app.app_context():
        db.engine.dispose()


def run_postgres(rows: int, server_url: str) -> None:
    """Benchmark on a PostgreSQL database created (and dropped) for the run."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from app.config import normalise_database_url
    from app.extensions import db

    admin_url = normalise_database_url(server_url)
    name = f"parley_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        app = _app(url)
        load = _load(app, rows)
        _report("PostgreSQL full-text (GIN)", rows, load, _time_queries(app))
        with app.app_context():
            db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    """Parse arguments and run the benchmark on every configured database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    run_sqlite(args.rows)
    server = os.environ.get("PARLEY_TEST_POSTGRES_URL")
    if server:
        run_postgres(args.rows, server)
    else:
        print("\nPostgreSQL skipped: set PARLEY_TEST_POSTGRES_URL to include it.")


if __name__ == "__main__":
    main()
