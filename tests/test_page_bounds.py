"""Every page stays the same whatever the amount of data: same SQL queries, same HTML size.

The pages are those of the page benchmark (tests/page_catalogue.py): every GET page of the URL
map, the detail pages of the busiest records, the pack and brief previews, a search and the
type-ahead. An admin (who sees every record) asks for each once on data of one size and once
on data ten times larger (tests/page_data.py ``grow``); the number of SQL queries must be
equal and the HTML size within 10 %. A page that lists everything, or runs a query per row,
fails here.
"""

from __future__ import annotations

import pytest

from app import create_app
from app.extensions import db, limiter
from tests.conftest import FIELD_KEY, _empty_tables
from tests.page_catalogue import measure, pages, routes
from tests.page_data import create_admin, grow, sign_in

#: The two sizes compared: ``grow(session, factor)``.
FACTORS = (1, 10)
#: How much the HTML may differ (counts and dates in the text).
SIZE_TOLERANCE = 0.10


def _page_names() -> list[str]:
    """The names of the pages, from the URL map of an app that needs no database."""
    url_map_only = create_app({"TESTING": True, "SECRET_KEY": "x", "PARLEY_ENV": "testing",
                               "SQLALCHEMY_DATABASE_URI": "sqlite://",
                               "PARLEY_FIELD_KEYS": FIELD_KEY})
    return [page.name for page in routes(url_map_only)[0]]


PAGE_NAMES = _page_names()


@pytest.fixture(scope="module")
def measured(app):
    """{factor: {page name: (path, {status, bytes, queries})}} at both sizes."""
    results = {}
    for factor in FACTORS:
        with app.app_context():
            grow(db.session, factor)
            admin = create_admin(db.session)
            db.session.commit()
            found, _ = pages(app, db.session)
        limiter.reset()
        client = app.test_client()
        sign_in(client, admin)
        results[factor] = {page.name: (page.path, measure(app, client, page))
                           for page in found}
        with app.app_context():
            db.session.remove()
            _empty_tables()
            db.session.remove()
    return results


def test_every_page_of_the_url_map_is_measured(app):
    """A new GET route whose id argument has no rule for choosing the busiest record fails."""
    assert routes(app)[1] == []
    assert {"dashboard.index", "persons.detail", "meetings.detail", "packs.meeting preview",
            "packs.event preview", "search.index ?q", "tracker.index"} <= set(PAGE_NAMES)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_does_not_grow_with_the_data(measured, name):
    """Same number of queries, and HTML within 10 %, on data ten times larger."""
    small, large = (measured[factor].get(name) for factor in FACTORS)
    assert small is not None and large is not None, f"{name}: no record to address it"
    (small_path, small), (large_path, large) = small, large
    sizes = (f"{name}: {small_path} at x{FACTORS[0]}: {small['queries']} queries, "
             f"{small['bytes']} bytes; {large_path} at x{FACTORS[-1]}: "
             f"{large['queries']} queries, {large['bytes']} bytes")
    assert small["status"] == large["status"] == 200, sizes
    assert large["queries"] == small["queries"], sizes
    assert abs(large["bytes"] - small["bytes"]) <= SIZE_TOLERANCE * small["bytes"], sizes
