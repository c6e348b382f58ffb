"""Idle and absolute session timeouts."""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user


def start_session() -> None:
    """Stamp a new session at login."""
    now = int(time.time())
    session["login_at"] = now
    session["seen_at"] = now
    session.permanent = True


#: The last-seen time is written back at most this often (seconds): a request that changes
#: nothing else sends no new session cookie, so a background request (the type-ahead) that
#: answers after a form's save cannot put back a cookie without the save's message.
SEEN_AT_STEP = 30


def check_session_age():
    """End a session idle too long or older than the absolute limit; redirect to login."""
    if "_user_id" not in session:
        return None
    now = int(time.time())
    idle = now - int(session.get("seen_at", now))
    age = now - int(session.get("login_at", now))
    if idle > current_app.config["PARLEY_IDLE_TIMEOUT"] or \
            age > current_app.config["PERMANENT_SESSION_LIFETIME"]:
        if current_user.is_authenticated:
            logout_user()
        session.clear()
        flash("Your session has ended; please sign in again.", "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
    if idle >= SEEN_AT_STEP:
        session["seen_at"] = now
    return None
