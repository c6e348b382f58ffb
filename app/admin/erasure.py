"""Erasing a person (GDPR art. 17): a confirmation page naming what goes, then the erasure.

Admins only (the ``admin`` blueprint), with a fresh login; the admin types the person's id to
confirm. The work is :func:`app.services.data_protection.erasure.erase_person`.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from app.admin.forms import ErasureForm
from app.extensions import db
from app.models import Person
from app.security.fresh import fresh_login_required
from app.security.record_loading import get_or_404
from app.services.data_protection.erasure import ErasureError, erase_person, purge_after_commit
from app.services.data_protection.erasure_preview import preview_erasure

bp = Blueprint("erasure", __name__, url_prefix="/erasure")


@bp.route("/persons/<int:person_id>", methods=["GET", "POST"])
@fresh_login_required
def confirm(person_id: int):
    """What erasing the person would change (counted, with a few texts naming them), and the
    confirmation (typing their id)."""
    person = get_or_404(Person, person_id)
    back = redirect(url_for("persons.detail", person_id=person.id))
    if person.is_erased:
        flash(f"Person #{person.id} was already erased.", "info")
        return back
    form = ErasureForm(expected_id=person.id)
    if form.validate_on_submit():
        try:
            erase_person(db.session(), person.id, erased_by=current_user)
        except ErasureError as refused:
            db.session.rollback()
            flash(str(refused), "error")
            return back
        db.session.commit()
        purge_after_commit(db.session())
        flash(f"Person #{person_id} was erased everywhere; a tombstone is kept.", "success")
        return back
    preview = preview_erasure(db.session(), person)
    return render_template("admin/erase_person.html", person=person, preview=preview, form=form)
