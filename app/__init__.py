"""Parley: advocacy contact and dialogue-preparation CRM for human-rights NGOs."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import click
from flask import Flask, g, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app import routing
from app.config import (
    default_settings,
    instance_path,
    load_environment,
    normalise_database_url,
    secret_key_file,
)
from app.extensions import csrf, db, limiter, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(click.ClickException, RuntimeError):
    """Parley cannot start with the configuration it was given.

    A ClickException, so that ``flask`` commands say it in one line instead of a traceback.
    """


def create_app(config: dict | None = None) -> Flask:
    """Build the Parley application; ``config`` overrides every other setting (tests)."""
    app = Flask(
        __name__,
        instance_path=instance_path(),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
    )
    # JSON answers carry names as written, not as \u escapes: the masking of responses
    # (app/security/masking) must see a Cyrillic name in a type-ahead list like in a page.
    if not isinstance(app.json, DefaultJSONProvider):
        raise TypeError("Parley's JSON answers expect Flask's default JSON provider")
    app.json.ensure_ascii = False
    _configure(app, config or {})
    _trust_proxies(app)
    _init_extensions(app)
    routing.install(app)
    _register_blueprints(app)
    _register_hooks(app)
    _register_errors(app)
    _register_template_helpers(app)
    from app.cli import register_commands

    register_commands(app)
    if not app.config.get("TESTING"):
        from app.collector import settle_for_serving

        settle_for_serving()  # a process that serves pages: fewer, shorter collector pauses
    return app


def _configure(app: Flask, overrides: dict) -> None:
    app.config.from_mapping(default_settings(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    load_environment(app.config)
    app.config.from_mapping(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if app.config["PARLEY_ENV"] == "development":
        app.config["SESSION_COOKIE_SECURE"] = False
    if not app.config.get("SECRET_KEY"):
        key_file = secret_key_file(app.instance_path)
        if key_file.exists():
            app.config["SECRET_KEY"] = key_file.read_text().strip()
    if not app.config.get("SECRET_KEY"):
        if app.config["PARLEY_ENV"] == "production" and not app.config.get("TESTING"):
            raise ConfigurationError(
                "SECRET_KEY is not set: set it in the environment or instance/config.py "
                "(make run writes one to instance/secret_key)."
            )
        app.config["SECRET_KEY"] = os.urandom(32).hex()
    _configure_field_keys(app)


def _configure_field_keys(app: Flask) -> None:
    """Load the keys of the encrypted fields; production refuses to start without them."""
    from app.security.field_crypto import FieldKeyError, install_field_keys

    try:
        install_field_keys(app)
    except FieldKeyError as exc:
        raise ConfigurationError(f"Field encryption: {exc}") from None


def _trust_proxies(app: Flask) -> None:
    """Behind ``PARLEY_TRUSTED_PROXIES`` reverse proxies, take the client's address and scheme
    from their X-Forwarded-For and X-Forwarded-Proto headers (Werkzeug's ProxyFix)."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    raw = app.config.get("PARLEY_TRUSTED_PROXIES") or 0
    try:
        hops = int(raw)
    except (TypeError, ValueError):
        hops = -1
    if hops < 0:
        raise ConfigurationError(
            f"PARLEY_TRUSTED_PROXIES must be a whole number of proxies (0 or more), not {raw!r}.")
    app.config["PARLEY_TRUSTED_PROXIES"] = hops
    if hops:
        # Flask's documented way to wrap the WSGI app in a middleware.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL, foreign keys and a busy timeout for every SQLite connection."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # SQLite's lower() folds ASCII only; app.services.people.names.fold uses this on SQLite.
    from app.services.people.names import SQLITE_FOLD, fold_text

    dbapi_connection.create_function(SQLITE_FOLD, 1, fold_text, deterministic=True)


@event.listens_for(Engine, "connect")
def _postgresql_settings(dbapi_connection, connection_record) -> None:
    """No JIT compilation for PostgreSQL sessions.

    Parley's queries are short, but the planner's cost estimate of one with correlated EXISTS
    (the visibility rule) can pass ``jit_above_cost``: PostgreSQL would then spend most of a
    second compiling a query that runs in milliseconds.
    """
    module = type(dbapi_connection).__module__
    if not module.startswith("psycopg"):
        return
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION jit = off")
    cursor.close()
    dbapi_connection.autocommit = autocommit


def _init_extensions(app: Flask) -> None:
    from app.models import User
    from app.security import audit, masking, restricted_access, visibility

    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        Path(uri[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "strong"
    visibility.install()
    masking.install()
    audit.install()
    restricted_access.install()

    @login_manager.user_loader
    def load_user(token: str):
        from sqlalchemy import select

        return db.session.scalar(
            select(User).where(User.session_token == token, User.is_active_account.is_(True))
        )


def _register_blueprints(app: Flask) -> None:
    """Register the ``bp`` of every ``app/<area>/routes.py`` (one blueprint per area)."""
    import importlib
    import pkgutil

    package = Path(__file__).resolve().parent
    for info in sorted(pkgutil.iter_modules([str(package)]), key=lambda i: i.name):
        if info.ispkg and (package / info.name / "routes.py").exists():
            module = importlib.import_module(f"app.{info.name}.routes")
            app.register_blueprint(module.bp)


def _register_hooks(app: Flask) -> None:
    from app.drafts.held import hold_unsaved_save
    from app.security.access import enforce_access
    from app.security.headers import add_security_headers
    from app.security.masking import mask_response
    from app.security.restricted_access import write_request_audit
    from app.security.second_factor import enforce_second_factor
    from app.security.sessions import check_session_age
    from app.security.visibility import remember_levels

    @app.before_request
    def _before():
        if request.endpoint == "static":
            return None
        held = hold_unsaved_save()  # a long form posted on an ended session: kept, sign in
        if held is not None:
            return held
        expired = check_session_age()
        if expired is not None:
            return expired
        remember_levels(current_user)
        return enforce_access() or enforce_second_factor()

    app.after_request(add_security_headers)
    app.after_request(mask_response)
    app.after_request(write_request_audit)

    @app.teardown_request
    def _forget(exc):
        g.pop("parley_levels", None)


def _register_errors(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm.exc import StaleDataError

    from app.record_views.saving import STALE_MESSAGE, stale_page
    from app.services.admin.database_health import MESSAGES, unavailable_reason

    app.jinja_env.globals["stale_message"] = STALE_MESSAGE  # the stale notice on record forms

    def page(code: int, title: str, message: str):
        return render_template("error.html", code=code, title=title, message=message), code

    @app.errorhandler(400)
    def bad_request(e):
        return page(400, "Bad request", "The request could not be understood.")

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return page(400, "Form expired", "The form was missing its security token or it has "
                    "expired. Go back, reload the page and try again.")

    @app.errorhandler(403)
    def forbidden(e):
        return page(403, "Not allowed", "Your role does not allow this action.")

    @app.errorhandler(404)
    def not_found(e):
        return page(404, "Not found", "There is nothing here, or you are not cleared to see it.")

    @app.errorhandler(405)
    def not_allowed(e):
        return page(405, "Method not allowed", "This address does not accept that request.")

    @app.errorhandler(413)
    def too_large(e):
        return page(413, "File too large", "The upload is larger than Parley accepts.")

    @app.errorhandler(429)
    def too_many(e):
        return page(429, "Too many attempts", "Too many attempts. Wait a few minutes and "
                    "try again.")

    @app.errorhandler(DBAPIError)
    def database_trouble(e):
        reason = unavailable_reason(e)
        if reason is None:
            raise e  # a bug, not the administrator's problem: the 500 page
        with contextlib.suppress(DBAPIError):
            db.session.rollback()
        # Only the kind of trouble: the failed statement may carry a hash or a token.
        app.logger.error("database %s: %s during %s %s", reason, type(e.orig).__name__,
                         request.method, request.endpoint)
        try:
            return page(503, "Database unavailable", MESSAGES[reason])
        except DBAPIError:  # the page itself needs the database
            return MESSAGES[reason], 503, {"Content-Type": "text/plain; charset=utf-8"}
    @app.errorhandler(StaleDataError)
    def stale_write(e):
        db.session.rollback()
        return stale_page()

    @app.errorhandler(500)
    def server_error(e):
        db.session.rollback()
        return page(500, "Something went wrong", "Parley could not complete this request. "
                    "Nothing was saved. The error has been logged.")


def _register_template_helpers(app: Flask) -> None:
    from app.form_html import install
    from app.templating import register

    register(app)
    install()  # form fields write their attributes without a formatter per attribute
