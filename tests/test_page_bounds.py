"""Every page stays the same whatever the amount of data: same SQL queries, same HTML size.

The pages are those of the page benchmark (tests/page_catalogue.py): every GET page of the URL
map, the detail pages of the busiest records, the pack and brief previews, a search and the
type-ahead. An admin (who sees every record) asks for each on synthetic data of one size
(tests/page_data.py: every list longer than a page), then again, at the same addresses, after
nine times as much data has been added beside it; the number of SQL queries must not grow and
the HTML size must stay within 10 % (or 1 KB). A page that lists everything, or runs a query per row, fails here.
Writing the audit event of showing a restricted record (once a request, when one is shown,
which depends on the rows a page happens to hold) is counted apart: at most one each time.
"""

from __future__ import annotations

import pytest

from app import create_app
from app.extensions import db, limiter
from tests.page_catalogue import measure, pages, routes
from tests.page_data import create_admin, grow, sign_in
from tests.support.database import FIELD_KEY, empty_tables

#: The data is this many times :data:`tests.page_data.BOUNDS_BASE`, then ten times.
SIZES = (1, 10)
#: How much the HTML may differ (counts and dates in the text), and at least (names in a
#: type-ahead's ten answers).
SIZE_TOLERANCE = 0.10
SIZE_FLOOR = 1024
#: An answer this large is not asked for a second time to count its queries.
MAX_BYTES = 5 << 20


def _page_names() -> list[str]:
    """The names of the pages, from the URL map of an app that needs no database."""
    url_map_only = create_app({"TESTING": True, "SECRET_KEY": "x", "PARLEY_ENV": "testing",
                               "SQLALCHEMY_DATABASE_URI": "sqlite://",
                               "PARLEY_FIELD_KEYS": FIELD_KEY})
    return [page.name for page in routes(url_map_only)[0]]


PAGE_NAMES = _page_names()


@pytest.fixture(scope="module")
def measured(app):
    """{size: {page name: (path, {status, bytes, queries})}} at both sizes."""
    results = {}
    with app.app_context():
        grow(db.session, SIZES[0])
        admin = create_admin(db.session)
        db.session.commit()
        found, _ = pages(app, db.session)
    limiter.reset()
    client = app.test_client()
    sign_in(client, admin)
    try:
        for n, size in enumerate(SIZES):
            if n:
                with app.app_context():
                    grow(db.session, size - SIZES[n - 1], seed=n + 1)
            results[size] = {page.name: (page.path, measure(app, client, page, MAX_BYTES))
                             for page in found}
    finally:
        with app.app_context():
            db.session.remove()
            empty_tables()
            db.session.remove()
    return results


def test_every_page_of_the_url_map_is_measured(app):
    """A new GET route whose id argument has no rule for choosing the busiest record fails."""
    assert routes(app)[1] == []
    assert {"dashboard.index", "persons.detail", "meetings.detail", "packs.meeting preview",
            "packs.event preview", "search.index ?q", "tracker.index"} <= set(PAGE_NAMES)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_does_not_grow_with_the_data(measured, name):
    """No more queries, and HTML within 10 % (or 1 KB), with ten times the data."""
    small, large = (measured[size].get(name) for size in SIZES)
    assert small is not None and large is not None, f"{name}: no record to address it"
    path, small = small
    large = large[1]
    figures = (f"{name} ({path}): at x{SIZES[0]} {small['queries']} queries "
               f"({small['audit_writes']} audit) and {small['bytes']} bytes, at x{SIZES[-1]} "
               f"{large['queries']} queries ({large['audit_writes']} audit) and {large['bytes']} "
               f"bytes (queries not counted above {MAX_BYTES >> 20} MB)")
    assert small["status"] == large["status"] == 200, figures
    assert large["queries"] is not None, figures
    assert small["audit_writes"] <= 1 and large["audit_writes"] <= 1, figures
    # never more queries; fewer is allowed: the type-ahead asks a second query only when the
    # names alone give too few answers, which happens on the smaller data
    assert large["queries"] - large["audit_writes"] <= small["queries"] - small["audit_writes"], \
        figures
    allowed = max(SIZE_TOLERANCE * small["bytes"], SIZE_FLOOR)
    assert abs(large["bytes"] - small["bytes"]) <= allowed, figures
