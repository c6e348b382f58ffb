"""Importing a briefing paper: upload or paste, preview with checkboxes, confirm.

The paper is read once, at the upload: the parsed result (not the file) is kept in
``instance/imports/`` under a random name referenced from the session, and the preview and the
confirmation load it back instead of reading a Word file or a PDF again. Nothing the browser
posts back is trusted but the choice of items, and that is checked against the plan.
"""

from __future__ import annotations

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
from sqlalchemy import select

# SelectChoice (WTForms 3.2) is missing from the types-WTForms stubs.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from app.extensions import db
from app.imports.forms import BriefingConfirmForm, BriefingUploadForm
from app.models import Case, CaseStatus, DialogueEvent, Finding, Person, Recommendation, Source
from app.security import masking
from app.security.record_loading import get_or_404
from app.services.imports.briefing import (
    Edits,
    ImportRefused,
    parse_paper,
    plan_import,
    read_edits,
    save_import,
)
from app.services.imports.briefing.stored import briefing_from_json, briefing_to_json
from app.services.imports.uploads import upload_store

bp = Blueprint("imports", __name__, url_prefix="/import")

SESSION_KEY = "briefing_import"
RESULT_KEY = "briefing_import_result"


def _limit() -> int | None:
    return current_app.config.get("PARLEY_IMPORT_MAX_BYTES")


@bp.route("/", methods=["GET", "POST"])
def index():
    """Upload a paper or paste its text; a refused paper is explained and nothing changes."""
    form = BriefingUploadForm()
    if not form.validate_on_submit():
        return render_template("imports/index.html", form=form), 400 if form.errors else 200
    if form.paper.data and getattr(form.paper.data, "filename", ""):
        data, filename = form.paper.data.read(), form.paper.data.filename
    else:
        data, filename = form.pasted.data.encode("utf-8"), "pasted text"
    try:
        briefing = parse_paper(data, filename, _limit())
    except ImportRefused as refusal:
        return render_template("imports/index.html", form=form, refusal=str(refusal)), 422
    store = upload_store()
    store.discard(session.get(SESSION_KEY, {}).get("token"))
    session[SESSION_KEY] = {"token": store.save(briefing_to_json(briefing)),
                            "filename": filename[:200],
                            "event_id": form.event_id.data or None}
    return redirect(url_for("imports.preview"))


def _pending():
    """The pending upload's parsed paper, planned; ``None`` when there is none (or it expired).

    The paper was parsed once at the upload; it is loaded here, never read again."""
    pending = session.get(SESSION_KEY) or {}
    stored = upload_store().load(pending.get("token"))
    briefing = briefing_from_json(stored) if stored is not None else None
    if briefing is None:
        return None, None, None
    event = None
    if pending.get("event_id"):
        event = db.session.get(DialogueEvent, int(pending["event_id"]))
    return pending, plan_import(db.session, briefing), event


@bp.route("/preview", methods=["GET", "POST"])
def preview():
    """What the import will create and what it matched; untick to skip, then confirm."""
    try:
        pending, plan, event = _pending()
    except ImportRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("imports.index"))
    if plan is None:
        flash("There is no paper waiting to be imported (or the preview expired). Upload it "
              "again.", "warning")
        return redirect(url_for("imports.index"))
    form = BriefingConfirmForm()
    form.items.choices = [SelectChoice(key) for key in _choosable(plan)]
    form.links.choices = [SelectChoice(value) for value in plan.link_choices()]
    edits, edit_errors = Edits(), []
    if not form.is_submitted():
        form.items.data = _choosable(plan)
    else:
        edits, edit_errors = read_edits(request.form, plan)
    if form.is_submitted() and form.validate() and not edit_errors:
        links = dict(value.split(":", 1) for value in form.links.data or [])
        result = save_import(db.session, plan, chosen=form.items.data or [], links=links,
                             event=event, edits=edits)
        db.session.commit()
        upload_store().discard(pending.get("token"))
        session.pop(SESSION_KEY, None)
        session[RESULT_KEY] = {"case_ids": result.case_ids, "person_ids": result.person_ids,
                               "created": result.created, "reused": result.reused,
                               "event": event.title if event is not None else None}
        created = sum(result.created.values())
        flash(f"Imported: {created} new records created"
              f"{', nothing duplicated' if result.reused else ''}.", "success")
        return redirect(url_for("imports.source", source_id=result.source_id))
    chosen = set(form.items.data or [])
    masking.echo(*_shown(plan))
    return render_template("imports/preview.html", plan=plan, form=form, chosen=chosen,
                           linked=set(form.links.data or []), event=event,
                           filename=pending.get("filename"), edits=edits,
                           edit_errors=edit_errors, case_statuses=list(CaseStatus))


def _shown(plan) -> list[str]:
    """Everything of the paper the preview shows: labels, details, how each item was recognised,
    short titles and the words that suggested a case status."""
    briefing = plan.briefing
    texts = [briefing.title, briefing.publisher or ""]
    for item in plan.items:
        texts += [item.label, item.detail]
        payload = item.payload
        for name in ("how", "short_title", "status_phrase", "source_state"):
            texts.append(getattr(payload, name, None) or "")
    return texts


def _choosable(plan) -> list[str]:
    keys = [item.key for item in plan.items if not item.is_match and item.kind != "source"]
    keys += [item.key.replace("person-", "case-") for item in plan.of_kind("person")
             if not item.has_case]
    return keys


@bp.route("/cancel", methods=["POST"])
def cancel():
    """Drop the pending upload."""
    upload_store().discard((session.pop(SESSION_KEY, None) or {}).get("token"))
    flash("Import cancelled; nothing was saved.", "info")
    return redirect(url_for("imports.index"))


@bp.route("/sources/<int:source_id>")
def source(source_id: int):
    """A paper after import: its findings and recommendations, and the cases just created."""
    paper = get_or_404(Source, source_id)
    findings = db.session.scalars(select(Finding).where(Finding.source_id == paper.id)
                                  .order_by(Finding.theme_id, Finding.position)).all()
    recommendations = db.session.scalars(
        select(Recommendation).where(Recommendation.source_id == paper.id)
        .order_by(Recommendation.id)).all()
    result = session.get(RESULT_KEY) or {}
    cases = db.session.scalars(select(Case).where(Case.id.in_(result.get("case_ids") or []))
                               .order_by(Case.id)).all()
    persons = db.session.scalars(select(Person).where(Person.id.in_(
        result.get("person_ids") or [])).order_by(Person.id)).all()
    return render_template("imports/source.html", paper=paper, findings=findings,
                           recommendations=recommendations, cases=cases, persons=persons,
                           result=result)
