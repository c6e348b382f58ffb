"""The recommendation tracker: the matrix agrees with the raisings, gaps, and progress charts."""

from __future__ import annotations

import re
from datetime import UTC, date, timedelta

from markupsafe import escape
from sqlalchemy import select

from app.extensions import db
from app.models import (
    DialogueEvent,
    ImplementationStatus,
    Meeting,
    Party,
    Person,
    Raising,
    Recommendation,
    RecommendationStatusChange,
    Theme,
)
from app.services.reporting import progress
from app.services.reporting.tracker import COLUMNS_PER_PAGE
from tests.demo_users import AMINA, sign_in_demo

CELL = re.compile(r'<td class="cell[^"]*" data-rec="(\d+)" data-person="(\d+)" '
                  r'data-raised="(yes|no)" data-stance="([a-z_]*)" data-last="([0-9-]*)"')


def _cells(html: str) -> dict[tuple[int, int], tuple[str, str, str]]:
    return {(int(r), int(p)): (raised, stance, last)
            for r, p, raised, stance, last in CELL.findall(html)}


def _expected(app, event_id: int | None = None):
    """From the Raising rows directly: the latest raising per (recommendation, person)."""
    with app.app_context():
        rows = db.session.execute(
            select(Raising.recommendation_id, Raising.person_id, Raising.stance,
                   Meeting.starts_at, Raising.id, Meeting.event_id)
            .join(Meeting, Meeting.id == Raising.meeting_id)
            .where(Raising.recommendation_id.is_not(None))).all()
        recs = set(db.session.scalars(select(Recommendation.id)).all())
        persons = set(db.session.scalars(select(Person.id)).all())
    latest = {}
    for rec_id, person_id, stance, starts_at, raising_id, row_event in rows:
        if event_id is not None and row_event != event_id:
            continue
        assert person_id is not None  # every demo raising names the person
        key = (rec_id, person_id)
        if key not in latest or (starts_at, raising_id) > latest[key][0]:
            latest[key] = ((starts_at, raising_id), stance)
    expected = {}
    for key, ((starts_at, _), stance) in latest.items():
        expected[key] = ("yes", stance.value if stance else "", starts_at.date().isoformat())
    return expected, recs, persons


