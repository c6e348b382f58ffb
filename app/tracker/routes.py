"""The tracker page: the matrix, the "never raised" list, and the progress charts."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.extensions import db
from app.models import Meeting, Person
from app.records.pages import list_page
from app.security.records import get_or_404
from app.services import progress, tracker
from app.tracker.forms import TrackerFilterForm

bp = Blueprint("tracker", __name__, url_prefix="/tracker")


def _filter_form() -> TrackerFilterForm:
    form = TrackerFilterForm(formdata=request.args)
    form.validate()
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
