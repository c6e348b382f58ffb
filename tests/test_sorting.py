"""Sortable columns: every list can be sorted by its headers, server-side, the order kept in
the address (``?sort=name&dir=desc``) and across its pages; a bad order gives the default one,
never an error; a cursor made in one order is refused in another (the first page).

Rows are labelled ``PREFIX-0042`` (tests/list_checks.py); each list below gets rows whose
sorted column runs against their labels, and one row with that column empty, which comes last
in both directions.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from app.extensions import db
from app.models import (
    AuditEvent,
    Case,
    DialogueEvent,
    Direction,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingStatus,
    Organisation,
    OrganisationKind,
    Person,
    Recommendation,
    Role,
    Sensitivity,
    Source,
    User,
)
from tests.list_checks import get, labels, link, section, walk, with_args

START = datetime(2026, 1, 5, 9, tzinfo=UTC)
TODAY = date.today()
N = 6


def _add(app, records) -> None:
    with app.app_context():
        db.session.add_all(records)
        db.session.commit()


def _against(i: int) -> str:
    """A value that sorts the other way round from the labels (row 0 has the largest)."""
    return f"{N - i:03d}"


#: list -> (address, label prefix, the row of record i, the column). Record ``N`` has the
#: column empty; a required column gets "000" there instead, the smallest value.
SORTED = {
    "persons by country": (
        "/persons/", "Person", lambda i: Person(
            full_name=f"Person-{i:04d}", country=None if i == N else f"Land {_against(i)}"),
        "country"),
    "organisations by country": (
        "/organisations/", "Org", lambda i: Organisation(
            name=f"Org-{i:04d}", country=None if i == N else f"Land {_against(i)}"),
        "country"),
    "recommendations by addressee": (
        "/recommendations/", "Rec", lambda i: Recommendation(
            text=f"Rec-{i:04d}", short_title=f"Rec-{i:04d}", priority=2,
            addressee=f"Addressee {_against(i)}"),
        "addressee"),
    "sources by publisher": (
        "/sources/", "Source", lambda i: Source(
            title=f"Source-{i:04d}", publisher=None if i == N else f"Pub {_against(i)}"),
        "publisher"),
    "sources by date": (
        "/sources/", "Source", lambda i: Source(
            title=f"Source-{i:04d}",
            published_on=None if i == N else date(2026, 1, 1) - timedelta(days=i)),
        "published"),
    "events by place": (
        "/events/", "Event", lambda i: DialogueEvent(
            title=f"Event-{i:04d}", place=None if i == N else f"Place {_against(i)}",
            starts_on=date(2026, 1, 1)),
        "place"),
    "debriefs by place": (
        "/debrief/", "Event", lambda i: DialogueEvent(
            title=f"Event-{i:04d}", place=None if i == N else f"Place {_against(i)}",
            starts_on=date(2026, 1, 1)),
        "place"),
    "cases by title": (
        "/cases/", "Case", lambda i: Case(title=f"{_against(i)} Case-{i:04d}"), "title"),
    "users by last sign-in": (
        "/admin/users", "Zzz", lambda i: User(
            email=f"zzz{i}@parley.example", name=f"Zzz-{i:04d}", role=Role.VIEWER,
            clearance=Sensitivity.NORMAL, password_hash="-",
            last_login_at=None if i == N else START + timedelta(days=N - i)),
        "signed_in"),
    "meetings by title": (
        "/meetings/", "Mtg", lambda i: Meeting(title=f"{_against(i)} Mtg-{i:04d}",
                                               starts_at=START),
        "title"),
}
#: The lists above whose column is required (no empty value).
REQUIRED = ("recommendations by addressee", "cases by title", "meetings by title")


@pytest.mark.parametrize("name", list(SORTED))
def test_each_list_sorts_by_its_column_both_ways_empty_values_last(app, admin_client, name):
    path, prefix, make, column = SORTED[name]
    _add(app, [make(i) for i in range(N + 1)])
    against = list(range(N - 1, -1, -1))
    ascending = get(admin_client, f"{path}?sort={column}&dir=asc")
    descending = get(admin_client, f"{path}?sort={column}&dir=desc")
    if name in REQUIRED:  # "000": the smallest
        assert labels(ascending, prefix) == [N, *against]
        assert labels(descending, prefix) == [*range(N), N]
    else:  # empty: last both ways
        assert labels(ascending, prefix) == [*against, N]
        assert labels(descending, prefix) == [*range(N), N]
    # the header of the sorted column says so, and links to the other direction
    header = re.search(r'<th scope="col" aria-sort="ascending">(.*?)</th>', ascending).group(1)
    assert f"sort={column}" in header and "dir=desc" in header and "▲" in header
    assert ascending.count("aria-sort=") == 1


def test_enum_columns_sort_in_their_declared_order(app, admin_client):
    kinds = list(OrganisationKind)
    _add(app, [Organisation(name=f"Org-{i:04d}", kind=kind)
               for i, kind in reversed(list(enumerate(kinds)))])
    assert labels(get(admin_client, "/organisations/?sort=kind&dir=asc"), "Org") == list(
        range(len(kinds)))
    assert labels(get(admin_client, "/organisations/?sort=kind&dir=desc"), "Org") == list(
        range(len(kinds) - 1, -1, -1))


def test_the_default_order_and_bad_orders_never_fail(app, admin_client):
    _add(app, [Person(full_name=f"Person-{i:04d}", country=f"Land {_against(i)}")
               for i in range(N)])
    default = labels(get(admin_client, "/persons/"), "Person")
    assert default == list(range(N))  # by name
    for query in ("sort=bogus", "sort=bogus&dir=desc", "sort=&dir=", "sort=name%00&dir=asc",
                  "sort=__class__", "sort=full_name", "sort=id&dir=desc", "sort=name&sort=id",
                  "dir=sideways", "sort=" + "x" * 5000):
        response = admin_client.get(f"/persons/?{query}")
        assert response.status_code == 200, query
        assert labels(response.get_data(as_text=True), "Person") == default, query
    # a known column with a junk direction: that column, in its first direction
    assert labels(get(admin_client, "/persons/?sort=country&dir=up"), "Person") == list(
        range(N - 1, -1, -1))
    body = get(admin_client, "/persons/?sort=bogus")
    assert 'aria-sort="ascending"' in body  # the default column is marked as sorted


def test_header_links_keep_the_filters_and_start_at_the_first_page(app, admin_client):
    _add(app, [Person(full_name=f"Person-{i:04d}", country="Land") for i in range(60)])
    body = get(admin_client, "/persons/?q=Person&country=Land&page=2")
    headers = dict(re.findall(r'<a class="sort" href="([^"]+)">(\w+)', body))
    country = next(url for url, label in headers.items() if label == "Country")
    query = parse_qs(urlsplit(country.replace("&amp;", "&")).query)
    assert query["q"] == ["Person"] and query["country"] == ["Land"]
    assert query["sort"] == ["country"] and query["dir"] == ["asc"] and "page" not in query
    name = next(url for url, label in headers.items() if label == "Name")
    assert "dir=desc" in name  # the column sorted now: its link reverses it


def test_pages_keep_the_order_by_number_and_by_cursor(app, admin_client):
    _add(app, [Person(full_name=f"Person-{i:04d}") for i in range(120)])
    pages = walk(admin_client, "/persons/?sort=name&dir=desc", "Person",
                 list(range(119, -1, -1)))
    assert "sort=name" in link(pages[0], "next") and "dir=desc" in link(pages[0], "next")


def test_meetings_walk_by_keyset_in_another_order(app, admin_client):
    statuses = [MeetingStatus.PLANNED, MeetingStatus.HELD, MeetingStatus.CANCELLED]
    _add(app, [Meeting(title=f"Mtg-{i:04d}", starts_at=START + timedelta(hours=i),
                       status=statuses[i % 3]) for i in range(130)])
    # stored values in order (cancelled, held, planned), ties by id
    order = sorted(range(130), key=lambda i: (statuses[i % 3].value, i))
    pages = walk(admin_client, "/meetings/?sort=status&dir=asc", "Mtg", order)
    assert "cursor=" in link(pages[0], "next") and "sort=status" in link(pages[0], "next")
    walk(admin_client, "/meetings/?sort=status&dir=desc", "Mtg", order[::-1])
    # by title: read with OFFSET (no title in a cursor), still in order across pages
    titles = walk(admin_client, "/meetings/?sort=title&dir=asc", "Mtg", list(range(130)))
    assert "cursor=" not in link(titles[0], "next") and "page=2" in link(titles[0], "next")


def test_a_cursor_from_another_order_gives_the_first_page(app, admin_client):
    _add(app, [Meeting(title=f"Mtg-{i:04d}", starts_at=START + timedelta(hours=i),
                       status=MeetingStatus.HELD if i % 2 else MeetingStatus.PLANNED)
               for i in range(80)])
    by_status = get(admin_client, "/meetings/?sort=status&dir=asc")
    cursor = parse_qs(urlsplit(link(by_status, "next")).query)["cursor"][0]
    newest_first = labels(get(admin_client, "/meetings/"), "Mtg")
    assert newest_first == list(range(79, 29, -1))
    for address in (f"/meetings/?cursor={cursor}",
                    f"/meetings/?sort=when&dir=asc&cursor={cursor}",
                    f"/meetings/?sort=status&dir=desc&cursor={cursor}"):
        body = get(admin_client, address)
        assert "1–50 of 80" in body, address
    assert labels(get(admin_client, f"/meetings/?cursor={cursor}"), "Mtg") == newest_first
    # the same cursor in its own order: the second page
    assert "51–80 of 80" in get(admin_client, f"/meetings/?sort=status&dir=asc&cursor={cursor}")
    # tampered with: the first page
    tampered = with_args("/meetings/?sort=status&dir=asc", cursor=cursor[:-2] + "xx")
    assert "1–50 of 80" in get(admin_client, tampered)


def test_audit_log_sorts_by_action(app, admin_client):
    _add(app, [AuditEvent(action=f"zz-{_against(i)}", changes={"note": f"act-{i:04d}"},
                          at=START + timedelta(minutes=i)) for i in range(N)])
    ascending = labels(get(admin_client, "/admin/audit/?sort=action&dir=asc"), "act")
    assert ascending == list(range(N - 1, -1, -1))
    assert labels(get(admin_client, "/admin/audit/?sort=action&dir=desc"), "act") == list(
        range(N))


def test_each_follow_up_section_sorts_on_its_own(app, admin_client):
    with app.app_context():
        admin_id = db.session.scalar(db.select(User.id).where(User.email.like("admin%")))
    _add(app, [FollowUp(description=f"{_against(i)} Due-{i:04d}", direction=Direction.OURS,
                        owner_user_id=admin_id, due_on=TODAY - timedelta(days=30 - i))
               for i in range(N)])
    _add(app, [FollowUp(description=f"{_against(i)} Shut-{i:04d}", direction=Direction.OURS,
                        owner_user_id=admin_id, status=FollowUpStatus.DONE,
                        closed_at=START + timedelta(days=i)) for i in range(N)])
    body = get(admin_client, "/follow-ups/?overdue_sort=commitment&overdue_dir=asc")
    assert labels(section(body, "overdue"), "Due") == list(range(N - 1, -1, -1))
    assert labels(section(body, "closed"), "Shut") == list(range(N - 1, -1, -1))  # latest first
    body = get(admin_client, "/follow-ups/?overdue_sort=due&overdue_dir=desc"
                             "&closed_sort=closed&closed_dir=asc")
    assert labels(section(body, "overdue"), "Due") == list(range(N - 1, -1, -1))
    assert labels(section(body, "closed"), "Shut") == list(range(N))
    # a section's header links keep the other section's order and jump to the section
    overdue = section(body, "overdue")
    commitment = re.search(r'<a class="sort" href="([^"]+)">Commitment', overdue).group(1)
    assert "closed_sort=closed" in commitment and "overdue_sort=commitment" in commitment
    assert commitment.endswith("#overdue")
