"""Every record list holds one page of rows with the list's total, its pager walks the whole
list forwards and back, its query count does not grow with the rows, and bad page numbers or
cursors give the first page or 404, never an error.

Each list gets more rows than one page, added through the models in one flush.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.extensions import db
from app.models import (
    AuditEvent,
    Case,
    DialogueEvent,
    Organisation,
    Person,
    PossibleDuplicate,
    Recommendation,
    Role,
    Sensitivity,
    SensitivityChange,
    Source,
    Theme,
    User,
)
from tests.list_checks import bad_inputs, get, labels, queries, walk

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def _add(app, records) -> None:
    with app.app_context():
        db.session.add_all(records)
        db.session.commit()


def persons(i):
    return [Person(full_name=f"Person-{i:04d}")]


def organisations(i):
    return [Organisation(name=f"Org-{i:04d}")]


def cases(i):
    return [Case(title=f"Case-{i:04d}")]


def recommendations(i):
    return [Recommendation(text=f"Rec-{i:04d} text", short_title=f"Rec-{i:04d}", addressee="EU",
                           priority=2)]


def sources(i):
    return [Source(title=f"Source-{i:04d}")]


def events(i):
    return [DialogueEvent(title=f"Event-{i:04d}", starts_on=date(2026, 6, 1) - timedelta(days=i))]


def themes(i):
    return [Theme(name=f"Theme-{i:04d}")]


def users(i):
    return [User(email=f"zzz{i}@parley.example", name=f"Zzz-{i:04d}", role=Role.VIEWER,
                 clearance=Sensitivity.NORMAL, password_hash="-")]


def audit(i):
    return [AuditEvent(action="listed", changes={"note": f"act-{i:04d}"},
                       at=START - timedelta(minutes=i))]


def review_items(i):
    kept = Person(full_name=f"Kept {i}", sensitivity=Sensitivity.AT_RISK)
    twin = Person(full_name=f"Twin-{i:04d}")
    return [kept, twin, PossibleDuplicate(new_person=twin, restricted_person=kept,
                                          created_at=START + timedelta(minutes=i))]


def lowerings(i):
    person = Person(full_name=f"Lower-{i:04d}", sensitivity=Sensitivity.CONFIDENTIAL)
    return [person, SensitivityChange(person=person, from_level=Sensitivity.CONFIDENTIAL,
                                      to_level=Sensitivity.NORMAL,
                                      requested_at=START + timedelta(minutes=i))]


#: (address, label prefix, rows of record i, rows a page, rows listed before the test's)
LISTS = {
    "persons": ("/persons/", "Person", persons, 50, 0),
    "organisations": ("/organisations/", "Org", organisations, 50, 0),
    "cases": ("/cases/", "Case", cases, 50, 0),
    "recommendations": ("/recommendations/", "Rec", recommendations, 50, 0),
    "sources": ("/sources/", "Source", sources, 50, 0),
    "events": ("/events/", "Event", events, 50, 0),
    "debriefs": ("/debrief/", "Event", events, 50, 0),
    "themes": ("/themes/", "Theme", themes, 100, 0),
    "users": ("/admin/users", "Zzz", users, 50, 1),  # and the admin, listed first
    "audit log": ("/admin/audit/?action=listed", "act", audit, 50, 0),
    "review queue": ("/review/", "Twin", review_items, 50, 0),
    "sensitivity requests": ("/admin/sensitivity-requests/", "Lower", lowerings, 50, 0),
}


@pytest.mark.parametrize("name", list(LISTS))
def test_a_list_holds_one_page_with_its_total_and_walks_forwards_and_back(app, admin_client,
                                                                          name):
    path, prefix, make, per_page, others = LISTS[name]
    rows = per_page * 2 + 20
    _add(app, [record for i in range(rows) for record in make(i)])
    pages = walk(admin_client, path, prefix, list(range(rows)), per_page=per_page,
                 before=others)
    assert len(pages) == 3 and 'rel="next"' not in pages[-1] and 'rel="prev"' not in pages[0]
    # the last page by its number
    last = get(admin_client, f"{path}{'&' if '?' in path else '?'}page=3")
    assert labels(last, prefix) == list(range(per_page * 2 - others, rows))
    assert 'aria-current="page"' in last and ">1</a>" in last


@pytest.mark.parametrize("name", list(LISTS))
def test_the_query_count_does_not_grow_with_the_rows(app, admin_client, name):
    path, prefix, make, per_page, _ = LISTS[name]
    _add(app, [record for i in range(per_page + 5) for record in make(i)])
    few = queries(app, admin_client, path)
    _add(app, [record for i in range(per_page + 5, per_page * 4) for record in make(i)])
    many = queries(app, admin_client, path)
    assert few == many, (name, few, many)
    assert len(labels(get(admin_client, path), prefix)) == per_page - LISTS[name][4]


@pytest.mark.parametrize("name", list(LISTS))
def test_bad_page_numbers_and_cursors_give_the_first_page_or_404(app, admin_client, name):
    path, prefix, make, per_page, others = LISTS[name]
    _add(app, [record for i in range(per_page + 10) for record in make(i)])
    list_id = "admin.audit.index::when-desc" if name == "audit log" else ""
    bad_inputs(app, admin_client, path, prefix, list(range(per_page - others)), 2,
               list_id=list_id)


def test_a_viewer_counts_only_what_they_may_see(app, viewer_client):
    """The total is counted under the visibility rule: hidden persons are not in it."""
    _add(app, [Person(full_name=f"Person-{i:04d}",
                      sensitivity=Sensitivity.AT_RISK if i % 2 else Sensitivity.NORMAL)
               for i in range(120)])
    first = get(viewer_client, "/persons/")
    assert "1–50 of 60" in first and "of 120" not in first
    assert labels(first, "Person") == list(range(0, 100, 2))
