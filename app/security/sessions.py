"""Idle and absolute session timeouts."""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

#: Session key of the id of the user who signed in: the session cookie keeps it after the
#: session ends (signed, never trusted for access), so that a save meeting the ended session
#: can be held for that user alone (:mod:`app.drafts.held`).
SIGNED_IN_AS = "signed_in_as"
#: Session key left when a timeout ends a session: who had signed in. With the form token,
#: which is kept too, a form posted from a page opened before the end is held for that user
#: instead of being refused as expired.
ENDED_SESSION_OF = "ended_session_of"


def start_session() -> None:
    """Stamp a new session at login (after ``login_user``)."""
    now = int(time.time())
    session["login_at"] = now
    session["seen_at"] = now
    session[SIGNED_IN_AS] = current_user.id
    session.pop(ENDED_SESSION_OF, None)
    session.permanent = True


#: The last-seen time is written back at most this often (seconds): a request that changes
#: nothing else sends no new session cookie, so a background request (the type-ahead) that
#: answers after a form's save cannot put back a cookie without the save's message.
SEEN_AT_STEP = 30


def session_has_ended() -> bool:
    """True when the signed-in session has been idle too long or is older than the limit."""
    if "_user_id" not in session:
        return False
    now = int(time.time())
    idle = now - int(session.get("seen_at", now))
    age = now - int(session.get("login_at", now))
    return idle > current_app.config["PARLEY_IDLE_TIMEOUT"] or \
        age > current_app.config["PERMANENT_SESSION_LIFETIME"]


def check_session_age():
    """End a session idle too long or older than the absolute limit; redirect to login."""
    if "_user_id" not in session:
        return None
    now = int(time.time())
    idle = now - int(session.get("seen_at", now))
    if session_has_ended():
        if current_user.is_authenticated:
            logout_user()
        kept = {ENDED_SESSION_OF: session.get(SIGNED_IN_AS),
                "csrf_token": session.get("csrf_token")}
        session.clear()
        session.update({key: value for key, value in kept.items() if value is not None})
        flash("Your session has ended; please sign in again.", "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
    if idle >= SEEN_AT_STEP:
        session["seen_at"] = now
    return None
