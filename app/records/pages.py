"""The flow shared by every record page: list pages, create, edit with the stale-save check.

Views stay thin: they load the record (``get_or_404``), build the form and call
:func:`create_page` or :func:`edit_page`; archive and restore are in
:mod:`app.records.archiving`.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Select

from app.extensions import db
from app.records.saving import STALE_MESSAGE, STALE_STATUS, posted_version, save_once
from app.routing import int_arg
from app.services.listing import Page, page_of
from app.services.sensitivity_changes import LOWERING_REQUESTED, hold_lowering
from app.templating import format_date, label

SAVED = "Saved."


def list_page(stmt: Select) -> Page:
    """The page of ``stmt`` asked for in the query string, with links to its neighbours."""
    number = max(1, int_arg("page", 1) or 1)
    page = page_of(db.session, stmt, number)
    args = request.args.to_dict()
    if page.has_previous:
        page.urls["previous"] = url_for(request.endpoint, **{**args, "page": number - 1},
                                        **request.view_args)
    if page.has_next:
        page.urls["next"] = url_for(request.endpoint, **{**args, "page": number + 1},
                                    **request.view_args)
    return page


def show(template: str, **context) -> str:
    """Render a page, then commit (views of restricted records are audited at the request's end)."""
    html = render_template(template, **context)
    db.session.commit()
    return html


def shown(value) -> str:
    """A value as a person reads it (dates, enums, lists of records, empty)."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, enum.Enum):
        return label(value)
    if isinstance(value, (date, datetime)):
        return format_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(getattr(v, "name", v)) for v in value)
    return str(value)


def newer_values(record, labels) -> dict[str, str]:
    """What the record holds now, for each ``(attribute, label)`` shown in the stale notice."""
    return {name: shown(getattr(record, name, None)) for name, _ in labels}


def create_page(form, template: str, *, new_record, added, done_url, apply=None, **context):
    """Show ``form`` for a new record; on a valid post create it, commit, and go to it.

    ``new_record()`` makes the empty record, ``apply(form, record)`` fills it (default: the
    form's declared fields) and ``added`` is the message flashed (text, or made from the record).
    """
    if form.validate_on_submit():
        record = new_record()
        (apply or _copy_form)(form, record)
        db.session.add(record)
        db.session.commit()
        flash(added(record) if callable(added) else added, "success")
        return redirect(done_url(record))
    return show(template, form=form, record=None, **context)


def edit_page(record, form, template: str, *, labels, done_url, apply=None, **context):
    """Show ``form`` for ``record``; on a valid post save it, unless someone saved first.

    ``apply(form, record)`` copies the form onto the record (default: the form's declared
    fields). A stale version is refused: nothing is written, the newer values are shown, and
    the form keeps what the officer typed (with the new version, so a second save is deliberate).
    A lowered sensitivity is held for an admin's approval (the two-person rule,
    :func:`app.services.sensitivity_changes.hold_lowering`); the other fields save.
    """
    stale = None
    if request.method == "GET":
        form.show_version(record.version)
    elif form.validate_on_submit():
        def save():
            before = getattr(record, "sensitivity", None)
            (apply or _copy_form)(form, record)
            return hold_lowering(db.session, record, before, current_user.id)

        outcome = save_once(record, form.version.data, save, [name for name, _ in labels])
        if not outcome.is_stale:
            flash(SAVED, "success")
            if outcome.result is not None:
                flash(LOWERING_REQUESTED, "warning")
            return redirect(done_url(record))
        stale = newer_values(record, labels)
        form.show_version(record.version)
    html = render_template(template, form=form, record=record, stale=stale, stale_labels=labels,
                           **context)
    return (html, STALE_STATUS) if stale is not None else html


def change_page(record, form, change, *, show_page, done_url, saved, check_version: bool = True):
    """Apply one change posted from a record's page (a dated update, a status), unless someone
    saved the record first.

    ``change()`` makes the change, ``saved`` is the message flashed (text, or made from what
    ``change()`` returned) and ``show_page(record, form)`` renders the record's page. An
    invalid form answers 422; a stale one 409: nothing is written and the page shows the record
    as it is now, with the officer's entries still in the form. ``check_version=False`` skips
    the form's version (a change that cannot conflict); a racing save is still refused.
    """
    if not form.validate_on_submit():
        return show_page(record, form), 422
    version = posted_version(form.version.data, record) if check_version else record.version
    outcome = save_once(record, version, change, ())
    if outcome.is_stale:
        flash(f"{STALE_MESSAGE} Your entries are still in the form: check them, then save again.",
              "error")
        form.show_version(record.version)
        return show_page(record, form), STALE_STATUS
    flash(saved(outcome.result) if callable(saved) else saved, "success")
    return redirect(done_url(record))


def _copy_form(form, record) -> None:
    form.copy_to(record)
