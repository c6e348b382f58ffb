"""Fixtures: one app per test session on SQLite or PostgreSQL, a clean database per test.

Choose the database with ``PARLEY_TEST_BACKEND`` (``sqlite``, the default, or ``postgres``).
The PostgreSQL pass needs ``PARLEY_TEST_POSTGRES_URL`` (a server where the tests may create
and drop their own database); without it every test of that pass is skipped with the reason.

Each test starts from empty tables: they are emptied after every test rather than rolled
back, because browser tests drive a live server on another thread and connection.

Second factor: ``make_user`` enrols admins with a TOTP secret (``second_factor=False`` makes
an admin without one; ``second_factor=True`` enrols any role), and ``login()`` and
``browser_login()`` complete the code step with a code computed by pyotp. Parley refuses a
TOTP code whose 30-second time step is not newer than the last one used (replay), and tests
sign the same user in several times within one step; so :func:`totp_code` first moves the
user's stored counter back in the test database, then returns the current code. The replay
rule itself is tested without this help in tests/security/test_second_factor.py.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pyotp
import pytest
from sqlalchemy import func, select, text

from app import create_app
from app.extensions import db, limiter
from app.models import Role, Sensitivity, User, utcnow
from app.security import append_only
from app.security.field_crypto import generate_key
from app.security.passwords import hash_password, use_fast_hashing

BACKEND = os.environ.get("PARLEY_TEST_BACKEND", "sqlite")
POSTGRES_URL = os.environ.get("PARLEY_TEST_POSTGRES_URL")
SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE_BRIEFING = SHARED / "samples" / "eu-kazakhstan-hrd-2026-briefing.md"
PASSWORD = "correct battery horse staple 42"


def require_sample() -> str:
    """The shared briefing paper's text; skips the test with a reason when ../shared is absent."""
    if not SAMPLE_BRIEFING.is_file():
        pytest.skip(f"the sample briefing paper is not beside the project ({SAMPLE_BRIEFING})")
    return SAMPLE_BRIEFING.read_text(encoding="utf-8")
#: The test app's field key (encrypted person and case fields), new for every session.
FIELD_KEY = generate_key()

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


def postgres_admin_url() -> str:
    """The PostgreSQL server URL for creating and dropping test databases (psycopg driver)."""
    from app.config import normalise_database_url

    return normalise_database_url(POSTGRES_URL)


def create_postgres_database(name: str) -> str:
    """Create a fresh PostgreSQL database and return its URL."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(name: str) -> None:
    """Drop a test database, closing any connection left to it."""
    from sqlalchemy import create_engine

    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


#: The session's app, for :func:`browser_login` (which only gets a page and a URL).
_SESSION_APP: dict = {}


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
    os.environ["PARLEY_INSTANCE_PATH"] = str(instance)
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
    _SESSION_APP["app"] = application
    yield application
    with application.app_context():
        db.engine.dispose()


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        # The audit log refuses DELETE (app/security/append_only.py): lift its triggers around
        # the clean-up and put them back. TRUNCATE fires no row triggers.
        for statement in append_only.sqlite_drop():
            db.session.execute(text(statement))
        for table in tables:
            db.session.execute(table.delete())
        for statement in append_only.sqlite_create():
            db.session.execute(text(statement))
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        # Re-creating the triggers changed the schema: start the next test on new connections
        # (a pooled connection's cached INSERT … RETURNING can fail to re-prepare after it).
        db.engine.dispose()


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
def _clean_database(request):
    """Empty every table after each test that used the app (after the live server, if the
    test used it, has answered every request)."""
    yield
    if "live_server" in request.fixturenames and "server" in _LIVE:
        _LIVE["server"].wait_until_idle()
    if "app" in request.fixturenames:
        application = request.getfixturevalue("app")
        with application.app_context():
            db.session.remove()
            _empty_tables()
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
def make_user(app):
    """Factory: ``make_user(role="officer", clearance=None, second_factor=None, **fields)``.

    Returns a committed, detached User. ``second_factor`` (default: only for admins) enrols a
    TOTP secret, as an admin must have one.
    """
    counter = {"n": 0}

    def make(role: str | Role = "officer", clearance: str | Sensitivity | None = None,
             second_factor: bool | None = None, **fields):
        counter["n"] += 1
        role = Role(role)
        if clearance is None:
            clearance = Sensitivity.AT_RISK if role is Role.ADMIN else Sensitivity.CONFIDENTIAL
        if second_factor if second_factor is not None else role is Role.ADMIN:
            fields.setdefault("totp_secret", pyotp.random_base32())
            fields.setdefault("totp_enabled_at", utcnow())
        with app.app_context():
            user = User(
                email=fields.pop("email", f"{role.value}{counter['n']}@parley.example"),
                name=fields.pop("name", f"{role.value.capitalize()} {counter['n']}"),
                role=role, clearance=Sensitivity(clearance),
                password_hash=hash_password(fields.pop("password", PASSWORD)), **fields,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


def totp_code(app, email: str) -> str | None:
    """The current TOTP code of a user (``None`` without a factor), counter moved back first.

    Moving the stored last-used counter back lets a test sign one user in twice within one
    30-second step; nothing outside the tests ever does this.
    """
    with app.app_context():
        user = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
        if user is None or not user.has_second_factor:
            return None
        user.totp_last_counter = None
        db.session.commit()
        secret = user.totp_secret
        db.session.remove()
    return pyotp.TOTP(secret).now()


def login(client, email: str, password: str = PASSWORD):
    """Sign ``client`` in, completing the code step when the user has a second factor.

    Returns the last response: the password step's, or the code step's when there is one.
    """
    response = client.post("/login", data={"email": email, "password": password})
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.split("?")[0].endswith("/login/code"):
        code = totp_code(client.application, email)
        response = client.post(location, data={"code": code})
    return response


def reauth(client, email: str, password: str = PASSWORD, next_path: str = "/"):
    """Confirm it is you on the re-authentication page (password, and a code when set up)."""
    data = {"password": password}
    code = totp_code(client.application, email)
    if code:
        data["code"] = code
    return client.post(f"/reauth?{urlencode({'next': next_path})}", data=data)


@pytest.fixture()
def officer(make_user):
    """An officer cleared for confidential records."""
    return make_user("officer", name="Olga Officer", email="officer@parley.example")


@pytest.fixture()
def admin(make_user):
    """An admin (sees every record)."""
    return make_user("admin", name="Ada Admin", email="admin@parley.example")


@pytest.fixture()
def viewer(make_user):
    """A viewer cleared only for normal records."""
    return make_user("viewer", clearance="normal", name="Vik Viewer",
                     email="viewer@parley.example")


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


@pytest.fixture()
def demo(app):
    """The demo data, loaded and committed; returns the counts created."""
    from app.demo.build import seed_demo

    with app.app_context():
        counts = seed_demo(db.session)
        db.session.commit()
        return counts


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


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


def screenshot(tab, name: str) -> Path:
    """Save a full-page screenshot to tests/screenshots/ (git-ignored) and return its path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{BACKEND}-{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


def browser_login(tab, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    tab.goto(f"{base_url}/login")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(lambda url: url.split("?")[0] in (f"{base_url}/", f"{base_url}/login/code"))
    if tab.url.split("?")[0] == f"{base_url}/login/code":
        tab.get_by_label("Code").fill(totp_code(_SESSION_APP["app"], email))
        tab.get_by_role("button", name="Verify").click()
    tab.wait_for_url(f"{base_url}/")


@pytest.fixture()
def empty_db_app(tmp_path):
    """An app on a brand-new, empty database of this pass's backend."""
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
