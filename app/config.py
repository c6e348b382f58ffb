"""Settings for Parley, read from the environment and ``instance/config.py``.

Order of precedence (last wins): defaults below, ``instance/config.py``,
environment variables, then the ``config`` mapping given to ``create_app``.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def instance_path() -> str:
    """Return the absolute instance folder (``PARLEY_INSTANCE_PATH`` or ``./instance``)."""
    raw = os.environ.get("PARLEY_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    return str(Path(raw).resolve())


def default_settings(instance: str) -> dict:
    """Return the built-in defaults; every value here is safe for local development."""
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(instance) / 'parley.sqlite'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_DURATION": 0,
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        # The cookie is written back only when the session changes (sessions.SEEN_AT_STEP).
        "SESSION_REFRESH_EACH_REQUEST": False,
        "PARLEY_IDLE_TIMEOUT": 2 * 3600,
        "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": False,
        "PARLEY_LOGIN_LIMIT": "10 per 15 minutes",
        #: Type-ahead requests one user may make: a fast typist makes a few a second.
        "PARLEY_LOOKUP_LIMIT": "300 per minute",
        "PARLEY_REQUIRE_2FA": False,
        "PARLEY_FRESH_LOGIN_SECONDS": 10 * 60,
        #: How long the dashboard's and tracker's charts are kept per clearance (0: never).
        "PARLEY_CHART_SECONDS": 300,
        "PARLEY_LOGIN_CODE_SECONDS": 5 * 60,
        "PARLEY_ENV": "production",
        #: Reverse proxies in front of Parley whose X-Forwarded-* headers are trusted.
        "PARLEY_TRUSTED_PROXIES": 0,
        "MAIL_FROM": "parley@localhost",
        "SMTP_HOST": None,
        "SMTP_PORT": 587,
        "SMTP_USER": None,
        "SMTP_PASSWORD": None,
        "SMTP_STARTTLS": True,
    }


#: Environment variables copied into the configuration when set.
ENV_KEYS = (
    "SECRET_KEY",
    "PARLEY_ENV",
    "MAIL_FROM",
    "SMTP_HOST",
    "SMTP_PORT",
    "SMTP_USER",
    "SMTP_PASSWORD",
    "RATELIMIT_STORAGE_URI",
    "PARLEY_TRUSTED_PROXIES",
    "PARLEY_FIELD_KEYS",
    "PARLEY_CHART_SECONDS",
    "PARLEY_LOOKUP_LIMIT",
)

#: Values of a yes/no environment variable that mean yes.
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


def normalise_database_url(url: str) -> str:
    """Make ``postgres://`` and ``postgresql://`` URLs use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def load_environment(config: dict) -> None:
    """Copy Parley's environment variables into ``config``."""
    for key in ENV_KEYS:
        if os.environ.get(key):
            config[key] = os.environ[key]
    if os.environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("PARLEY_REQUIRE_2FA"):
        config["PARLEY_REQUIRE_2FA"] = os.environ["PARLEY_REQUIRE_2FA"].strip().lower() in TRUE_WORDS
    for number in ("SMTP_PORT", "PARLEY_CHART_SECONDS"):
        if isinstance(config.get(number), str):
            config[number] = int(config[number])


def secret_key_file(instance: str) -> Path:
    """Where ``make run`` keeps the generated secret key."""
    return Path(instance) / "secret_key"
