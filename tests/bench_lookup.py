"""Benchmark: the type-ahead (``/lookup/<kinds>``) over an NGO's data, SQLite and PostgreSQL.

Run ``python -m tests.bench_lookup`` (``--persons N`` to change the size). Loads 20,000 persons
(each with a post in one of 2,000 organisations and a Cyrillic other spelling, 1 in 20 at
risk), 2,000 recommendations, 1,500 cases and 200 themes, then times one type-ahead request's
work (:func:`app.services.lookup.search`: the ORM queries with the visibility rule, labels,
the masked-name check) for a reader cleared for everything and for one cleared only for
normal records. Figures are medians of several runs. Not part of the pytest suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import UTC, datetime

from tests.bench_search import _app

#: (kinds, query) as officers type them.
QUERIES = (
    ("persons", "zhyl"), ("persons", "Жыл"), ("persons", "ministry 17"),
    ("persons", "person 1234"), ("persons", "zzyzx"), ("persons", ""),
    ("organisations", "ministry"), ("recommendations,cases,themes", "torture"),
    ("users,persons", "ali"),
)
RUNS = 7
BATCH = 5000


def _load(app, persons: int) -> float:
    from sqlalchemy import insert

    from app.extensions import db
    from app.models import (
        Affiliation,
        Case,
        Organisation,
        Person,
        PersonName,
        Recommendation,
        Theme,
    )

    now = datetime(2026, 1, 1, tzinfo=UTC)
    stamp = {"created_at": now, "updated_at": now, "version": 1}
    organisations = max(1, persons // 10)
    began = time.perf_counter()
    with app.app_context():
        def put(model, rows):
            for start in range(0, len(rows), BATCH):
                db.session.execute(insert(model.__table__), rows[start:start + BATCH])

        put(Organisation, [{"id": i + 1, "name": f"Ministry {i} of Things", "acronym": f"M{i}",
                            "kind": "government", **stamp} for i in range(organisations)])
        put(Person, [{"id": i + 1, "full_name": f"Person {i} Zhylanbaev",
                      "sensitivity": "at_risk" if i % 20 == 0 else "normal", **stamp}
                     for i in range(persons)])
        put(PersonName, [{"person_id": i + 1, "name": f"Персона {i} Жыланбаев",
                          "script": "Cyrillic"} for i in range(persons)])
        put(Affiliation, [{"person_id": i + 1, "organisation_id": i % organisations + 1,
                           "role": "Adviser", **stamp} for i in range(persons)])
        put(Theme, [{"id": i + 1, "name": f"Theme {i} torture" if i % 10 == 0 else f"Theme {i}",
                     "position": 0, **stamp} for i in range(200)])
        put(Recommendation, [{"text": f"Recommendation {i} on torture and detention.",
                              "short_title": f"Rec {i}", "addressee": "The authorities",
                              "priority": 3, "status": "not_started", **stamp}
                             for i in range(persons // 10)])
        put(Case, [{"title": f"Case {i}", "charges": "Article 274", "status": "detained",
                    "sensitivity": "normal", "is_group": False, "may_be_named": False, **stamp}
                   for i in range(persons * 3 // 40)])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
    return time.perf_counter() - began


def _time(app) -> list[tuple[str, str, str, int, float]]:
    from app.extensions import db
    from app.models import Sensitivity
    from app.security.visibility import levels_for
    from app.services.lookup import kinds_named, search

    figures = []
    with app.app_context():
        for reader, levels in (("cleared", tuple(Sensitivity)), ("normal", (Sensitivity.NORMAL,))):
            with levels_for(db.session, levels):
                search(db.session, kinds_named("persons"), "warm up")
                for kinds, query in QUERIES:
                    timings, found = [], 0
                    for _ in range(RUNS):
                        began = time.perf_counter()
                        found = len(search(db.session, kinds_named(kinds), query))
                        timings.append(time.perf_counter() - began)
                        db.session.rollback()
                    figures.append((reader, kinds, query, found,
                                    statistics.median(timings) * 1000))
    return figures


def _report(name: str, persons: int, load: float, figures) -> None:
    print(f"\n{name}: {persons:,} persons loaded in {load:.1f} s (median of {RUNS} runs)")
    print(f"  {'reader':<8} {'kinds':<30} {'query':<12} {'results':>7} {'median ms':>10}")
    for reader, kinds, query, found, millis in figures:
        print(f"  {reader:<8} {kinds:<30} {query!r:<12} {found:>7} {millis:>10.1f}")


def main() -> None:
    """Run on a temporary SQLite file, then on PostgreSQL when configured."""
    import tempfile
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from app.config import normalise_database_url
    from app.extensions import db

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000)
    args = parser.parse_args()
    app = _app(f"sqlite:///{tempfile.mkdtemp(prefix='parley-bench-')}/bench.sqlite")
    _report("SQLite", args.persons, _load(app, args.persons), _time(app))
    with app.app_context():
        db.engine.dispose()
    server = os.environ.get("PARLEY_TEST_POSTGRES_URL")
    if not server:
        print("\nPostgreSQL skipped: set PARLEY_TEST_POSTGRES_URL to include it.")
        return
    admin_url = normalise_database_url(server)
    name = f"parley_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        app = _app(make_url(admin_url).set(database=name).render_as_string(hide_password=False))
        _report("PostgreSQL", args.persons, _load(app, args.persons), _time(app))
        with app.app_context():
            db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
