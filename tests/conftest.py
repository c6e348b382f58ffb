"""Fixtures: one app per test session on SQLite or PostgreSQL, a clean database per test.

Choose the database with ``PARLEY_TEST_BACKEND`` (``sqlite``, the default, or ``postgres``).
The PostgreSQL pass needs ``PARLEY_TEST_POSTGRES_URL`` (a server where the tests may create
and drop their own database); without it every test of that pass is skipped with the reason.

Each test starts from empty tables: they are emptied after every test rather than rolled
back, because browser tests drive a live server on another thread and connection.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from app import create_app
from app.extensions import db, limiter
from app.models import Role, Sensitivity, User
from app.security import append_only
from app.security.passwords import hash_password, use_fast_hashing

BACKEND = os.environ.get("PARLEY_TEST_BACKEND", "sqlite")
POSTGRES_URL = os.environ.get("PARLEY_TEST_POSTGRES_URL")
SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE_BRIEFING = SHARED / "samples" / "eu-kazakhstan-hrd-2026-briefing.md"
PASSWORD = "correct battery horse staple 42"

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
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "PARLEY_ENV": "testing",
    })
    with application.app_context():
        upgrade()
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


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Empty every table after each test that used the app."""
    yield
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
    """Factory: ``make_user(role="officer", clearance=None, **fields)`` -> committed User."""
    counter = {"n": 0}

    def make(role: str | Role = "officer", clearance: str | Sensitivity | None = None, **fields):
        counter["n"] += 1
        role = Role(role)
        if clearance is None:
            clearance = Sensitivity.AT_RISK if role is Role.ADMIN else Sensitivity.CONFIDENTIAL
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


def login(client, email: str, password: str = PASSWORD):
    """Sign ``client`` in; returns the response."""
    return client.post("/login", data={"email": email, "password": password})


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
    from app.services.demo import seed_demo

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

    server = make_server("127.0.0.1", 0, app, threaded=True)
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
    tab.wait_for_url(f"{base_url}/")
