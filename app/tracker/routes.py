"""The tracker page: one page of the matrix, the "never raised" list, and the progress charts."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for

from app.extensions import db
from app.models import Meeting, Person
from app.routing import int_arg
from app.security.records import get_or_404
from app.services import progress, tracker
from app.services.kept_charts import kept_chart
from app.tracker.forms import TrackerFilterForm

bp = Blueprint("tracker", __name__, url_prefix="/tracker")

def _filter_form() -> TrackerFilterForm:
    """The filters, read from the query string (each a type-ahead over its records)."""
    form = TrackerFilterForm(formdata=request.args)
    form.validate()
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
        status_by_theme=kept_chart(db.session, "status_by_theme",
                                   lambda: progress.status_by_theme(db.session)),
        status_over_time=kept_chart(db.session, "status_over_time",
                                    lambda: progress.status_counts_over_time(db.session)),
    )
