"""Login (password, then a code when the user has a second factor), re-authentication, logout."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from app.auth.forms import CodeForm, LoginForm, LogoutForm, ReauthForm
from app.drafts.held import claim_after_sign_in
from app.extensions import db, limiter
from app.models import User, utcnow
from app.routing import safe_next
from app.security.access import any_role, public
from app.security.audit import record
from app.security.cleaning import clean_text
from app.security.fresh import forget_fresh, mark_fresh
from app.security.passwords import check_login, renew_hash_if_needed, verify_password
from app.security.second_factor import check_second_factor
from app.security.sessions import start_session

bp = Blueprint("auth", __name__)

#: Session key of a sign-in whose password was right and whose code is awaited.
PENDING_KEY = "pending_login"


def _login_limit() -> str:
    return current_app.config["PARLEY_LOGIN_LIMIT"]


def _account_key() -> str:
    return "account:" + clean_text(request.form.get("email") or "").lower()[:254]


def _pending_key() -> str:
    pending = session.get(PENDING_KEY)
    return f"code:{pending.get('user_id') if isinstance(pending, dict) else ''}"


def _signed_in_key() -> str:
    return f"reauth:{getattr(current_user, 'id', '')}"


def _failed(response) -> bool:
    """Only failed attempts count against the limits."""
    return response.status_code != 302


def _next_target() -> str:
    return safe_next(request.args.get("next")) or url_for("dashboard.index")


def _complete_login(user: User, factor: str | None):
    """Sign ``user`` in (Flask-Login), stamp the session as fresh, audit, go on."""
    session.pop(PENDING_KEY, None)
    login_user(user)
    start_session()
    mark_fresh()
    user.last_login_at = utcnow()
    resume = claim_after_sign_in(user)  # a save held when the last session ended
    record(db.session(), "login", user, user_id=user.id,
           changes={"second_factor": factor} if factor else None)
    db.session.commit()
    return redirect(resume or _next_target())


def _pending_user() -> User | None:
    """The user whose password was accepted moments ago and who now owes a code."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    age = time.time() - float(pending.get("at", 0))
    user = db.session.get(User, pending.get("user_id")) if isinstance(
        pending.get("user_id"), int) else None
    if not 0 <= age <= current_app.config["PARLEY_LOGIN_CODE_SECONDS"] or user is None \
            or not user.is_active or not user.has_second_factor:
        session.pop(PENDING_KEY, None)
        return None
    return user


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
            if renew_hash_if_needed(user, form.password.data):
                db.session.commit()
            if not user.has_second_factor:
                return _complete_login(user, None)
            session[PENDING_KEY] = {"user_id": user.id, "at": int(time.time())}
            return redirect(url_for("auth.login_code", next=safe_next(request.args.get("next"))))
        record(db.session, "login_failed", entity_type="User",
               entity_id=user.id if user else None, changes={"email": email[:254]})
        db.session.commit()
        flash("Email or password is not correct.", "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limit, methods=["POST"], key_func=_pending_key, deduct_when=_failed)
def login_code():
    """Second step of signing in: a code from the authenticator app or a recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    user = _pending_user()
    if user is None:
        flash("Please sign in again.", "info")
        return redirect(url_for("auth.login", next=safe_next(request.args.get("next"))))
    form = CodeForm()
    if form.validate_on_submit():
        factor = check_second_factor(db.session, user, form.code.data)
        if factor:
            return _complete_login(user, factor)
        record(db.session, "login_failed", user, changes={"step": "code"})
        db.session.commit()
        form.code.errors.append("This code is not right, or it has been used already.")
        return render_template("auth/code.html", form=form), 401
    return render_template("auth/code.html", form=form)


@bp.route("/reauth", methods=["GET", "POST"])
@any_role
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limit, methods=["POST"], key_func=_signed_in_key, deduct_when=_failed)
def reauth():
    """Confirm it is you (password, and a code when set up) before a sensitive action."""
    user = db.session.get(User, current_user.id)
    form = ReauthForm()
    if form.validate_on_submit():
        password_ok = verify_password(user.password_hash, form.password.data)
        factor = check_second_factor(db.session, user, form.code.data or "") \
            if password_ok and user.has_second_factor else None
        if password_ok and (factor or not user.has_second_factor):
            mark_fresh()
            record(db.session, "reauthenticated", user,
                   changes={"second_factor": factor} if factor else None)
            db.session.commit()
            return redirect(_next_target())
        record(db.session, "reauth_failed", user)
        db.session.commit()
        message = "The password or the code is not right." if user.has_second_factor \
            else "This is not your password."
        form.password.errors.append(message)
        return render_template("auth/reauth.html", form=form, user=user), 401
    return render_template("auth/reauth.html", form=form, user=user)


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
        forget_fresh()
        flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))
