"""The debrief after a dialogue event, as a page, a Markdown file and a PDF."""

from __future__ import annotations

from flask import Blueprint, Response, render_template
from sqlalchemy import select

from app.extensions import db
from app.models import DialogueEvent
from app.record_views.pages import list_page
from app.record_views.sections import add_section_routes
from app.security.audit import record
from app.security.record_loading import get_or_404
from app.services.meetings.debrief import DEBRIEF_SECTIONS, build_debrief, debrief_page
from app.services.pdf import render_pdf, static_url
from app.services.sorting import Sorting

bp = Blueprint("debrief", __name__, url_prefix="/debrief")

#: The debriefs list's sortable columns: the latest event first unless the address says
#: otherwise.
SORTS = Sorting({"title": (DialogueEvent.title,), "dates": (DialogueEvent.starts_on,),
                 "place": (DialogueEvent.place,)},
                default="dates", descending=True, tiebreak=DialogueEvent.id)


@bp.get("/")
def index():
    """The dialogue events to debrief, latest first."""
    events = select(DialogueEvent).where(DialogueEvent.archived_at.is_(None))
    return render_template("debrief/index.html", page=list_page(events, sorting=SORTS))


@bp.get("/event/<int:event_id>")
def event(event_id: int):
    """One page: raised with whom, the answers, both sides' commitments, what is still open;
    the first rows of each with their total, and a link to the full list."""
    debrief = debrief_page(db.session(), get_or_404(DialogueEvent, event_id))
    return render_template("debrief/event.html", debrief=debrief)


def _download(body, mimetype: str, filename: str, debrief_event: DialogueEvent, fmt: str):
    record(db.session(), "export", debrief_event, changes={"document": "debrief", "format": fmt})
    db.session.commit()
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/event/<int:event_id>.md")
def event_markdown(event_id: int):
    """The debrief as a Markdown file (internal)."""
    debrief = build_debrief(db.session(), get_or_404(DialogueEvent, event_id))
    text = render_template("debrief/event.md", debrief=debrief)
    return _download(text, "text/markdown", f"debrief-event-{event_id}.md", debrief.event, "md")


@bp.get("/event/<int:event_id>.pdf")
def event_pdf(event_id: int):
    """The debrief as a PDF (internal); WeasyPrint fetches only Parley's static files."""
    debrief = build_debrief(db.session(), get_or_404(DialogueEvent, event_id))
    html = render_template("debrief/print.html", debrief=debrief,
                           stylesheet=static_url("debrief-print.css"))
    return _download(render_pdf(html), "application/pdf", f"debrief-event-{event_id}.pdf",
                     debrief.event, "pdf")


add_section_routes(bp, DEBRIEF_SECTIONS, DialogueEvent)
