"""The user's own account: the password and the second factor."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_user

from app.account.forms import (
    PasswordChangeForm,
    PasswordConfirmForm,
    TimeZoneForm,
    TwoFactorSetupForm,
)
from app.extensions import db
from app.models import User
from app.security.access import any_role
from app.security.audit import record
from app.security.passwords import hash_password, verify_password
from app.security.second_factor import (
    disable_second_factor,
    enable_second_factor,
    factor_required,
    is_valid_secret,
    new_secret,
    qr_code_svg,
    recovery_codes_left,
    regenerate_recovery_codes,
)
from app.security.sessions import start_session
from app.services.meetings.time_zones import COMMON_ZONES, UTC_NAME

bp = Blueprint("account", __name__, url_prefix="/account")


def _me() -> User:
    user = db.session.get(User, current_user.id)
    if user is None:
        abort(404)
    return user


@bp.route("/password", methods=["GET", "POST"])
@any_role
def password():
    """Change the password; every other session of this user ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = _me()
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


@bp.route("/time-zone", methods=["GET", "POST"])
@any_role
def time_zone():
    """Choose one's time zone: the default of new meetings, and "your time" on pages."""
    user = _me()
    form = TimeZoneForm(data={"time_zone": user.time_zone or UTC_NAME})
    if form.validate_on_submit():
        chosen = form.time_zone.data or UTC_NAME
        user.time_zone = None if chosen == UTC_NAME else chosen
        record(db.session, "time_zone_changed", user, changes={"time_zone": user.time_zone})
        db.session.commit()
        flash(f"Your time zone is now {chosen}.", "success")
        return redirect(url_for("account.time_zone"))
    return render_template("account/time_zone.html", form=form, common_zones=COMMON_ZONES)


def _two_factor_page(user: User, codes_form=None, off_form=None, status: int = 200):
    codes_left = recovery_codes_left(db.session(), user) if user.has_second_factor else 0
    return render_template(
        "account/two_factor.html", user=user, required=factor_required(user),
        codes_left=codes_left, codes_form=codes_form or PasswordConfirmForm(prefix="codes"),
        off_form=off_form or PasswordConfirmForm(prefix="off")), status


def _password_confirmed(form: PasswordConfirmForm, user: User) -> bool:
    """True when the form is valid and holds the user's password (else an error on it)."""
    if not form.validate_on_submit():
        return False
    if verify_password(user.password_hash, form.password.data or ""):
        return True
    form.password.errors = [*form.password.errors, "This is not your password."]
    return False


@bp.get("/two-factor")
def two_factor():
    """Whether the second factor is on; regenerate recovery codes or turn it off."""
    return _two_factor_page(_me())


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@any_role
def two_factor_setup():
    """Set up TOTP: QR code and secret, confirmed by a first code; 10 recovery codes shown once."""
    user = _me()
    if user.has_second_factor:
        return redirect(url_for("account.two_factor"))
    form = TwoFactorSetupForm()
    if form.validate_on_submit():
        codes = enable_second_factor(db.session, user, form.secret.data, form.code.data)
        if codes is not None:
            db.session.commit()
            return render_template("account/recovery_codes.html", codes=codes, first=True)
        form.code.errors.append("This code does not match. Check that your phone's clock is "
                                "right and enter the code shown now.")
    if not is_valid_secret(form.secret.data):
        form.secret.data = new_secret()
    return render_template("account/two_factor_setup.html", form=form, secret=form.secret.data,
                           qr=qr_code_svg(user, form.secret.data), required=factor_required(user))


@bp.post("/two-factor/recovery-codes")
@any_role
def regenerate_codes():
    """Replace the recovery codes (password required); the new ones are shown once."""
    user = _me()
    if not user.has_second_factor:
        return redirect(url_for("account.two_factor"))
    form = PasswordConfirmForm(prefix="codes")
    if _password_confirmed(form, user):
        codes = regenerate_recovery_codes(db.session, user)
        db.session.commit()
        return render_template("account/recovery_codes.html", codes=codes, first=False)
    return _two_factor_page(user, codes_form=form, status=400)


@bp.post("/two-factor/disable")
@any_role
def disable_two_factor():
    """Turn the second factor off (password required); a required factor must be set up again."""
    user = _me()
    form = PasswordConfirmForm(prefix="off")
    if not user.has_second_factor:
        return redirect(url_for("account.two_factor"))
    if _password_confirmed(form, user):
        disable_second_factor(db.session, user, by="user")
        db.session.commit()
        if factor_required(user):
            flash("Second factor removed. Your account requires one: set up a new one now.", "info")
            return redirect(url_for("account.two_factor_setup"))
        flash("Second factor turned off. You sign in with your password only.", "success")
        return redirect(url_for("account.two_factor"))
    return _two_factor_page(user, off_form=form, status=400)
