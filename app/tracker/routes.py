"""The tracker page: the matrix, the "never raised" list, and the progress charts."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice as Choice

from app.extensions import db
from app.models import DialogueEvent, Meeting, Person, Theme
from app.records.pages import list_page
from app.security.records import get_or_404
from app.services import progress, tracker
from app.tracker.forms import TrackerFilterForm

bp = Blueprint("tracker", __name__, url_prefix="/tracker")


def _filter_form() -> TrackerFilterForm:
    form = TrackerFilterForm(formdata=request.args)
    themes = db.session.scalars(select(Theme).where(Theme.archived_at.is_(None))
                                .options(selectinload(Theme.parent))
                                .order_by(Theme.position, Theme.id)).all()
    events = db.session.scalars(select(DialogueEvent).where(DialogueEvent.archived_at.is_(None))
                                .order_by(DialogueEvent.starts_on.desc())).all()
    persons = db.session.scalars(select(Person).where(Person.archived_at.is_(None))
                                 .order_by(Person.full_name)).all()
    meetings = db.session.scalars(select(Meeting).where(Meeting.archived_at.is_(None))
                                  .order_by(Meeting.starts_at.desc())).all()
    form.theme.choices = [Choice("", "All themes")] + [
        Choice(str(t.id), t.path) for t in sorted(themes, key=lambda t: t.path)]
    form.event.choices = [Choice("", "All events")] + [Choice(str(e.id), e.title) for e in events]
    form.person.choices = [Choice("", "Choose a stakeholder")] + [
        Choice(str(p.id), p.full_name) for p in persons]
    form.meeting.choices = [Choice("", "Choose a meeting")] + [
        Choice(str(m.id), f"{m.starts_at:%d %b %Y}: {m.title}") for m in meetings]
    return form


#: Recommendations (rows) and stakeholders (columns) on one page of the matrix.
ROWS_PER_PAGE, COLUMNS_PER_PAGE = 25, 15


@bp.get("/")
def index():
    """Recommendations × stakeholders, what was never raised, and progress over time. The
    matrix is paginated down (recommendations) and across (stakeholders); the "never raised"
    list has its own pages."""
    form = _filter_form()
    theme_id, event_id = form.chosen("theme"), form.chosen("event")
    rows = list_page(tracker.recommendations_in_scope(db.session, theme_id),
                     per_page=ROWS_PER_PAGE)
    columns = list_page(tracker.persons_in_scope(db.session, event_id), name="people",
                        per_page=COLUMNS_PER_PAGE)
    matrix = tracker.cells(db.session, rows.items, columns.items, event_id)
    gap_for, gap = None, None
    if form.chosen("meeting") is not None:
        meeting = get_or_404(Meeting, form.chosen("meeting"))
        gap_for = {"meeting": meeting, "persons": meeting.their_attendees}
    elif form.chosen("person") is not None:
        person = get_or_404(Person, form.chosen("person"))
        gap_for = {"person": person, "persons": [person]}
    if gap_for is not None:
        gap = list_page(tracker.never_raised_with(db.session, [p.id for p in gap_for["persons"]],
                                                  theme_id=theme_id), name="gap")
    return render_template(
        "tracker/index.html", form=form, matrix=matrix, rows=rows, columns=columns, gap=gap,
        gap_for=gap_for, status_by_theme=progress.status_by_theme(db.session),
        status_over_time=progress.status_counts_over_time(db.session),
    )
