"""Importing a UPR recommendation list: upload (CSV or .xlsx), preview page by page, confirm.

The upload waits in ``instance/imports/`` under a random name referenced from the session
(the briefing import's pattern); every preview and the confirmation read it again, so the
browser sends back only the officer's choices, checked against the preview. The choices made on
other pages travel in a hidden field, so moving between pages loses none.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

# SelectChoice (WTForms 3.2) is missing from the types-WTForms stubs.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from app.extensions import db
from app.record_views.pages import list_page
from app.security import masking
from app.services.imports.briefing.lines import ImportRefused
from app.services.imports.uploads import upload_store
from app.services.imports.upr import build_plan, read_upr_file, save_plan
from app.services.listing import PER_PAGE
from app.upr.forms import UprPreviewForm, UprUploadForm

bp = Blueprint("upr", __name__, url_prefix="/import/upr")

SESSION_KEY = "upr_import"


@bp.route("/", methods=["GET", "POST"])
def upload():
    """Upload a UPR list; a file that cannot be read is explained and nothing changes."""
    form = UprUploadForm()
    if not form.validate_on_submit():
        return render_template("upr/upload.html", form=form), 400 if form.errors else 200
    data, filename = form.file.data.read(), (form.file.data.filename or "upr-list")[:200]
    try:
        read_upr_file(data, filename)
    except ImportRefused as refusal:
        return render_template("upr/upload.html", form=form, refusal=str(refusal)), 422
    store = upload_store()
    store.discard((session.get(SESSION_KEY) or {}).get("token"))
    session[SESSION_KEY] = {"token": store.save(data), "filename": filename,
                            "addressee": form.addressee.data or None}
    return redirect(url_for("upr.preview"))


def _pending():
    """(session entry, plan), or (None, None) when no list is waiting."""
    pending = session.get(SESSION_KEY) or {}
    data = upload_store().load(pending.get("token"))
    if data is None:
        return None, None
    filename = pending.get("filename", "")
    return pending, build_plan(db.session, read_upr_file(data, filename), filename)


def _page_keys(plan, number: int | None) -> set[str]:
    """The choices shown on page ``number`` of the preview."""
    if not number or number < 1:
        return set()
    rows = plan.rows[(number - 1) * PER_PAGE: number * PER_PAGE]
    keys = {entry.key for entry in rows if entry.status == "new"}
    return keys | {entry.link_key for entry in rows if entry.status == "new" and entry.earlier}


@bp.route("/preview", methods=["GET", "POST"])
def preview() -> ResponseReturnValue:
    """The rows, what is new or already held, and earlier recommendations; confirm to save."""
    try:
        pending, plan = _pending()
    except ImportRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("upr.upload"))
    if plan is None:
        flash("There is no UPR list waiting to be imported (or it expired). Upload it again.",
              "warning")
        return redirect(url_for("upr.upload"))
    page = list_page(plan.rows)
    form = UprPreviewForm()
    offered = plan.keys()
    form.chosen.choices = [SelectChoice(key) for key in sorted(offered)]
    declined: set[str] = set()
    problem = None
    if form.is_submitted():
        posted = {key for key in (form.declined.data or "").split(",") if key}
        if not form.validate() or not posted <= offered:
            problem = "The choices could not be read; reload the preview and try again."
        else:
            shown = _page_keys(plan, form.on_page.data)
            declined = (posted - shown) | (shown - set(form.chosen.data or []))
            if request.form.get("action") == "save":
                return _save(pending, plan, declined)
    form.chosen.data = sorted(_page_keys(plan, page.number) - declined)
    form.declined.data = ",".join(sorted(declined))
    form.on_page.data = page.number
    masking.echo(*_shown(plan))
    return render_template("upr/preview.html", plan=plan, page=page, form=form,
                           declined=declined, problem=problem, pending=pending,
                           to_import=plan.count("new") - len({k for k in declined
                                                              if k.startswith("r")})), \
        400 if problem else 200


def _save(pending, plan, declined: set[str]):
    """Write the chosen rows in one transaction and say what was made."""
    result = save_plan(db.session(), plan, declined, pending.get("addressee"))
    db.session.commit()
    upload_store().discard(pending.get("token"))
    session.pop(SESSION_KEY, None)
    skipped = len(plan.rows) - result.created
    flash(f"UPR list imported: {result.created} recommendations created "
          f"({result.linked} linked to an earlier recommendation), {result.sources} new "
          f"source(s); {skipped} row(s) not imported.", "success")
    if result.source_ids:
        return redirect(url_for("imports.source", source_id=result.source_ids[0]))
    return redirect(url_for("upr.upload"))


def _shown(plan) -> list[str]:
    """The file's own words the preview shows (headers, texts, states, symbols, notes)."""
    texts = list(plan.upr.headers)
    for entry in plan.rows:
        row = entry.row
        texts += [row.text, row.state or "", row.symbol or "", row.paragraph or "",
                  row.addressee or "", *row.notes]
    return texts


@bp.route("/cancel", methods=["POST"])
def cancel():
    """Drop the waiting list."""
    upload_store().discard((session.pop(SESSION_KEY, None) or {}).get("token"))
    flash("UPR import cancelled; nothing was saved.", "info")
    return redirect(url_for("upr.upload"))
