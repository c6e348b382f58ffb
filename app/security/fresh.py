"""Fresh login: sensitive actions need a sign-in or re-authentication in the last 10 minutes.

``@fresh_login_required`` on a view sends a user whose last authentication is older than
``PARLEY_FRESH_LOGIN_SECONDS`` to the re-authentication page (password, plus a code when the
user has a second factor), then back. A GET comes back to the same address; a POST comes back
to the same address when it also answers GET (the form page), else to ``back`` (an endpoint),
and is never replayed: the user submits it again.
"""

from __future__ import annotations

import time
from functools import wraps

from flask import current_app, flash, redirect, request, session, url_for

#: Session key holding the Unix time of the last password (and code) check.
FRESH_KEY = "fresh_at"


def mark_fresh() -> None:
    """Record that the user has just proved who they are (login or re-authentication)."""
    session[FRESH_KEY] = int(time.time())


def forget_fresh() -> None:
    """Drop the freshness stamp (logout)."""
    session.pop(FRESH_KEY, None)


def is_fresh() -> bool:
    """True when the user authenticated within ``PARLEY_FRESH_LOGIN_SECONDS``."""
    stamp = session.get(FRESH_KEY)
    if not isinstance(stamp, int):
        return False
    return 0 <= time.time() - stamp <= current_app.config["PARLEY_FRESH_LOGIN_SECONDS"]


def _return_path(back: str | None) -> str:
    if request.method in ("GET", "HEAD"):
        return request.full_path.rstrip("?")
    if request.url_rule is not None and "GET" in (request.url_rule.methods or ()):
        return request.path
    return url_for(back) if back else url_for("dashboard.index")


def stale_login_redirect(back: str | None = None):
    """``None`` when the login is fresh, else a redirect to re-authentication and back."""
    if is_fresh():
        return None
    if request.method in ("GET", "HEAD"):
        flash("Confirm it is you to continue.", "info")
    else:
        flash("Confirm it is you, then repeat the action: nothing was done yet.", "info")
    return redirect(url_for("auth.reauth", next=_return_path(back)))


def fresh_login_required(view=None, *, back: str | None = None):
    """Decorator: the view needs a fresh login (``back``: where a POST-only view returns)."""
    def decorate(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            stale = stale_login_redirect(back)
            if stale is not None:
                return stale
            return func(*args, **kwargs)

        wrapper.parley_fresh_login = True
        return wrapper

    return decorate(view) if view is not None else decorate
