"""Importing contacts from CSV or vCard: upload, map the columns, read the dry-run report, confirm."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from app.contacts.forms import ContactsConfirmForm, ContactsUploadForm, mapping_form, mapping_from
from app.extensions import db
from app.record_views.pages import list_page
from app.security import masking
from app.services.imports.briefing.readers import ImportRefused
from app.services.imports.uploads import upload_store
from app.services.people.contacts.csv_import import (
    FIELDS,
    build_report,
    guess_mapping,
    read_contacts_file,
    save_report,
)

bp = Blueprint("contacts", __name__, url_prefix="/contacts")

SESSION_KEY = "contacts_import"


def _pending():
    """(session entry, parsed file), or (None, None) when nothing is waiting."""
    pending = session.get(SESSION_KEY) or {}
    data = upload_store().load(pending.get("token"))
    if data is None or pending.get("mode") not in FIELDS:
        return None, None
    return pending, read_contacts_file(data, pending.get("filename", ""))


def _nothing_pending():
    flash("There is no contacts file waiting (or it expired). Upload it again.", "warning")
    return redirect(url_for("contacts.upload"))


@bp.route("/import", methods=["GET", "POST"])
def upload():
    """Choose a CSV or vCard file of persons or organisations."""
    form = ContactsUploadForm()
    if not form.validate_on_submit():
        return render_template("contacts/upload.html", form=form), 400 if form.errors else 200
    data = form.file.data.read()
    try:
        read_contacts_file(data, form.file.data.filename or "")
    except ImportRefused as refusal:
        return render_template("contacts/upload.html", form=form, refusal=str(refusal)), 422
    store = upload_store()
    store.discard((session.get(SESSION_KEY) or {}).get("token"))
    session[SESSION_KEY] = {"token": store.save(data), "mode": form.mode.data,
                            "filename": (form.file.data.filename or "contacts.csv")[:200]}
    return redirect(url_for("contacts.mapping"))


@bp.route("/import/mapping", methods=["GET", "POST"])
def mapping():
    """Say which column is which; Parley guesses from the headers."""
    pending, contacts = _pending()
    if pending is None:
        return _nothing_pending()
    mode = pending["mode"]
    form = mapping_form(mode, contacts.headers, guess_mapping(contacts.headers, mode),
                        formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        chosen, problems = mapping_from(form, mode)
        if not problems:
            session[SESSION_KEY] = {**pending, "mapping": chosen}
            return redirect(url_for("contacts.report"))
    status = 400 if request.method == "POST" else 200
    masking.echo(*contacts.headers, *(cell for row in contacts.rows for cell in row))
    return render_template("contacts/mapping.html", form=form, contacts=contacts, mode=mode,
                           fields=FIELDS[mode], pending=pending), status


@bp.route("/import/report", methods=["GET", "POST"])
def report():
    """The dry run: what would be created, likely duplicates, rows with problems; confirm."""
    pending, contacts = _pending()
    if pending is None or "mapping" not in pending:
        return _nothing_pending()
    mapping = {name: pending["mapping"].get(name) for name, _, _ in FIELDS[pending["mode"]]}
    dry_run = build_report(db.session, contacts, mapping, pending["mode"])
    form = ContactsConfirmForm()
    if form.validate_on_submit():
        counts = save_report(db.session, dry_run)
        db.session.commit()
        upload_store().discard(pending.get("token"))
        session.pop(SESSION_KEY, None)
        made = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items() if n)
        skipped = dry_run.count("duplicate") + dry_run.count("error")
        flash(f"Contacts imported: {made or 'nothing new'}; {skipped} {dry_run.unit}(s) skipped.",
              "success")
        return redirect(url_for("imports.index"))
    masking.echo(*(cell for row in contacts.rows for cell in row))
    return render_template("contacts/report.html", report=dry_run, form=form, pending=pending,
                           fields=FIELDS[pending["mode"]], page=list_page(dry_run.rows))
