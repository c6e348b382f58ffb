"""The dashboard's charts are kept a few minutes per clearance, never across clearances."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.extensions import db
from app.models import Case, FollowUp, Sensitivity
from app.services.reporting.kept_charts import forget_charts
from tests.support.signing_in import login


@pytest.fixture()
def kept(app):
    """Charts kept for five minutes during the test (the suite draws them every time)."""
    forget_charts()
    app.config["PARLEY_CHART_SECONDS"] = 300
    yield
    app.config["PARLEY_CHART_SECONDS"] = 0
    forget_charts()


def _add_overdue(app, n: int, sensitivity: Sensitivity = Sensitivity.NORMAL) -> None:
    with app.app_context():
        case = Case(title=f"Case {sensitivity.value} {n}", sensitivity=sensitivity)
        db.session.add_all([case] + [
            FollowUp(description=f"Overdue {sensitivity.value} {i}", direction="ours", case=case,
                     due_on=date.today() - timedelta(days=3)) for i in range(n)])
        db.session.commit()


def _overdue_in_chart(client) -> int:
    html = client.get("/").get_data(as_text=True)
    found = re.search(r"Today: (\d+) overdue", html)
    assert found, "the follow-up chart says how many are overdue today"
    return int(found.group(1))


def test_a_kept_chart_is_redrawn_after_it_is_forgotten(app, client, make_user, kept):
    officer = make_user("officer", clearance="at_risk", email="kept@parley.example")
    _add_overdue(app, 2)
    login(client, officer.email)
    assert _overdue_in_chart(client) == 2
    _add_overdue(app, 3)
    assert _overdue_in_chart(client) == 2  # kept
    forget_charts()
    assert _overdue_in_chart(client) == 5


def test_a_chart_kept_for_a_cleared_reader_is_not_shown_to_another_clearance(
        app, client, make_user, kept):
    cleared = make_user("officer", clearance="at_risk", email="cleared@parley.example")
    normal = make_user("viewer", clearance="normal", email="normal@parley.example")
    _add_overdue(app, 2)
    _add_overdue(app, 4, Sensitivity.AT_RISK)
    login(client, cleared.email)
    assert _overdue_in_chart(client) == 6
    client.post("/logout")
    login(client, normal.email)
    assert _overdue_in_chart(client) == 2


def test_charts_are_drawn_every_time_when_not_kept(app, client, make_user):
    officer = make_user("officer", clearance="at_risk", email="fresh@parley.example")
    _add_overdue(app, 1)
    login(client, officer.email)
    assert _overdue_in_chart(client) == 1
    _add_overdue(app, 1)
    assert _overdue_in_chart(client) == 2


def test_the_teams_closed_follow_ups_are_counted_per_clearance_and_the_open_ones_exactly(
        app, kept):
    """Over the whole team the closed counts are kept like a chart; the open sections are
    always counted afresh, and a narrower scope is never served from the kept counts."""
    from app.models import FollowUpStatus
    from app.security.visibility import levels_for
    from app.services.follow_ups.lists import FollowUpFilters, review_counts

    _add_overdue(app, 2)
    with app.app_context():
        first = review_counts(db.session)
        assert first.sections["overdue"] == 2 and first.sections["closed"] == 0
        done = db.session.scalars(db.select(FollowUp)).first()
        done.status = FollowUpStatus.DONE
        db.session.commit()
        again = review_counts(db.session)
        assert again.sections["overdue"] == 1  # open: exact
        assert again.sections["closed"] == 0  # closed, over the team: kept
        narrowed = review_counts(db.session, FollowUpFilters(direction="ours"))
        assert narrowed.sections["closed"] == 1  # a narrower scope: counted
        with levels_for(db.session, (Sensitivity.NORMAL,)):
            assert review_counts(db.session).sections["closed"] == 1  # another clearance
        forget_charts()
        assert review_counts(db.session).sections["closed"] == 1
