"""Comparing two records of one person side by side and merging them (officers and admins).

``/persons/<kept>/merge/<other>`` shows both records: for each field that differs, a choice
of the value to keep, and how many records of the other person will move. Its POST merges
(:func:`app.services.people.duplicate_merge.merge_duplicates`). Both persons are loaded through the
visibility rule, so a person the reader may not see answers 404 like a missing one; viewers
are refused by the role table (:func:`app.security.access.writers_only`).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import Person
from app.persons.forms import merge_form
from app.record_views.pages import show
from app.record_views.saving import STALE_MESSAGE, STALE_STATUS
from app.security.access import writers_only
from app.security.record_loading import get_or_404
from app.services.editing import StaleRecord, ensure_current
from app.services.people.duplicate_merge import MergeRefused, merge_duplicates, plan_merge

#: HTTP status of a merge refused for what the records are (archived, erased, already merged).
REFUSED_STATUS = 409


def _load(person_id: int, other_id: int) -> tuple[Person, Person]:
    """Both persons through the visibility rule (404 when missing or hidden), not the same."""
    kept, other = get_or_404(Person, person_id), get_or_404(Person, other_id)
    if kept.id == other.id:
        abort(404)
    return kept, other


def _refused(kept: Person, other: Person, refusal: MergeRefused):
    html = render_template("persons/merge.html", kept=kept, other=other, plan=None, form=None,
                           refusal=str(refusal))
    db.session.commit()
    return html, REFUSED_STATUS


@writers_only
def compare(person_id: int, other_id: int):
    """The two records side by side; on a valid post, merge ``other_id`` into ``person_id``."""
    kept, other = _load(person_id, other_id)
    try:
        plan = plan_merge(db.session(), kept, other)
    except MergeRefused as refusal:
        return _refused(kept, other, refusal)
    form = merge_form(plan)
    if not form.is_submitted():
        _show_versions(form, kept, other)
    elif form.validate():
        choices = {name.removeprefix("choose_"): field.data for name, field in form._fields.items()
                   if name.startswith("choose_")}
        other_name = other.full_name
        try:
            ensure_current(kept, form.kept_version.data)
            ensure_current(other, form.other_version.data)
            merge_duplicates(db.session(), kept, other, choices)
            db.session.commit()
        except (StaleRecord, StaleDataError):
            db.session.rollback()
            kept, other = _load(person_id, other_id)
            flash(f"{STALE_MESSAGE} Compare the values again, then merge.", "error")
            return _stale_page(kept, other)
        flash(f"{other_name} (#{other_id}) was merged into this record (#{kept.id}).", "success")
        return redirect(url_for("persons.detail", person_id=kept.id))
    html = show("persons/merge.html", kept=kept, other=other, plan=plan, form=form, refusal=None)
    return (html, 422) if form.errors else html


def _stale_page(kept: Person, other: Person):
    """The page again with both records as they are now (409), or why they cannot merge."""
    try:
        plan = plan_merge(db.session(), kept, other)
    except MergeRefused as refusal:
        return _refused(kept, other, refusal)
    form = merge_form(plan)
    _show_versions(form, kept, other)
    html = show("persons/merge.html", kept=kept, other=other, plan=plan, form=form, refusal=None)
    return html, STALE_STATUS


def _show_versions(form, kept: Person, other: Person) -> None:
    """Put the records' current versions in the form (also over posted ones)."""
    for field, record in ((form.kept_version, kept), (form.other_version, other)):
        field.data = str(record.version)
        field.raw_data = [str(record.version)]


def add_merge_routes(bp) -> None:
    """Add the compare-and-merge page to the persons blueprint ``bp``."""
    bp.add_url_rule("/<int:person_id>/merge/<int:other_id>", "merge", compare,
                    methods=["GET", "POST"])
