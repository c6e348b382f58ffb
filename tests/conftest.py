"""Fixtures: one app per test session on SQLite or PostgreSQL, and an untouched database for
every test.

Choose the database with ``PARLEY_TEST_BACKEND`` (``sqlite``, the default, or ``postgres``).
The PostgreSQL pass needs ``PARLEY_TEST_POSTGRES_URL`` (a server where the tests may create
and drop their own database); without it every test of that pass is skipped with the reason.
Under pytest-xdist each worker has its own database.

Isolation, two ways (:func:`_isolated`):

- **Rolled back** (the default): the test's sessions share one connection whose outer
  transaction is rolled back afterwards (tests/support/isolation.py). Nothing to empty.
- **Emptied** for tests whose writes must be real commits, seen by other connections: every
  table is emptied after the test. That is every test using ``live_server`` (the browser
  tests: the server answers on another thread, through its own connections), and every test
  marked ``@pytest.mark.truncate("why")``, with its reason beside it: threads writing at once
  (tests/test_races.py), a second app on the same database (read-only database tests), a
  command working on the engine or the database file (backup, restore, synthetic data, key
  rotation checks), ``/healthz`` probing through a connection of its own.
- Tests that build a database of their own (``empty_db_app``: the migration tests) need
  neither.

Record factories and their fixtures (``make_user``, ``officer``, ``demo``…) are in
tests/factories.py; signing in (``login``, ``totp_code``, ``browser_login``) in
tests/support/signing_in.py.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db, limiter
from app.security.passwords import use_fast_hashing
from tests.support.database import (
    BACKEND,
    FIELD_KEY,
    POSTGRES_URL,
    create_postgres_database,
    drop_postgres_database,
    empty_tables,
)
from tests.support.isolation import rolled_back
from tests.support.signing_in import SESSION_APP, login

pytest_plugins = ["tests.factories", "tests.support.briefing_sample"]

use_fast_hashing()


def pytest_report_header(config):
    """Say which database this run uses."""
    if BACKEND == "postgres":
        where = POSTGRES_URL or "not configured: PARLEY_TEST_POSTGRES_URL is unset, tests skip"
        return f"Parley test database: PostgreSQL ({where})"
    return "Parley test database: SQLite (temporary file)"


def pytest_collection_modifyitems(config, items):
    """Skip the whole PostgreSQL pass, with a reason, when no server is configured."""
    if BACKEND == "postgres" and not POSTGRES_URL:
        skip = pytest.mark.skip(reason="PostgreSQL pass: set PARLEY_TEST_POSTGRES_URL to run it")
        for item in items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh database for this test session."""
    if BACKEND == "postgres":
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL pass: set PARLEY_TEST_POSTGRES_URL to run it")
        name = f"parley_test_{uuid.uuid4().hex[:10]}"
        yield create_postgres_database(name)
        drop_postgres_database(name)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'parley-test.sqlite'}"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """The Parley app on the test database, schema built by the migrations."""
    from flask_migrate import upgrade

    instance = tmp_path_factory.mktemp("instance")
    saved = os.environ.get("PARLEY_INSTANCE_PATH")
    os.environ["PARLEY_INSTANCE_PATH"] = str(instance)  # session-wide: monkeypatch is per test
    application = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "PARLEY_FIELD_KEYS": FIELD_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "PARLEY_ENV": "testing",
        "PARLEY_CHART_SECONDS": 0,  # charts drawn on every view (tests/test_kept_charts.py)
    })
    with application.app_context():
        upgrade()
    SESSION_APP["app"] = application
    yield application
    with application.app_context():
        db.engine.dispose()
    if saved is None:
        os.environ.pop("PARLEY_INSTANCE_PATH", None)
    else:
        os.environ["PARLEY_INSTANCE_PATH"] = saved


class _CountingServer:
    """The live server's app, counting the requests it is answering."""

    def __init__(self, wsgi_app) -> None:
        import threading

        self.wsgi_app = wsgi_app
        self.answering = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.answering += 1
        try:
            response = self.wsgi_app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()
        finally:
            with self.lock:
                self.answering -= 1

    def wait_until_idle(self, grace: float = 0.2, limit: float = 10.0) -> None:
        """Wait until no request is being answered (a page's last background request, such
        as a draft sent as its tab closed, must not meet the emptying of the tables)."""
        import time

        time.sleep(grace)
        deadline = time.monotonic() + limit
        while self.answering and time.monotonic() < deadline:
            time.sleep(0.05)


#: The live server's counting wrapper, once started.
_LIVE: dict = {}


@pytest.fixture(autouse=True)
def _isolated(request):
    """Roll back what the test wrote, or empty every table after it (see the module's notes)."""
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    marker = request.node.get_closest_marker("truncate")
    if marker is not None and not (marker.args and marker.args[0]):
        pytest.fail("@pytest.mark.truncate needs the reason the test commits for real")
    if marker is None and "live_server" not in request.fixturenames:
        with rolled_back(application):
            yield
        return
    yield
    if "live_server" in request.fixturenames and "server" in _LIVE:
        _LIVE["server"].wait_until_idle()
    with application.app_context():
        db.session.remove()
        empty_tables()
        db.session.remove()


@pytest.fixture()
def app_context(app):
    """An application context for service-level tests."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture()
def client(app):
    """A test client; rate limits reset for every test."""
    limiter.reset()
    return app.test_client()


@pytest.fixture()
def runner(app):
    """A CLI runner."""
    return app.test_cli_runner()


@pytest.fixture()
def csrf_on(app):
    """Switch CSRF protection on for one test."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture()
def officer_client(client, officer):
    """A client signed in as the officer."""
    assert login(client, officer.email).status_code == 302
    return client


@pytest.fixture()
def admin_client(client, admin):
    """A client signed in as the admin."""
    assert login(client, admin.email).status_code == 302
    return client


@pytest.fixture()
def viewer_client(client, viewer):
    """A client signed in as the viewer."""
    assert login(client, viewer.email).status_code == 302
    return client


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


@pytest.fixture(scope="session")
def _live_server_url(app):
    """Serve the test app on a free local port in a background thread."""
    import threading

    from werkzeug.serving import make_server

    _LIVE["server"] = _CountingServer(app)
    server = make_server("127.0.0.1", 0, _LIVE["server"], threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture()
def live_server(app, _live_server_url):
    """The live server's base URL, with CSRF on as in production."""
    limiter.reset()
    app.config["WTF_CSRF_ENABLED"] = True
    yield _live_server_url
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; skips when Chromium is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def page(browser):
    """A fresh browser page at 1280 px wide."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture()
def empty_db_app(tmp_path):
    """An app on a brand-new, empty database of this pass's backend (its own database: the
    migration tests build and tear down schemas there, apart from the session's app)."""
    name = None
    if BACKEND == "postgres":
        name = f"parley_mig_{uuid.uuid4().hex[:8]}"
        url = create_postgres_database(name)
    else:
        url = f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    application = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    yield application
    with application.app_context():
        db.engine.dispose()
    if name:
        drop_postgres_database(name)
