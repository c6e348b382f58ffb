"""Audit finding: admins had no way to read the log. The /admin/audit page: filters, pages,
newest first, a bounded formula-safe CSV export that is itself audited; bad filters never 500."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from tests.support.pages import text_of

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _add_events(app, *events: AuditEvent) -> None:
    with app.app_context():
        db.session.add_all(events)
        db.session.commit()


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, flags=re.DOTALL)


@pytest.fixture()
def logged(app, officer, viewer):
    """A handful of events by two users over three days."""
    _add_events(
        app,
        AuditEvent(action="login", user_id=officer.id, at=START, ip_address="10.1.1.1"),
        AuditEvent(action="update", user_id=officer.id, entity_type="Person", entity_id=41,
                   changes={"full_name": ["Old", "New"]}, at=START + timedelta(days=1)),
        AuditEvent(action="viewed_restricted", user_id=viewer.id, entity_type=None,
                   changes={"records": ["Case 7", "Person 41"]}, at=START + timedelta(days=2)),
        AuditEvent(action="viewed_restricted", user_id=viewer.id, entity_type=None,
                   changes={"records": ["Person 410"]}, at=START + timedelta(days=2, hours=1)),
        AuditEvent(action="export", user_id=viewer.id, entity_type="Person",
                   changes={"format": "=HYPERLINK(\"http://evil\")"},
                   at=START + timedelta(days=2, hours=2)),
    )


def test_only_admins_reach_the_audit_log(officer_client, logged):
    assert officer_client.get("/admin/audit/").status_code == 403
    assert officer_client.get("/admin/audit/export.csv").status_code == 403
    home = officer_client.get("/").get_data(as_text=True)
    assert "/admin/" not in home and "Audit log" not in home


def test_the_log_is_linked_and_lists_newest_first(admin_client, logged):
    home = admin_client.get("/").get_data(as_text=True)
    assert 'href="/admin/users">Users</a>' in home
    assert 'href="/admin/audit/"' in admin_client.get("/admin/users").get_data(as_text=True)
    html = admin_client.get("/admin/audit/").get_data(as_text=True)
    rows = _rows(html)
    actions = [re.search(r"<code>(\w+)</code>", r).group(1) for r in rows]
    # the admin's own sign-in just now comes first
    assert actions == ["login", "export", "viewed_restricted", "viewed_restricted", "update",
                       "login"]
    assert "full_name" in html and "Case 7, Person 41" in html and "10.1.1.1" in html
    assert "Olga Officer" in html and "Vik Viewer" in html


def test_filters_by_user_action_record_and_dates(admin_client, officer, logged):
    by_user = _rows(admin_client.get(f"/admin/audit/?user={officer.id}").get_data(as_text=True))
    assert len(by_user) == 2 and all("Olga Officer" in r for r in by_user)
    by_action = _rows(admin_client.get("/admin/audit/?action=viewed_restricted")
                      .get_data(as_text=True))
    assert len(by_action) == 2
    by_record = _rows(admin_client.get("/admin/audit/?entity_type=Person&entity_id=41")
                      .get_data(as_text=True))
    assert len(by_record) == 2  # the update, and the view naming it among others (not 410)
    assert any("<code>update</code>" in r for r in by_record)
    assert any("Case 7, Person 41" in r for r in by_record)
    by_dates = _rows(admin_client.get("/admin/audit/?date_from=2026-03-02&date_to=2026-03-02")
                     .get_data(as_text=True))
    assert len(by_dates) == 1 and "<code>update</code>" in by_dates[0]


def test_bad_filter_values_get_a_message_never_an_error(admin_client, logged):
    unknown = admin_client.get("/admin/audit/?user=999999")
    assert unknown.status_code == 200
    assert "Some filters were ignored" in unknown.get_data(as_text=True)
    assert "That colleague is not in Parley, or not available to you." in text_of(unknown)
    several = admin_client.get("/admin/audit/?user=&user-text=a")
    assert "Several colleagues match “a”: Ada Admin; Olga Officer." in text_of(several)
    typed = admin_client.get("/admin/audit/", query_string={"user-text": "olga officer"})
    by_name = _rows(typed.get_data(as_text=True))  # the one colleague so named
    assert len(by_name) == 2 and all("Olga Officer" in r for r in by_name)
    impossible = admin_client.get("/admin/audit/?date_from=2026-02-31&entity_id=abc")
    text = impossible.get_data(as_text=True)
    assert impossible.status_code == 200
    assert "Enter a real date" in text and "Record id" in text
    backwards = admin_client.get("/admin/audit/?date_from=2026-03-05&date_to=2026-03-01")
    assert "The end date cannot be before the from date." in backwards.get_data(as_text=True)
    for query in ("page=-3", "page=abc", "entity_id=99999999999999999999", "user=abc",
                  "date_to=31/02/2026"):
        response = admin_client.get(f"/admin/audit/?{query}")
        assert response.status_code == 200, query
        assert "Traceback" not in response.get_data(as_text=True)
    # page numbers out of range answer 404, as everywhere (app/routing.py)
    assert admin_client.get("/admin/audit/?page=99999999999999999999").status_code == 404
    # a page past the last one does not exist either
    assert admin_client.get("/admin/audit/?page=999999").status_code == 404
    assert admin_client.get("/admin/audit/export.csv?user=999999").status_code == 200


def test_pages_hold_fifty_events(app, admin_client, officer):
    _add_events(app, *[AuditEvent(action="login", user_id=officer.id,
                                  at=START + timedelta(minutes=n)) for n in range(120)])
    first = admin_client.get(f"/admin/audit/?user={officer.id}").get_data(as_text=True)
    assert len(_rows(first)) == 50
    assert 'rel="next"' in first and "page=2" in first
    last = admin_client.get(f"/admin/audit/?user={officer.id}&page=3").get_data(as_text=True)
    assert len(_rows(last)) == 20 and 'rel="next"' not in last


def test_csv_export_is_filtered_formula_safe_and_audited(app, admin_client, admin, logged):
    response = admin_client.get("/admin/audit/export.csv?action=export")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbfid,when (UTC),")  # UTF-8 BOM, for Excel
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:5] == ["id", "when (UTC)", "user id", "user", "action"]
    assert len(rows) == 2 and rows[1][4] == "export"
    assert rows[1][7].startswith("{")  # details are JSON, never a bare formula
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    with app.app_context():
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit_exported"))
        assert audit.user_id == admin.id
        assert audit.changes["action"] == "export" and audit.changes["count"] == 1


def test_a_formula_in_any_cell_is_neutralised(app, admin_client, officer):
    _add_events(app, AuditEvent(action="=cmd|' /C calc'!A0", user_id=officer.id, at=START))
    rows = list(csv.reader(io.StringIO(
        admin_client.get(f"/admin/audit/export.csv?user={officer.id}").data.decode("utf-8-sig"))))
    assert rows[1][4] == "'=cmd|' /C calc'!A0"


def test_csv_export_is_capped_with_a_message(app, admin_client, officer, monkeypatch):
    from app.services.data_protection import audit_log

    monkeypatch.setattr(audit_log, "EXPORT_LIMIT", 3)
    _add_events(app, *[AuditEvent(action="login", user_id=officer.id,
                                  at=START + timedelta(minutes=n)) for n in range(5)])
    rows = list(csv.reader(io.StringIO(
        admin_client.get("/admin/audit/export.csv?action=login").data.decode("utf-8-sig"))))
    assert len(rows) == 1 + 3 + 1
    assert rows[-1][0].startswith("Only the newest 3 events are exported")
    with app.app_context():
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit_exported"))
        assert audit.changes["truncated"] is True and audit.changes["count"] == 3