def test_matrix_agrees_with_the_demo_raisings_cell_by_cell(app, client, demo):
    sign_in_demo(app, client, AMINA)
    html = client.get("/tracker/").get_data(as_text=True)
    # The columns (every stakeholder) come a page at a time: read them all.
    columns = int(re.search(r"Stakeholders 1–\d+ of (\d+)", html).group(1))
    cells = {}
    for page in range(1, -(-columns // COLUMNS_PER_PAGE) + 1):
        cells.update(_cells(client.get(f"/tracker/?columns={page}").get_data(as_text=True)))
    expected, recs, _ = _expected(app)
    shown_recs = {r for r, _ in cells}
    shown_persons = {p for _, p in cells}
    assert shown_recs == recs  # every recommendation is a row
    assert len(cells) == len(shown_recs) * len(shown_persons)  # a full grid
    assert {p for _, p in expected} <= shown_persons  # everyone raised with is a column
    for key, value in cells.items():
        assert value == expected.get(key, ("no", "", "")), key
    assert sum(1 for v in cells.values() if v[0] == "yes") == len(expected) >= 8


def test_matrix_for_one_event_only_counts_its_meetings(app, client, demo):
    sign_in_demo(app, client, AMINA)
    with app.app_context():
        event_id = db.session.scalar(select(DialogueEvent.id).where(
            DialogueEvent.title.contains("2025")))
        met = set(db.session.scalars(select(Person.id).join(Meeting.their_attendees).where(
            Meeting.event_id == event_id)).all())
    cells = _cells(client.get(f"/tracker/?event={event_id}").get_data(as_text=True))
    expected, _, _ = _expected(app, event_id)
    assert {p for _, p in cells} == met
    for key, value in cells.items():
        assert value == expected.get(key, ("no", "", "")), key


def test_theme_filter_keeps_the_theme_and_its_sub_themes(app, client, demo):
    sign_in_demo(app, client, AMINA)
    with app.app_context():
        theme = db.session.scalar(select(Theme).where(Theme.name == "Freedom of expression"))
        ids = {theme.id} | {c.id for c in theme.children}
        wanted = set(db.session.scalars(select(Recommendation.id).join(
            Recommendation.themes).where(Theme.id.in_(ids))).all())
        theme_id = theme.id
    cells = _cells(client.get(f"/tracker/?theme={theme_id}").get_data(as_text=True))
    assert {r for r, _ in cells} == wanted and wanted


def test_never_raised_with_a_stakeholder_and_with_a_meeting(app, client, demo):
    sign_in_demo(app, client, AMINA)
    with app.app_context():
        nurlan = db.session.scalar(select(Person).where(
            Person.full_name == "Nurlan Zhaksygeldin"))
        gov = db.session.scalar(select(Meeting).where(
            Meeting.title.startswith("Government delegation")))
        raised_with_nurlan = set(db.session.scalars(select(Raising.recommendation_id).where(
            Raising.person_id == nurlan.id)).all())
        attendees = {p.id for p in gov.their_attendees}
        raised_with_gov = set(db.session.scalars(select(Raising.recommendation_id).where(
            Raising.person_id.in_(attendees))).all())
        titles = {r.id: r.title for r in db.session.scalars(select(Recommendation))}
        # Both are the government's people: only the asks of the authorities are for them
        # (tests/test_addressees.py has the rule).
        for_them = set(db.session.scalars(select(Recommendation.id).where(
            Recommendation.addressed_to == Party.AUTHORITIES)))
        nurlan_id, gov_id = nurlan.id, gov.id
    assert 0 < len(for_them) < len(titles)
    html = client.get(f"/tracker/?person={nurlan_id}").get_data(as_text=True)
    gap = re.search(r'<ol class="gap-list">(.*?)</ol>', html, re.DOTALL).group(1)
    assert "Never raised with Nurlan Zhaksygeldin" in html
    assert "Read as a government delegation</strong> <span class=\"muted\">(by their current " \
           "post)" in html
    for rec_id, title in titles.items():
        listed = rec_id not in raised_with_nurlan and rec_id in for_them
        assert (str(escape(title)) in gap) is listed, title
    html = client.get(f"/tracker/?meeting={gov_id}").get_data(as_text=True)
    gap = re.search(r'<ol class="gap-list">(.*?)</ol>', html, re.DOTALL).group(1)
    assert "Aliya Temirkhanova" in html and "Timur Absattarov" in html
    for rec_id, title in titles.items():
        listed = rec_id not in raised_with_gov and rec_id in for_them
        assert (str(escape(title)) in gap) is listed, title


def test_unknown_filters_are_ignored(app, officer_client):
    response = officer_client.get("/tracker/?theme=zzz&event=999&person=-1&meeting=")
    assert response.status_code == 200
    assert "Recommendation tracker" in response.get_data(as_text=True)


def test_charts_are_accessible_svg_with_a_data_table(app, client, demo):
    sign_in_demo(app, client, AMINA)
    html = client.get("/tracker/").get_data(as_text=True)
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.DOTALL)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        assert "<script" not in svg and "style=" not in svg
    assert html.count('<details class="chart-data">') == 2
    assert "Recommendation status by theme" in html
    assert "Implementation status over time" in html
    assert "Persecution of activists, journalists and bloggers" in html


def test_status_counts_over_time_follow_the_history(app):
    today = date(2026, 6, 15)
    with app.app_context():
        a = Recommendation(text="Free them", addressee="Authorities",
                           status=ImplementationStatus.PARTIAL)
        b = Recommendation(text="Repeal it", addressee="Authorities")
        db.session.add_all([a, b])
        db.session.flush()
        db.session.add_all([
            RecommendationStatusChange(recommendation_id=a.id, from_status=None,
                                       to_status=ImplementationStatus.IN_PROGRESS,
                                       changed_on=date(2026, 3, 10)),
            RecommendationStatusChange(recommendation_id=a.id,
                                       from_status=ImplementationStatus.IN_PROGRESS,
                                       to_status=ImplementationStatus.PARTIAL,
                                       changed_on=date(2026, 5, 2)),
        ])
        db.session.commit()
        chart = progress.status_counts_over_time(db.session, today=today, months=4)
    statuses = list(ImplementationStatus)
    by_month = dict(zip(chart.categories, chart.values, strict=False))
    assert list(by_month) == ["Mar 2026", "Apr 2026", "May 2026", "Jun 2026"]
    assert by_month["Mar 2026"][statuses.index(ImplementationStatus.IN_PROGRESS)] == 1
    assert by_month["Mar 2026"][statuses.index(ImplementationStatus.NOT_STARTED)] == 1
    assert by_month["May 2026"][statuses.index(ImplementationStatus.PARTIAL)] == 1
    feb = progress.status_counts_over_time
    with app.app_context():
        early = feb(db.session, today=date(2026, 2, 20), months=1)
    assert early.values == [[2, 0, 0, 0, 0]]


def test_follow_up_chart_rebuilds_weeks_from_history(app, officer):
    from app.models import Direction, FollowUp
    from app.services.follow_ups import changes as follow_ups

    today = date.today()
    with app.app_context():
        late = FollowUp(description="Late one", direction=Direction.OURS,
                        owner_user_id=officer.id, due_on=today - timedelta(days=10))
        done = FollowUp(description="Done one", direction=Direction.OURS,
                        owner_user_id=officer.id, due_on=today + timedelta(days=10))
        db.session.add_all([late, done])
        db.session.flush()
        follow_ups.record_created(db.session, late, officer.id)
        follow_ups.record_created(db.session, done, officer.id)
        follow_ups.mark_done(db.session, done, "ok", officer.id)
        db.session.commit()
        chart = progress.follow_ups_by_week(db.session, today=today, weeks=3)
    assert chart.values[-1] == [1, 0, 1, 0]  # today: one overdue, one done
    assert chart.values[0] == [0, 0, 0, 0]  # two weeks ago neither existed
    assert "1 overdue" in chart.description


def test_dashboard_shows_both_charts_with_their_data(app, client, demo):
    sign_in_demo(app, client, AMINA)
    html = client.get("/").get_data(as_text=True)
    charts = html[html.index('class="chart-grid dashboard-charts"'):]
    assert "Follow-ups by status, week by week" in charts
    assert "Recommendation status by theme" in charts
    assert charts.count('role="img"') == 2 and charts.count("<desc id=") == 2
    table = re.search(r"<caption[^>]*>Follow-ups by status, week by week</caption>(.*?)</table>",
                      charts, re.DOTALL).group(1)
    last_row = re.findall(r"<tr><th scope=\"row\">[^<]+</th>(.*?)</tr>", table, re.DOTALL)[-1]
    numbers = [int(n) for n in re.findall(r"<td>(\d+)</td>", last_row)]
    with app.app_context():
        from app.models import FollowUp, FollowUpStatus

        rows = db.session.scalars(select(FollowUp)).all()
        overdue = sum(1 for f in rows if f.is_overdue())
        open_ = sum(1 for f in rows if f.status is FollowUpStatus.OPEN) - overdue
        done = sum(1 for f in rows if f.status is FollowUpStatus.DONE)
        other = len(rows) - overdue - open_ - done
    assert numbers == [overdue, open_, done, other, len(rows)]


def test_tracker_runs_the_same_number_of_queries_with_more_rows(app, client, demo):
    from datetime import datetime

    from app.models import Stance
    from tests.support.queries import count_queries

    sign_in_demo(app, client, AMINA)
    client.get("/tracker/")
    with count_queries(app) as before:
        assert client.get("/tracker/").status_code == 200
    with app.app_context():
        theme = db.session.scalar(select(Theme))
        for n in range(40):
            person = Person(full_name=f"Extra official {n}")
            meeting = Meeting(title=f"Extra meeting {n}", their_attendees=[person],
                              starts_at=datetime(2026, 1, 1, 9, tzinfo=UTC))
            rec = Recommendation(text=f"Extra ask {n}", addressee="EU", themes=[theme])
            db.session.add_all([person, meeting, rec])
            db.session.flush()
            db.session.add(Raising(meeting_id=meeting.id, recommendation_id=rec.id,
                                   person_id=person.id, stance=Stance.OPPOSED))
        db.session.commit()
    with count_queries(app) as after:
        html = client.get("/tracker/").get_data(as_text=True)
    assert len(before) == len(after), (len(before), len(after))
    # The matrix is paged both ways now: the extra rows and columns are on later pages.
    rows = re.search(r"Recommendations 1–25 of (\d+)", html)
    columns = re.search(rf"Stakeholders 1–{COLUMNS_PER_PAGE} of (\d+)", html)
    assert rows and columns and int(rows.group(1)) >= 62 and int(columns.group(1)) >= 40
    last = client.get(f"/tracker/?page={-(-int(rows.group(1)) // 25)}").get_data(as_text=True)
    assert "Extra ask 39" in last
    everyone = "".join(client.get(f"/tracker/?columns={n}").get_data(as_text=True)
                       for n in range(1, -(-int(columns.group(1)) // COLUMNS_PER_PAGE) + 1))
    assert "Extra official 39" in everyone
