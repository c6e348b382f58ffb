"""Login and logout."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from app.auth.forms import LoginForm, LogoutForm
from app.extensions import db, limiter
from app.models import User, utcnow
from app.security.access import any_role, public
from app.security.audit import record
from app.security.passwords import check_login
from app.security.sessions import start_session

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Return ``target`` only when it is a path inside Parley (no scheme, no host)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return None
    return target


def _login_limit() -> str:
    return current_app.config["PARLEY_LOGIN_LIMIT"]


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def _failed(response) -> bool:
    """Only failed attempts count against the limits."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limit, methods=["POST"], key_func=_account_key, deduct_when=_failed)
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if check_login(user, form.password.data):
            login_user(user)
            start_session()
            user.last_login_at = utcnow()
            record(db.session, "login", user, user_id=user.id)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("dashboard.index"))
        record(db.session, "login_failed", entity_type="User",
               entity_id=user.id if user else None, changes={"email": email[:254]})
        db.session.commit()
        flash("Email or password is not correct.", "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@any_role
def logout():
    """Sign out and end the session on the server side."""
    form = LogoutForm()
    if form.validate_on_submit():
        user = db.session.get(User, current_user.id)
        user.rotate_session()
        record(db.session, "logout", user)
        db.session.commit()
        logout_user()
        flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))
