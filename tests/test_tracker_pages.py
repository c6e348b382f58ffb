"""The tracker at scale: pages both ways with totals, SQL cells equal to a direct count, the
whole theme subtree, a fixed number of queries, and bad page numbers never a 500."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Case,
    DialogueEvent,
    Meeting,
    Person,
    Raising,
    Recommendation,
    Sensitivity,
    Stance,
    Theme,
)
from app.services.reporting import progress, tracker
from app.services.reporting.tracker import COLUMNS_PER_PAGE, GAP_SHOWN, ROWS_PER_PAGE
from tests.support.queries import count_queries

CELL = re.compile(r'<td class="cell[^"]*" data-rec="(\d+)" data-person="(\d+)" '
                  r'data-raised="(yes|no)" data-stance="([a-z_]*)" data-last="([0-9-]*)"'
                  r'(?: title="(\d+)×)?')


def _world(session, recommendations=60, persons=30, meetings=40, seed=7) -> dict:
    """Recommendations, stakeholders and meetings with raisings named and whole-table."""
    rng = random.Random(seed)
    top = Theme(name="Civic space", position=1)
    middle = Theme(name="Freedom of association", parent=top, position=1)
    bottom = Theme(name="NGO registration", parent=middle, position=1)
    other = Theme(name="Torture", position=2)
    event = DialogueEvent(title="Scale dialogue")
    people = [Person(full_name=f"Stakeholder {n:03d}") for n in range(persons)]
    recs = [Recommendation(text=f"Scale ask {n:03d}", addressee="Authorities",
                           priority=1 + n % 3, themes=[[top, middle, other][n % 3]])
            for n in range(recommendations)]
    deep = Recommendation(text="Deep ask under the grandchild theme", addressee="Authorities",
                          priority=1, themes=[bottom])
    session.add_all([top, middle, bottom, other, event, *people, *recs, deep])
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    for n in range(meetings):
        table = rng.sample(people, 4)
        meeting = Meeting(title=f"Scale meeting {n:03d}", starts_at=start + timedelta(days=n),
                          event=event if n % 2 else None, their_attendees=table)
        session.add(meeting)
        for _ in range(6):
            session.add(Raising(meeting=meeting, recommendation=rng.choice(recs),
                                person=rng.choice(table + [None]),
                                stance=rng.choice([*Stance, None])))
    session.flush()
    return {"event": event.id, "top": top.id, "middle": middle.id, "bottom": bottom.id,
            "deep": deep.id}


def _direct(session, event_id=None) -> dict[tuple[int, int], tuple[int, str, str]]:
    """(recommendation, person) -> (times, latest stance, latest date), from the rows."""
    cells: dict[tuple[int, int], list] = {}
    meetings = {m.id: m for m in session.scalars(select(Meeting))}
    for raising in session.scalars(select(Raising).where(Raising.recommendation_id.is_not(None))):
        meeting = meetings[raising.meeting_id]
        if event_id is not None and meeting.event_id != event_id:
            continue
        people = [raising.person_id] if raising.person_id else [
            p.id for p in meeting.their_attendees]
        for person_id in people:
            cell = cells.setdefault((raising.recommendation_id, person_id), [0, None, None])
            cell[0] += 1
            key = (meeting.starts_at, raising.id)
            if cell[2] is None or key > cell[2][0]:
                cell[1] = raising.stance.value if raising.stance else ""
                cell[2] = (key, meeting.starts_at.date().isoformat())
    return {k: (times, stance, latest[1]) for k, (times, stance, latest) in cells.items()}


def _all_cells(client, query="") -> tuple[dict, set, set]:
    """Walk every page both ways; the cells, recommendations and stakeholders seen."""
    first = client.get(f"/tracker/?{query}").get_data(as_text=True)
    rows = int(re.search(r"Recommendations \d+–\d+ of (\d+)", first).group(1))
    columns = int(re.search(r"Stakeholders \d+–\d+ of (\d+)", first).group(1))
    cells, recs, persons = {}, [], []
    for page in range(1, -(-rows // ROWS_PER_PAGE) + 1):
        for column in range(1, -(-columns // COLUMNS_PER_PAGE) + 1):
            html = client.get(f"/tracker/?{query}&page={page}&columns={column}").get_data(
                as_text=True)
            found = CELL.findall(html)
            assert found
            page_recs = list(dict.fromkeys(int(r) for r, *_ in found))
            page_persons = list(dict.fromkeys(int(p) for _, p, *_ in found))
            assert len(page_recs) <= ROWS_PER_PAGE and len(page_persons) <= COLUMNS_PER_PAGE
            assert len(found) == len(page_recs) * len(page_persons)  # a full grid
            if column == 1:
                recs += page_recs
            if page == 1:
                persons += page_persons
            for rec, person, raised, stance, last, times in found:
                if raised == "yes":
                    cells[(int(rec), int(person))] = (int(times), stance, last)
    assert len(recs) == len(set(recs)) == rows  # every row once, over the pages
    assert len(persons) == len(set(persons)) == columns
    return cells, set(recs), set(persons)


def test_pages_both_ways_add_up_to_a_direct_count(app, admin_client):
    with app.app_context():
        ids = _world(db.session)
        db.session.commit()
        expected = _direct(db.session)
        live = set(db.session.scalars(select(Recommendation.id)))
    cells, recs, persons = _all_cells(admin_client)
    assert recs == live
    assert cells == expected and len(expected) > 50
    assert {p for _, p in expected} <= persons
    with app.app_context():
        expected = _direct(db.session, ids["event"])
    cells, _, _ = _all_cells(admin_client, f"event={ids['event']}")
    assert cells == expected


def test_totals_and_previous_next_links(app, admin_client):
    with app.app_context():
        _world(db.session, recommendations=60, persons=30)
        db.session.commit()
        rows = db.session.scalar(select(db.func.count(Recommendation.id)))
    first = admin_client.get("/tracker/").get_data(as_text=True)
    assert f"Recommendations 1–{ROWS_PER_PAGE} of {rows}" in first
    assert f"Stakeholders 1–{COLUMNS_PER_PAGE} of 30" in first
    assert 'rel="next">Next recommendations →</a>' in first
    assert 'rel="next">Next stakeholders →</a>' in first
    assert 'rel="prev"' not in first
    last_page = -(-rows // ROWS_PER_PAGE)
    last = admin_client.get(f"/tracker/?page={last_page}&columns=3").get_data(as_text=True)
    assert f"Recommendations {ROWS_PER_PAGE * (last_page - 1) + 1}–{rows} of {rows}" in last
    assert f"Stakeholders {2 * COLUMNS_PER_PAGE + 1}–30 of 30" in last
    assert 'rel="next"' not in last
    assert f'href="/tracker/?page={last_page - 1}&amp;columns=3" rel="prev"' in last


def test_a_grandchild_theme_is_under_its_grandparent(app, admin_client):
    with app.app_context():
        ids = _world(db.session, recommendations=6, persons=5, meetings=3)
        db.session.commit()
    html = admin_client.get(f"/tracker/?theme={ids['top']}").get_data(as_text=True)
    assert "Deep ask under the grandchild theme" in html
    assert f'data-rec="{ids["deep"]}"' in html
    with app.app_context():
        gap, total = tracker.never_raised_with(db.session, [], theme_id=ids["top"])
        assert ids["deep"] in {r.id for r in gap} and total == len(gap)
        chart = progress.status_by_theme(db.session)
        civic = chart.values[chart.categories.index("Civic space")]
        under_top = db.session.scalar(select(db.func.count(Recommendation.id)).where(
            Recommendation.themes.any(Theme.id.in_([ids["top"], ids["middle"], ids["bottom"]]))))
        assert sum(civic) == under_top  # the grandchild's recommendation counts once, at the top
    other = admin_client.get(f"/tracker/?theme={ids['middle']}").get_data(as_text=True)
    assert "Deep ask under the grandchild theme" in other


def test_query_count_does_not_depend_on_rows(app, admin_client):
    with app.app_context():
        _world(db.session, recommendations=6, persons=8, meetings=4, seed=1)
        db.session.commit()
    admin_client.get("/tracker/")
    with count_queries(app) as small:
        admin_client.get("/tracker/?page=1&columns=1")
    with app.app_context():
        _world(db.session, recommendations=120, persons=60, meetings=80, seed=2)
        db.session.commit()
    with count_queries(app) as large:
        html = admin_client.get("/tracker/?page=2&columns=2").get_data(as_text=True)
    assert "Recommendations 26–50 of" in html
    assert len(small) == len(large), (len(small), len(large))
    assert len(large) <= 25


def test_never_raised_is_bounded_and_counted(app, admin_client):
    with app.app_context():
        _world(db.session, recommendations=90, persons=4, meetings=2)
        stranger = Person(full_name="Never met anyone")
        db.session.add(stranger)
        db.session.commit()
        total = db.session.scalar(select(db.func.count(Recommendation.id)))
        stranger_id = stranger.id
    html = admin_client.get(f"/tracker/?person={stranger_id}").get_data(as_text=True)
    gap = re.search(r'<ol class="gap-list">(.*?)</ol>', html, re.DOTALL).group(1)
    assert gap.count("<li>") == GAP_SHOWN
    assert f'<span class="count">{total}</span>' in html
    assert f"{total - GAP_SHOWN} more were never raised with them" in html


@pytest.mark.parametrize("query, status", [
    ("page=-1", 200), ("page=0", 200), ("columns=-5", 200), ("page=abc&columns=x", 200),
    ("page=99999999999999999999", 404), ("columns=99999999999999999999", 404),
    ("page=2147483647", 404), ("page=50", 404), ("columns=50", 404),
    ("person=99999999999999999999", 200), ("theme=-1&event=abc", 200),
])
def test_bad_page_numbers_never_fail(app, admin_client, query, status):
    with app.app_context():
        _world(db.session, recommendations=30, persons=14, meetings=5)
        db.session.commit()
    response = admin_client.get(f"/tracker/?{query}")
    assert response.status_code == status
    if status == 200:
        assert "Recommendations 1–25 of 31" in response.get_data(as_text=True)


def test_cells_obey_the_readers_clearance(app, client, make_user):
    from tests.support.signing_in import login

    with app.app_context():
        person = Person(full_name="Open official")
        case = Case(title="Hidden case", sensitivity=Sensitivity.AT_RISK)
        rec = Recommendation(text="Release them", addressee="Authorities")
        meeting = Meeting(title="Talk", starts_at=datetime(2026, 2, 1, tzinfo=UTC),
                          their_attendees=[person])
        db.session.add_all([person, case, rec, meeting])
        db.session.flush()
        db.session.add(Raising(meeting=meeting, recommendation=rec, person=person, case=case,
                               stance=Stance.OPPOSED))
        # an open raising with the same person keeps them a column for every reader
        db.session.add(Raising(meeting=meeting, person=person, stance=Stance.SUPPORTIVE,
                               recommendation=Recommendation(text="Open ask",
                                                             addressee="Authorities")))
        db.session.commit()
        rec_id, person_id = rec.id, person.id
    viewer = make_user("viewer", clearance="normal", email="normal@parley.example")
    login(client, viewer.email)
    html = client.get("/tracker/").get_data(as_text=True)
    assert f'data-rec="{rec_id}" data-person="{person_id}" data-raised="no"' in html
