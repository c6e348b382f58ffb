"""The user's own account."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_user

from app.account.forms import PasswordChangeForm
from app.extensions import db
from app.models import User
from app.security.access import any_role
from app.security.audit import record
from app.security.passwords import hash_password, verify_password
from app.security.sessions import start_session

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@any_role
def password():
    """Change the password; every other session of this user ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = db.session.get(User, current_user.id)
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append("This is not your current password.")
        else:
            user.password_hash = hash_password(form.new_password.data)
            user.rotate_session()
            record(db.session, "password_changed", user)
            db.session.commit()
            login_user(user)
            start_session()
            flash("Password changed. Other sessions have been signed out.", "success")
            return redirect(url_for("dashboard.index"))
    return render_template("account/password.html", form=form)
