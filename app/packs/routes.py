"""Talking-point packs: shape a meeting's pack, preview it, issue it, download it later."""

from __future__ import annotations

import io
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from app.extensions import db
from app.models import Audience, DialogueEvent, Meeting, Pack
from app.packs.forms import PackForm, choices_from, default_selection, read_selection
from app.security.audit import record
from app.security.fresh import stale_login_redirect
from app.security.record_loading import get_or_404
from app.services.meetings.events import EVENT_SECTIONS
from app.services.meetings.page import MEETING_SECTIONS
from app.services.packs.build import build_event_brief, build_meeting_pack, meeting_pack_candidates
from app.services.packs.issue import TravelCopy, issue_pack
from app.services.packs.loading import pack_context
from app.services.packs.render_html import content_security_policy, render_html
from app.services.packs.travel import default_until, passphrase

bp = Blueprint("packs", __name__)


def _preview(pack: dict) -> Response:
    """Show an HTML pack in the browser, allowing only its own inline stylesheet."""
    response = Response(render_html(pack), mimetype="text/html")
    response.headers["Content-Security-Policy"] = content_security_policy()
    return response


def _preview_or_issue(form: PackForm, pack: dict, **target):
    """Show the HTML preview, or issue the pack in the chosen format and go back to the list;
    a travel copy shows its passphrase, once."""
    if not (form.issue.data or form.travel.data):
        return _preview(pack)
    if form.audience.data == Audience.EXTERNAL.value or form.travel.data:
        # sharing outside, or carrying a copy on a trip, needs a fresh login; back to this form
        stale = stale_login_redirect()
        if stale is not None:
            return stale
    page = url_for("packs.meeting", meeting_id=target["meeting_id"]) if "meeting_id" in target \
        else url_for("packs.event", event_id=target["event_id"])
    travel = TravelCopy(passphrase(), default_until(date.today())) if form.travel.data else None
    issued = issue_pack(db.session(), pack, form.format.data, issued_by=current_user,
                        travel=travel, **target)
    db.session.commit()
    if travel is not None:
        response = Response(render_template("packs/travel_issued.html", pack=issued,
                                            secret=travel.secret, back=page + "#issued"))
        response.headers["Cache-Control"] = "no-store"
        return response
    flash(f"Pack issued: {issued.filename}. Its download starts now; it is also listed with "
          "the issued packs below.", "success")
    # back to the page, which starts the download of the file just issued (pack.js)
    return redirect(f"{page}?issued={issued.id}#issued")


@bp.route("/meetings/<int:meeting_id>/pack", methods=["GET", "POST"])
def meeting(meeting_id: int):
    """Choose, order and word a meeting's pack; preview it or issue it; list issued packs."""
    subject = get_or_404(Meeting, meeting_id)
    context = pack_context(db.session(), subject.id)
    candidates = meeting_pack_candidates(db.session(), subject.id, context)
    form = PackForm()
    selection, valid = default_selection(candidates), True
    if request.method == "POST":
        selection, valid = read_selection(request.form, candidates)
        if form.validate_on_submit() and valid:
            pack = build_meeting_pack(db.session(), subject.id, form.audience.data,
                                      choices_from(selection), issued_by=current_user,
                                      context=context)
            return _preview_or_issue(form, pack, meeting_id=subject.id)
    issued = MEETING_SECTIONS.latest(db.session(), subject, "issued")["issued"]
    return render_template("packs/meeting_page.html", meeting=subject, form=form,
                           selection=selection, valid=valid, totals=candidates["totals"],
                           held=candidates["meeting"]["held"],
                           counterpart=candidates["meeting"]["counterpart"], issued=issued)


@bp.route("/events/<int:event_id>/brief", methods=["GET", "POST"])
def event(event_id: int):
    """The brief for a whole dialogue event: preview or issue it; list issued briefs."""
    subject = get_or_404(DialogueEvent, event_id)
    form = PackForm()
    if request.method == "POST" and form.validate_on_submit():
        brief = build_event_brief(db.session(), subject.id, form.audience.data,
                                  issued_by=current_user)
        return _preview_or_issue(form, brief, event_id=subject.id)
    return render_template("packs/event_page.html", event=subject, form=form,
                           issued=EVENT_SECTIONS.latest(db.session(), subject, "issued")["issued"])


@bp.route("/packs/<int:pack_id>/download")
def download(pack_id: int):
    """The issued file, byte for byte as it was issued."""
    pack = db.session.get(Pack, pack_id)
    if pack is None:
        abort(404)
    if pack.meeting_id is not None:
        get_or_404(Meeting, pack.meeting_id)
    record(db.session(), "pack_downloaded", pack, changes={"filename": pack.filename})
    db.session.commit()
    response = send_file(io.BytesIO(pack.content), mimetype=pack.content_type,
                         as_attachment=True, download_name=pack.filename)
    # As stored (with its charset): a text/* mimetype given to send_file gets a second one.
    response.content_type = pack.content_type
    return response
