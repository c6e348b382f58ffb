"""Dialogue events: the list, the schedule page, and the event form."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from app.events.forms import EventForm
from app.extensions import db
from app.models import DialogueEvent, EventKind
from app.record_views.archiving import add_archive_routes
from app.record_views.pages import create_page, edit_page, searched_page
from app.record_views.sections import add_section_routes
from app.security.cleaning import clean_text
from app.security.record_loading import get_or_404
from app.services.meetings.events import (
    EVENT_SECTIONS,
    EVENT_TEXTS,
    find_events,
    meeting_counts,
)
from app.services.sorting import Sorting, in_declared_order

bp = Blueprint("events", __name__, url_prefix="/events")

#: Labels of the fields shown when a save is refused as stale.
LABELS = (("title", "Title"), ("kind", "Kind"), ("starts_on", "First day"),
          ("ends_on", "Last day"), ("place", "Place"),
          ("counterpart_country", "Counterpart country"), ("objectives", "Objectives"))


#: The events list's sortable columns: newest first unless the address says otherwise.
SORTS = Sorting({"title": (DialogueEvent.title,),
                 "kind": (in_declared_order(DialogueEvent.kind, EventKind),),
                 "dates": (DialogueEvent.starts_on,), "place": (DialogueEvent.place,)},
                default="dates", descending=True, tiebreak=DialogueEvent.id)


def _url(event: DialogueEvent) -> str:
    return url_for("events.detail", event_id=event.id)


@bp.route("/")
def index():
    """Dialogue events, newest first, with a search box; archived ones on request."""
    q = clean_text(request.args.get("q", ""))[:200]
    archived = request.args.get("archived") == "1"
    page = searched_page(find_events(archived=archived), q, DialogueEvent, EVENT_TEXTS,
                         sorting=SORTS, noun="dialogue events")
    return render_template("events/index.html", page=page,
                           meeting_counts=meeting_counts(db.session, [e.id for e in page.items]),
                           q=q, archived=archived)


@bp.route("/<int:event_id>")
def detail(event_id: int):
    """An event and its first meetings as a schedule, with each meeting's preparation state."""
    event = get_or_404(DialogueEvent, event_id)
    return render_template("events/detail.html", event=event,
                           sections=EVENT_SECTIONS.latest(db.session(), event, "schedule"))


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Create a dialogue event."""
    return create_page(EventForm(), "events/form.html", new_record=DialogueEvent,
                       added=lambda event: f"Event “{event.title}” created.", done_url=_url)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int):
    """Change a dialogue event; a stale save is refused with the newer values."""
    event = get_or_404(DialogueEvent, event_id)
    return edit_page(event, EventForm(obj=event), "events/form.html", labels=LABELS,
                     done_url=_url)


add_archive_routes(bp, DialogueEvent, "event_id", _url)
add_section_routes(bp, EVENT_SECTIONS, DialogueEvent)
