"""Benchmark: masking a 5,000-character note against 20,000 restricted persons' spellings.

Run with ``make bench`` (or ``python -m tests.bench_masking``); prints the median of 200 runs
and the time to build the matcher. Uses a temporary SQLite database.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time

from sqlalchemy import insert

from app.models import Person, PersonName, Sensitivity

FIRST = ["Aliya", "Dana", "Marat", "Bolat", "Gulnara", "Yerlan", "Saule", "Timur", "Aigul",
         "Nurlan"]

FILLER = ("the delegation said the hearing was postponed and the lawyer asked for the file "
          "while the ombudsman promised a visit to the colony next month")


def plant_persons(session, count: int) -> None:
    """``count`` at-risk persons named "<first> Person-<n>", each with a Cyrillic spelling."""
    session.execute(insert(Person.__table__), [
        {"full_name": f"{FIRST[n % len(FIRST)]} Person-{n}", "sensitivity": Sensitivity.AT_RISK,
         "version": 1} for n in range(count)])
    ids = [row[0] for row in session.execute(Person.__table__.select().with_only_columns(
        Person.__table__.c.id))]
    session.execute(insert(PersonName.__table__), [
        {"person_id": pid, "name": f"Персона {pid}", "script": "Cyrillic"} for pid in ids])
    session.commit()


def note(length: int = 5000, mentions: int = 5) -> str:
    """A note of ``length`` characters naming a few of the planted persons."""
    words = FILLER.split()
    rng = random.Random(7)
    parts = []
    while sum(len(p) + 1 for p in parts) < length:
        parts.append(rng.choice(words))
        if rng.random() < mentions / 700:
            n = rng.randrange(20_000)
            parts.append(f"{FIRST[n % len(FIRST)]} Person-{n}")
    return " ".join(parts)[:length]


def main() -> None:
    """Build the matcher over 20,000 persons and time masking a 5,000-character note."""
    import os

    from app import create_app
    from app.extensions import db
    from app.security.masking import mask_with, matcher

    folder = tempfile.mkdtemp()
    os.environ.setdefault("PARLEY_INSTANCE_PATH", folder)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        plant_persons(db.session, 20_000)
        started = time.perf_counter()
        found = matcher(db.session)
        built = time.perf_counter() - started
        text = note()
        levels = (Sensitivity.NORMAL,)
        runs = []
        for _ in range(200):
            started = time.perf_counter()
            masked = mask_with(text, found, levels)
            runs.append(time.perf_counter() - started)
        print(f"persons: 20000, spellings in the automaton: {len(found.owners)}")
        started = time.perf_counter()
        matcher(db.session)
        checked = time.perf_counter() - started
        print(f"matcher built in {built * 1000:.0f} ms (once per process and change); "
              f"checking it is current: {checked * 1000:.2f} ms (once per request)")
        print(f"masking {len(text)} characters: median {statistics.median(runs) * 1000:.3f} ms, "
              f"max {max(runs) * 1000:.3f} ms over {len(runs)} runs; "
              f"{masked.count('[restricted]')} names masked")


if __name__ == "__main__":
    main()
