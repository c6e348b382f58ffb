"""Deny by default: every private route needs a login; roles are enforced in one place."""

from __future__ import annotations

import re

import pytest

from app.models import Role
from app.security.access import is_public, required_role

SAMPLE_VALUES = {"int": "1", "string": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _concrete(rule) -> str:
    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>",
                  lambda m: SAMPLE_VALUES.get(m.group(1) or "string", "1"), rule.rule)


def _private_rules(app):
    with app.test_request_context():
        return [r for r in app.url_map.iter_rules() if not is_public(r.endpoint)]


def test_every_private_route_redirects_anonymous_users_to_login(app, client):
    rules = _private_rules(app)
    assert len(rules) >= 2
    for rule in rules:
        url = _concrete(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            assert response.status_code == 302, f"{method} {url} answered {response.status_code}"
            assert "/login" in response.headers["Location"], f"{method} {url}"


def test_only_login_static_and_marked_routes_are_public(app):
    with app.test_request_context():
        public = {r.endpoint for r in app.url_map.iter_rules() if is_public(r.endpoint)}
    allowed = {"static", "auth.login", "auth.login_code", "calendar.feed", "health.healthz"}
    assert public <= allowed, public - allowed


@pytest.mark.parametrize("role, method, endpoint, allowed", [
    (Role.VIEWER, "GET", "dashboard.index", True),
    (Role.VIEWER, "POST", "dashboard.index", False),
    (Role.OFFICER, "POST", "dashboard.index", True),
    (Role.VIEWER, "POST", "auth.logout", True),
    (Role.OFFICER, "GET", "admin.users", False),
    (Role.ADMIN, "GET", "admin.users", True),
    (Role.VIEWER, "GET", "review.index", False),
    (Role.OFFICER, "GET", "review.index", True),
    (Role.OFFICER, "POST", "review.merge", True),
    (Role.ADMIN, "POST", "review.different", True),
    (Role.VIEWER, "GET", "persons.merge", False),
    (Role.VIEWER, "POST", "persons.merge", False),
    (Role.OFFICER, "GET", "persons.merge", True),
    (Role.ADMIN, "POST", "persons.merge", True),
])
def test_role_table(app, role, method, endpoint, allowed):
    with app.test_request_context():
        assert (role in required_role(endpoint, method)) is allowed


def test_viewer_writes_are_refused_everywhere(app, viewer_client):
    """A viewer's POST to any write route answers 403."""
    with app.test_request_context():
        writes = [r for r in app.url_map.iter_rules()
                  if "POST" in r.methods and not is_public(r.endpoint)
                  and Role.VIEWER not in required_role(r.endpoint, "POST")]
    for rule in writes:
        response = viewer_client.post(_concrete(rule))
        assert response.status_code == 403, f"POST {rule.rule} answered {response.status_code}"
        assert "Your role does not allow this action." in response.get_data(as_text=True)


def test_unknown_page_is_a_plain_404(officer_client):
    response = officer_client.get("/no-such-page")
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)
