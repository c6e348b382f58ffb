"""The home dashboard shows the demo's meetings, follow-ups and case updates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event, select

from app.extensions import db
from app.models import FollowUp, FollowUpStatus, Meeting, MeetingStatus


def test_dashboard_shows_demo_meetings_and_follow_ups(app, demo, admin_client):
    page = admin_client.get("/").get_data(as_text=True)
    with app.app_context():
        planned = db.session.scalars(select(Meeting.title).where(
            Meeting.status == MeetingStatus.PLANNED)).all()
        overdue = db.session.scalars(select(FollowUp.description).where(
            FollowUp.status == FollowUpStatus.OPEN, FollowUp.due_on < date.today())).all()
    assert planned and overdue
    for title in planned:
        assert title in page
    for description in overdue:
        assert description in page
    assert "Recent case updates" in page and "Nothing overdue." not in page


def test_dashboard_hides_restricted_case_updates_from_a_viewer(app, demo, viewer_client):
    from app.models import Case, Sensitivity

    with app.app_context():
        hidden = db.session.scalars(select(Case.title).where(
            Case.sensitivity == Sensitivity.AT_RISK)).all()
    page = viewer_client.get("/").get_data(as_text=True)
    assert hidden
    for title in hidden:
        assert title not in page


def test_dashboard_query_count_is_bounded(app, demo, admin_client):
    statements = []

    def count(*args):
        statements.append(args[2])

    admin_client.get("/")  # warm up the login and session
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            admin_client.get("/")
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 10, statements
