"""The home dashboard."""

from flask import Blueprint, render_template

from app.extensions import db
from app.services import progress
from app.services.dashboard import build_dashboard

bp = Blueprint("dashboard", __name__)


@bp.route("/")
def index():
    """Upcoming meetings, overdue and due-this-week follow-ups, recent case updates, charts."""
    return render_template(
        "dashboard/index.html", dashboard=build_dashboard(db.session),
        follow_up_chart=progress.follow_ups_by_week(db.session),
        status_chart=progress.status_by_theme(db.session),
    )
