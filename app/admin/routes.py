"""The admin area: users (list, create, role and clearance, deactivate), and, registered
inside it, the audit log (:mod:`app.admin.audit`), sensitivity requests
(:mod:`app.admin.approvals`) and erasure (:mod:`app.admin.erasure`). Every endpoint here needs an admin (app/security/access.py);
every view that changes a user needs a fresh login (``fresh_login_required``)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from app.admin import approvals, audit, erasure
from app.admin.forms import AccessForm, NewUserForm
from app.extensions import db
from app.models import Role, Sensitivity, User
from app.record_views.pages import list_page
from app.security.fresh import fresh_login_required
from app.services.admin.accounts import create_account, set_access, set_active
from app.services.sorting import Sorting, in_declared_order

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.register_blueprint(audit.bp)
bp.register_blueprint(approvals.bp)
bp.register_blueprint(erasure.bp)

#: The users list's sortable columns: active accounts first, by name, unless the address says
#: otherwise.
USER_SORTS = Sorting({"name": (User.name,), "email": (User.email,),
                      "role": (in_declared_order(User.role, Role),),
                      "clearance": (in_declared_order(User.clearance, Sensitivity),),
                      "signed_in": (User.last_login_at,), "account": (User.is_active_account,)},
                     default="account", descending=True, then=(User.name,),
                     descending_first=frozenset({"signed_in"}), tiebreak=User.id)


@bp.get("/users")
def users():
    """Every user with role, clearance and whether they can sign in."""
    return render_template("admin/users.html", page=list_page(select(User), sorting=USER_SORTS))


@bp.route("/users/new", methods=["GET", "POST"])
@fresh_login_required
def new_user():
    """Create a user."""
    form = NewUserForm()
    if form.validate_on_submit():
        user = create_account(db.session, email=form.email.data, name=form.name.data,
                              role=form.role.data, clearance=form.clearance.data,
                              password=form.password.data)
        db.session.commit()
        flash(f"{user.name} can now sign in as {user.role.value}.", "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/new_user.html", form=form)


def _other_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.post("/users/<int:user_id>/deactivate")
@fresh_login_required(back="admin.users")
def deactivate(user_id: int):
    """Stop a user signing in and end their sessions now."""
    user = _other_user(user_id)
    if user.id == current_user.id:
        flash("You cannot deactivate your own account.", "error")
        return redirect(url_for("admin.users"))
    set_active(db.session(), user, False)
    db.session.commit()
    flash(f"{user.name} is deactivated; their sessions have ended.", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/reactivate")
@fresh_login_required(back="admin.users")
def reactivate(user_id: int):
    """Let a deactivated user sign in again."""
    user = _other_user(user_id)
    set_active(db.session(), user, True)
    db.session.commit()
    flash(f"{user.name} can sign in again.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/access", methods=["GET", "POST"])
@fresh_login_required
def edit_access(user_id: int):
    """Change a user's role and clearance (an admin cannot demote themself)."""
    user = _other_user(user_id)
    form = AccessForm(obj=user)
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data is not Role.ADMIN:
            form.role.errors.append("You cannot take the admin role from yourself.")
        else:
            set_access(db.session(), user, form.role.data, form.clearance.data)
            db.session.commit()
            flash(f"{user.name} is now {user.role.value}, cleared for "
                  f"{user.clearance.label.lower()} records.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/access.html", form=form, user=user)
