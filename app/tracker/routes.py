"""The tracker page: one page of the matrix, the "never raised" list, and the progress charts."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import Blueprint, abort, render_template, request, url_for
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice as Choice

from app.extensions import db
from app.models import DialogueEvent, Meeting, MeetingStatus, Person, meeting_persons, utcnow
from app.records.themes import theme_choices
from app.routing import int_arg
from app.security.records import get_or_404
from app.services import progress, tracker
from app.services.themes import theme_tree
from app.tracker.forms import TrackerFilterForm

bp = Blueprint("tracker", __name__, url_prefix="/tracker")

#: Dialogue events offered in the filter (latest first; the chosen one is always kept).
EVENTS_OFFERED = 100
#: Meetings offered for "never raised with the people at meeting": the next ones, then the
#: latest held (the chosen one is always kept).
UPCOMING_OFFERED, RECENT_OFFERED = 30, 20
#: Stakeholders offered for "never raised with": those at the meetings offered, by name.
PERSONS_OFFERED = 100


def _upcoming_and_recent(chosen: int | None) -> list[Meeting]:
    """The meetings offered: the next ones from today, the latest past ones, and the chosen."""
    today = datetime.combine(utcnow().date(), time.min, tzinfo=UTC)
    live = (Meeting.archived_at.is_(None), Meeting.status != MeetingStatus.CANCELLED)
    upcoming = db.session.scalars(select(Meeting).where(*live, Meeting.starts_at >= today)
                                  .order_by(Meeting.starts_at, Meeting.id)
                                  .limit(UPCOMING_OFFERED)).all()
    recent = db.session.scalars(select(Meeting).where(*live, Meeting.starts_at < today)
                                .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
                                .limit(RECENT_OFFERED)).all()
    meetings = _with_chosen([*upcoming, *recent], Meeting, chosen)
    return sorted(meetings, key=lambda m: (m.starts_at, m.id), reverse=True)


def _with_chosen(offered: list, model, chosen: int | None) -> list:
    """The records ``offered``, plus the one already chosen when it is visible and live."""
    if chosen is None or chosen in {r.id for r in offered}:
        return list(offered)
    extra = db.session.scalars(select(model).where(model.id == chosen,
                                                   model.archived_at.is_(None))).all()
    return [*offered, *extra]


def _filter_form() -> TrackerFilterForm:
    """The filters, each offering a bounded number of choices (plus the one already chosen)."""
    form = TrackerFilterForm(formdata=request.args)
    chosen = {name: int_arg(name) for name in ("event", "person", "meeting")}
    events = _with_chosen(db.session.scalars(
        select(DialogueEvent).where(DialogueEvent.archived_at.is_(None))
        .order_by(DialogueEvent.starts_on.desc().nulls_last(), DialogueEvent.id.desc())
        .limit(EVENTS_OFFERED)).all(), DialogueEvent, chosen["event"])
    meetings = _upcoming_and_recent(chosen["meeting"])
    at_meetings = select(meeting_persons.c.person_id).where(
        meeting_persons.c.meeting_id.in_([m.id for m in meetings] or [-1]))
    persons = _with_chosen(db.session.scalars(
        select(Person).where(Person.archived_at.is_(None), Person.id.in_(at_meetings))
        .order_by(Person.full_name, Person.id).limit(PERSONS_OFFERED)).all(),
        Person, chosen["person"])
    form.theme.choices = theme_choices(theme_tree(db.session), "All themes")
    form.event.choices = [Choice("", "All events")] + [Choice(str(e.id), e.title) for e in events]
    form.person.choices = [Choice("", "Choose a stakeholder")] + [
        Choice(str(p.id), p.full_name) for p in persons]
    form.meeting.choices = [Choice("", "Choose a meeting")] + [
        Choice(str(m.id), f"{m.starts_at:%d %b %Y}: {m.title}") for m in meetings]
    return form


def _page_url(**changes) -> str:
    """This page with the same filters and other page numbers."""
    args = {k: v for k, v in request.args.items() if v != ""}
    args.update(changes)
    return url_for("tracker.index", **{k: v for k, v in args.items() if v not in (None, 1)})


@bp.get("/")
def index():
    """One page of recommendations × stakeholders, what was never raised, and progress."""
    form = _filter_form()
    theme_id, event_id = form.chosen("theme"), form.chosen("event")
    try:
        matrix = tracker.build_matrix(db.session, theme_id=theme_id, event_id=event_id,
                                      page=int_arg("page", 1), columns_page=int_arg("columns", 1))
    except tracker.NoSuchPage:
        abort(404)
    gap_for, gap, gap_total = None, None, 0
    if form.chosen("meeting") is not None:
        meeting = get_or_404(Meeting, form.chosen("meeting"))
        gap_for = {"meeting": meeting, "persons": meeting.their_attendees}
    elif form.chosen("person") is not None:
        person = get_or_404(Person, form.chosen("person"))
        gap_for = {"person": person, "persons": [person]}
    if gap_for is not None:
        gap, gap_total = tracker.never_raised_with(
            db.session, [p.id for p in gap_for["persons"]], theme_id=theme_id)
    return render_template(
        "tracker/index.html", form=form, matrix=matrix, gap=gap, gap_for=gap_for,
        gap_total=gap_total, page_url=_page_url,
        status_by_theme=progress.status_by_theme(db.session),
        status_over_time=progress.status_counts_over_time(db.session),
    )
