"""Pack benchmark (not part of pytest): ``python -m tests.benchmarks pack`` or ``make bench``.

Two scenarios, on a temporary SQLite database and on PostgreSQL too when
``PARLEY_TEST_POSTGRES_URL`` is set:

- the demo's government-delegation pack with the default selection: the HTML pack (build and
  print) and the PDF (build, print and render; fonts configured once per process, as in a
  running Parley), and the internal and external PDFs' page counts;
- the pack of a meeting with 10 attendees, 40 recommendations, 15 cases and 200 earlier
  meetings with these people: the HTML pack's build time, the PDF's render time and the number
  of SQL queries.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid

from sqlalchemy import event

SCENARIO = {"attendees": 10, "recommendations": 40, "cases": 15, "earlier_meetings": 200}
RUNS = 5


def _timed(function, runs: int) -> tuple[float, object]:
    """Median wall time in milliseconds over ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def bench(database_url: str, label: str) -> None:
    """Create the scenario on ``database_url`` and print the figures."""
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.services.packs.build import build_meeting_pack
    from app.services.packs.render_html import render_html
    from app.services.pdf import html_to_pdf
    from tests.pack_scenarios import build_history

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "PARLEY_ENV": "testing",
                      "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
        _demo(label)
        meeting_id = build_history(db.session, **SCENARIO)
        db.session.commit()
        statements = []
        event.listen(db.engine, "before_cursor_execute",
                     lambda *args: statements.append(args[2]))

        def html_pack():
            db.session.expire_all()
            return render_html(build_meeting_pack(db.session, meeting_id, "internal"))

        build_ms, html = _timed(html_pack, RUNS)
        queries = len(statements) // RUNS
        pdf_ms, pdf = _timed(lambda: html_to_pdf(html), 3)
        db.session.remove()
        db.engine.dispose()
    print(f"{label}: HTML pack build {build_ms:.0f} ms (median of {RUNS}, {queries} SQL queries, "
          f"{len(html) // 1024} KiB); PDF render {pdf_ms:.0f} ms (median of 3, "
          f"{len(pdf) // 1024} KiB)")


def _demo(label: str) -> None:
    """The demo's government-delegation pack, default selection: HTML and PDF times, pages."""
    import io

    from pypdf import PdfReader
    from sqlalchemy import select

    from app.demo.build import seed_demo
    from app.extensions import db
    from app.models import Meeting
    from app.services.packs.build import build_meeting_pack
    from app.services.packs.issue import render

    seed_demo(db.session)
    db.session.commit()
    meeting_id = db.session.scalar(select(Meeting.id).where(
        Meeting.title.startswith("Government delegation")))

    def pack(fmt: str, audience: str = "internal") -> bytes:
        db.session.expire_all()
        return render(build_meeting_pack(db.session, meeting_id, audience), fmt)

    pack("pdf")  # the first PDF of a process configures the fonts
    html_ms, _ = _timed(lambda: pack("html"), RUNS)
    pdf_ms, _ = _timed(lambda: pack("pdf"), RUNS)
    pages = {audience: len(PdfReader(io.BytesIO(pack("pdf", audience))).pages)
             for audience in ("internal", "external")}
    print(f"{label}, demo government-delegation pack (default selection): HTML {html_ms:.0f} ms, "
          f"PDF {pdf_ms:.0f} ms (medians of {RUNS}, build included); "
          f"PDF pages: internal {pages['internal']}, external {pages['external']}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on SQLite, then PostgreSQL when configured (no options)."""
    if argv:
        print("usage: python -m tests.benchmarks pack (no options)")
        return 0 if argv[0] in ("-h", "--help") else 2
    os.environ.setdefault("PARLEY_INSTANCE_PATH", tempfile.mkdtemp(prefix="parley-bench-"))
    print("Scenario: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in SCENARIO.items()))
    with tempfile.TemporaryDirectory() as folder:
        bench(f"sqlite:///{folder}/bench.sqlite", "SQLite")
    if os.environ.get("PARLEY_TEST_POSTGRES_URL"):
        from tests.support.database import create_postgres_database, drop_postgres_database

        name = f"parley_bench_{uuid.uuid4().hex[:8]}"
        try:
            bench(create_postgres_database(name), "PostgreSQL")
        finally:
            drop_postgres_database(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
