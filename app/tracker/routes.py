"""The tracker page: one page of the matrix, the "never raised" list, and the progress charts."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request

from app.extensions import db
from app.models import Meeting, Person
from app.record_views.pages import list_page
from app.security.record_loading import get_or_404
from app.services.reporting import progress, tracker
from app.services.reporting.kept_charts import kept_chart
from app.services.substance.addressees import (
    Party,
    counterpart_of,
    read_counterpart,
    rule_summary,
    use_for,
)
from app.tracker.forms import TrackerFilterForm

bp = Blueprint("tracker", __name__, url_prefix="/tracker")


def _filter_form() -> TrackerFilterForm:
    """The filters, read from the query string (each a type-ahead over its records)."""
    form = TrackerFilterForm(formdata=request.args)
    form.validate()
    return form


@bp.get("/")
def index():
    """One page of recommendations × stakeholders, what was never raised, and progress.

    Two lists paged on their own: the recommendations by ``?page=``, the stakeholders by
    ``?columns=`` (their links come back to the matrix)."""
    form = _filter_form()
    theme_id, event_id = form.chosen("theme"), form.chosen("event")
    rows = list_page(tracker.recommendations(theme_id), per_page=tracker.ROWS_PER_PAGE)
    columns = list_page(tracker.stakeholders(event_id), name="matrix", page_arg="columns",
                        per_page=tracker.COLUMNS_PER_PAGE,
                        total=tracker.count_stakeholders(db.session, event_id))
    matrix = tracker.build_matrix(db.session, rows, columns, event_id)
    gap_for, gap, gap_total = _gap_for(form), None, 0
    if gap_for is not None:
        gap, gap_total = tracker.never_raised_with(
            db.session, [p.id for p in gap_for["persons"]], theme_id=theme_id,
            counterpart=gap_for["counterpart"])
        gap_for["uses"] = {r.id: use_for(r.addressed_to, gap_for["counterpart"]) for r in gap}
    return render_template(
        "tracker/index.html", form=form, matrix=matrix, gap=gap, gap_for=gap_for,
        gap_total=gap_total,
        status_by_theme=kept_chart(db.session, "status_by_theme",
                                   lambda: progress.status_by_theme(db.session)),
        status_over_time=kept_chart(db.session, "status_over_time",
                                    lambda: progress.status_counts_over_time(db.session)),
    )


def _gap_for(form: TrackerFilterForm) -> dict | None:
    """Whose "never raised" list is asked for: a meeting's people or one stakeholder, who they
    are as a counterpart (:mod:`app.services.substance.addressees`) and the rule that follows; or None."""
    if (meeting_id := form.chosen("meeting")) is not None:
        meeting = get_or_404(Meeting, meeting_id)
        counterpart, how = read_counterpart(db.session(), meeting)
        gap_for = {"meeting": meeting, "persons": meeting.their_attendees,
                   "counterpart": counterpart, "how": how}
    elif (person_id := form.chosen("person")) is not None:
        person = get_or_404(Person, person_id)
        posted_with = counterpart_of(db.session(), [person.id], date.today())
        gap_for = {"person": person, "persons": [person], "counterpart": posted_with or Party.OTHER,
                   "how": "by their current post" if posted_with else "no current post on record"}
    else:
        return None
    gap_for["rule"] = rule_summary(gap_for["counterpart"])
    return gap_for
