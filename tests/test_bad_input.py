"""A sweep of every write route with hostile input: never a 500, always a message, nothing saved."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.security.access import is_public

HUGE = "x" * 5000
def _form_fields(html: str) -> list[str]:
    names = re.findall(r'<(?:input|textarea|select)[^>]*\sname="([^"]+)"', html)
    return [n for n in names if n != "csrf_token"]


def _create_routes(app) -> list[str]:
    """Every form page without a path parameter that accepts POST (the "new" pages)."""
    with app.test_request_context():
        return sorted({r.rule for r in app.url_map.iter_rules()
                       if "POST" in r.methods and "GET" in r.methods and not r.arguments
                       and not is_public(r.endpoint) and r.rule.endswith("/new")})


def _row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t))
            for t in db.metadata.sorted_tables}


@pytest.mark.parametrize("kind", ["empty", "huge", "impossible date"])
def test_new_record_forms_refuse_hostile_input_with_a_message(app, admin_client, kind):
    routes = _create_routes(app)
    assert len(routes) >= 6, routes
    with app.app_context():
        before = _row_counts()
    for rule in routes:
        fields = _form_fields(admin_client.get(rule).get_data(as_text=True))
        if kind == "empty":
            data = {}
        elif kind == "huge":
            data = dict.fromkeys(fields, HUGE)
        else:
            dated = [n for n in fields if re.search(r"(date|_on$|day$|^starts|^ends|due)", n)]
            if not dated:
                continue
            data = {name: "2026-02-31" if name in dated else "A plausible value"
                    for name in fields}
        response = admin_client.post(rule, data=data)
        body = response.get_data(as_text=True)
        assert response.status_code < 500, f"{rule} answered {response.status_code} ({kind})"
        assert response.status_code != 302, f"{rule} accepted {kind} input"
        if response.status_code == 200:
            assert 'class="error"' in body or "form-errors" in body, f"{rule}: no message"
        assert "Traceback" not in body
    with app.app_context():
        after = _row_counts()
    changed = {t for t in before if after[t] != before[t] and t != "audit_events"}
    assert not changed, changed


def test_script_in_meeting_notes_is_shown_as_text(app, admin_client):
    from app.models import Meeting, utcnow

    with app.app_context():
        meeting = Meeting(title="Notes test", starts_at=utcnow(),
                          notes="Hello <script>alert('x')</script> **bold**")
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    body = admin_client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "<script>alert" not in body
    assert "<strong>bold</strong>" in body
