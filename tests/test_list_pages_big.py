"""The big lists: meetings, each section of the follow-ups page (both scopes), search results
of one kind, the contacts dry run, and the dashboard's bounded sections with their totals.

Meetings and follow-ups are read by keyset: ties in the order (same time, same due date) and
empty values (a closed follow-up without a closing time) must neither repeat nor lose a row
across page boundaries, forwards or back.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import unquote

from app.extensions import db
from app.models import Direction, FollowUp, FollowUpStatus, Meeting, MeetingStatus, User
from app.services.follow_ups.lists import SECTION_PER_PAGE as PER
from tests.list_checks import bad_inputs, get, labels, link, queries, section, walk

START = datetime(2026, 1, 5, 9, tzinfo=UTC)
TODAY = date.today()


def _add(app, records) -> None:
    with app.app_context():
        db.session.add_all(records)
        db.session.commit()


def _meetings(start: int, stop: int) -> list[Meeting]:
    """Meetings three to an hour (ties in the list's order), newest first by label."""
    return [Meeting(title=f"Mtg-{i:04d}", starts_at=START - timedelta(hours=i // 3))
            for i in range(start, stop)]


def _meeting_order(n: int) -> list[int]:
    """Newest first; among meetings at the same time, the last added first."""
    return sorted(range(n), key=lambda i: (i // 3, -i))


def test_meetings_walk_by_keyset_through_ties(app, admin_client):
    _add(app, _meetings(0, 130))
    pages = walk(admin_client, "/meetings/", "Mtg", _meeting_order(130))
    assert "cursor=" in link(pages[0], "next") and "cursor=" in link(pages[2], "prev")
    assert "130 meetings" in pages[0]
    # by number: the last page is read from the end of the list
    last = get(admin_client, "/meetings/?page=3")
    assert labels(last, "Mtg") == _meeting_order(130)[100:]
    assert "101–130 of 130" in last


def test_meetings_keep_their_filters_across_pages(app, admin_client):
    _add(app, _meetings(0, 120))
    _add(app, [Meeting(title=f"Other-{i:04d}", starts_at=START) for i in range(30)])
    pages = walk(admin_client, "/meetings/?q=Mtg", "Mtg", _meeting_order(120))
    assert all("Other-" not in page for page in pages)
    assert "q=Mtg" in unquote(link(pages[0], "next"))  # the reader's words: every byte encoded


def test_meetings_query_count_does_not_grow(app, admin_client):
    _add(app, _meetings(0, 60))
    few = queries(app, admin_client, "/meetings/")
    next_page = link(get(admin_client, "/meetings/"), "next")
    few_next = queries(app, admin_client, next_page)
    _add(app, _meetings(60, 400))
    assert queries(app, admin_client, "/meetings/") == few
    assert queries(app, admin_client, link(get(admin_client, "/meetings/"), "next")) == few_next


def test_meetings_bad_pages_and_cursors(app, admin_client):
    _add(app, _meetings(0, 60))
    bad_inputs(app, admin_client, "/meetings/", "Mtg", _meeting_order(60)[:50], 2,
               list_id="meetings.index::when-desc")


def _follow_ups(app, start: int, stop: int, owner_id: int) -> None:
    """Overdue follow-ups, four due each day (ties), oldest first by label."""
    _add(app, [FollowUp(description=f"Due-{i:04d}", direction=Direction.OURS,
                        owner_user_id=owner_id, due_on=TODAY - timedelta(days=400 - i // 4))
               for i in range(start, stop)])


def _admin_id(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(User.id).where(User.email.like("admin%")))


def test_each_follow_up_section_has_its_own_pages(app, admin_client, make_user):
    admin_id, other = _admin_id(app), make_user("officer")
    _follow_ups(app, 0, 60, admin_id)
    _follow_ups(app, 60, 100, other.id)
    _add(app, [FollowUp(description=f"Soon-{i:04d}", direction=Direction.OURS,
                        owner_user_id=admin_id, due_on=TODAY + timedelta(days=i % 5))
               for i in range(30)])
    overdue = lambda body: section(body, "overdue")
    mine = walk(admin_client, "/follow-ups/", "Due", list(range(60)), per_page=PER,
                part=overdue)
    walk(admin_client, "/follow-ups/?scope=all", "Due", list(range(100)), per_page=PER,
         part=overdue)
    # the next page of one section leaves the others on their first page
    body = get(admin_client, link(mine[0], "next"))
    assert "overdue_cursor=" in link(mine[0], "next") and "#overdue" in link(mine[0], "next")
    assert len(labels(section(body, "this_week"), "Soon")) == PER
    assert '<span class="count">30</span>' in section(body, "this_week")
    soon = link(section(body, "this_week"), "next")
    assert "this_week_page=2" in soon or "this_week_cursor=" in soon
    assert "overdue_cursor=" in soon  # the overdue section stays where it was
    both = get(admin_client, soon)
    assert labels(section(both, "overdue"), "Due") == list(range(PER, 2 * PER))
    assert len(labels(section(both, "this_week"), "Soon")) == 30 - PER


def test_closed_follow_ups_without_a_closing_time_are_listed_once(app, admin_client):
    admin_id = _admin_id(app)
    closed = [FollowUp(description=f"Shut-{i:04d}", direction=Direction.OURS,
                       owner_user_id=admin_id, status=FollowUpStatus.DONE,
                       closed_at=None if i >= 40 else START - timedelta(hours=i // 2))
              for i in range(70)]
    _add(app, closed)
    # latest closed first (ties: the last added first), then those without a time
    order = sorted(range(70), key=lambda i: (i >= 40, i // 2 if i < 40 else 0, -i))
    walk(admin_client, "/follow-ups/", "Shut", order, per_page=PER,
         part=lambda body: section(body, "closed"))


def test_follow_ups_query_count_and_bad_cursors(app, admin_client):
    admin_id = _admin_id(app)
    _follow_ups(app, 0, 30, admin_id)
    few = queries(app, admin_client, "/follow-ups/?scope=all")
    _follow_ups(app, 30, 300, admin_id)
    assert queries(app, admin_client, "/follow-ups/?scope=all") == few
    bad_inputs(app, admin_client, "/follow-ups/?scope=all", "Due", list(range(PER)), -(-300 // PER),
               page_arg="overdue_page", cursor_arg="overdue_cursor",
               list_id="follow_ups.index:overdue:due-asc", part=lambda body: section(body, "overdue"))


def test_follow_ups_past_the_count_cap_walk_both_ways(app, admin_client, monkeypatch):
    """With more rows than the count's cap, a section says "of 30+", is walked to its end by
    the next links (no row repeated or lost) and back by the previous ones; bad pages and
    cursors still give the first page or a 404."""
    from app.services import listing

    monkeypatch.setattr(listing, "COUNT_CAP", 30)
    _follow_ups(app, 0, 100, _admin_id(app))
    overdue = lambda body: section(get(admin_client, body), "overdue")
    pages, address = [], "/follow-ups/?scope=team"
    while address:
        body = overdue(address)
        position = len(pages) * PER
        assert labels(body, "Due") == list(range(position, position + PER)), address
        counted = "100" if position + PER == 100 else f"{max(30, position + PER)}+"
        assert f"{position + 1}–{position + PER} of {counted}" in body
        pages.append(body)
        address = link(body, "next")
    assert len(pages) == 5
    for n in range(len(pages) - 1, 0, -1):
        assert labels(overdue(link(pages[n], "prev")), "Due") == labels(pages[n - 1], "Due")
    bad_inputs(app, admin_client, "/follow-ups/?scope=team", "Due", list(range(PER)), 5,
               page_arg="overdue_page", cursor_arg="overdue_cursor",
               list_id="follow_ups.index:overdue:due-asc",
               part=lambda body: section(body, "overdue"))


def test_search_shows_ten_of_each_kind_then_one_kind_page_by_page(app, admin_client):
    _add(app, [Meeting(title=f"Zebra Mtg-{i:04d}", starts_at=START) for i in range(70)])
    overview = get(admin_client, "/search/?q=zebra")
    assert len(labels(overview, "Mtg")) == 10 and "All 70 meetings" in overview
    kind = re.search(r'href="([^"]*kind=meetings[^"]*)"', overview).group(1).replace("&amp;", "&")
    pages = walk(admin_client, kind, "Mtg", list(range(70)), per_page=20, ordered=False)
    shown = [labels(page, "Mtg") for page in pages]
    assert len({n for rows in shown for n in rows}) == 70  # every one once
    assert admin_client.get("/search/?q=zebra&kind=nothing").status_code == 404
    bad_inputs(app, admin_client, kind, "Mtg", shown[0], 4)


def test_contacts_dry_run_shows_fifty_rows_a_page(app, admin_client):
    text = "Name;Country\n" + "".join(f"Contact-{i:04d};Kazakhstan\n" for i in range(120))
    admin_client.post("/contacts/import", data={
        "file": (io.BytesIO(text.encode()), "contacts.csv"), "mode": "persons"},
        content_type="multipart/form-data")
    admin_client.post("/contacts/import/mapping", data={"full_name": "0", "country": "1"})
    pages = walk(admin_client, "/contacts/import/report", "Contact", list(range(120)))
    assert "<strong>120</strong> new persons will be created" in pages[2]
    assert "Import 120 new persons" in pages[1]


def test_dashboard_shows_ten_of_each_with_totals_and_links(app, admin_client):
    admin_id = _admin_id(app)
    _follow_ups(app, 0, 35, admin_id)
    soon = datetime.now(UTC) + timedelta(days=2)
    _add(app, [Meeting(title=f"Next-{i:04d}", starts_at=soon + timedelta(hours=i),
                       status=MeetingStatus.PLANNED) for i in range(25)])
    _add(app, [FollowUp(description=f"Week-{i:04d}", direction=Direction.OURS,
                        owner_user_id=admin_id, due_on=TODAY + timedelta(days=i % 6))
               for i in range(12)])
    body = get(admin_client, "/")
    assert labels(body, "Due") == list(range(10))  # the most overdue first
    assert labels(body, "Next") == list(range(10))  # the next ones first
    assert len(labels(body, "Week")) == 10
    overdue = section(body, "overdue")
    assert '<span class="count">35</span>' in overdue and "All 35 overdue follow-ups" in overdue
    assert 'href="/follow-ups/?scope=mine#overdue"' in overdue  # the dashboard's own scope
    assert '<span class="count">25</span>' in section(body, "upcoming")
    assert f"/meetings/?date_from={date.today().isoformat()}" in section(body, "upcoming")
    assert '<span class="count">12</span>' in section(body, "week")
    few = queries(app, admin_client, "/")
    _follow_ups(app, 35, 300, admin_id)
    assert queries(app, admin_client, "/") == few
    assert '<span class="count">300</span>' in section(get(admin_client, "/"), "overdue")
