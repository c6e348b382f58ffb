"""The home dashboard."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from app.extensions import db
from app.models import Role
from app.services.data_protection.audit_log import probing_alerts
from app.services.data_protection.review_queue import may_review, open_count
from app.services.data_protection.sensitivity_changes import pending_count
from app.services.follow_ups.lists import Scope
from app.services.reporting import progress
from app.services.reporting.dashboard import build_dashboard
from app.services.reporting.kept_charts import kept_chart

bp = Blueprint("dashboard", __name__)


@bp.route("/")
def index():
    """Upcoming meetings; in one scope (``?scope=mine|team``, as on the follow-ups page) past
    meetings whose outcome is to log and the overdue and due-this-week follow-ups; recent case
    updates, charts; for admins also probing alerts and the requests waiting for their
    approval; for cleared officers the number of possible duplicates of restricted records to
    review."""
    admin = None
    if current_user.role is Role.ADMIN:
        admin = {"probing": probing_alerts(db.session),
                 "pending": pending_count(db.session)}
    review_count = open_count(db.session) if may_review(current_user) else None
    dashboard = build_dashboard(db.session, current_user.id,
                                Scope.from_address(request.args.get("scope")))
    return render_template(
        "dashboard/index.html", dashboard=dashboard, review_count=review_count,
        scopes=[(scope, dashboard.scopes[scope].open, url_for("dashboard.index",
                                                              scope=scope.value))
                for scope in Scope],
        follow_up_chart=kept_chart(db.session, "follow_ups_by_week",
                                   lambda: progress.follow_ups_by_week(db.session)),
        status_chart=kept_chart(db.session, "status_by_theme",
                                lambda: progress.status_by_theme(db.session)), admin=admin,
    )
