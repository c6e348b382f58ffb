"""Every link names an endpoint that exists: a typo fails here instead of hiding a link.

Templates link with literal ``url_for('area.view')`` and never test whether an endpoint
exists; where the kind of record is data (audit entries, search hits) the link is resolved in
Python through :data:`app.record_views.links.RECORD_PAGES`, checked here too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.record_views.links import RECORD_PAGES, record_url
from app.services.data_protection.erasure_preview import MENTIONING
from app.templating import NAVIGATION

ROOT = Path(__file__).resolve().parent.parent
#: ``url_for('endpoint'`` or ``url_for("endpoint"``, the endpoint being a literal.
LITERAL_URL_FOR = re.compile(r"""url_for\(\s*(['"])([\w.]+)\1""")


def literal_endpoints(text: str) -> set[str]:
    """The endpoints named as literals in ``url_for(...)`` calls of ``text``."""
    return {match.group(2) for match in LITERAL_URL_FOR.finditer(text)}


def template_endpoints() -> dict[str, set[str]]:
    """Each template's literal endpoints, by path under templates/."""
    found = {}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        endpoints = literal_endpoints(path.read_text(encoding="utf-8"))
        if endpoints:
            found[str(path.relative_to(ROOT))] = endpoints
    return found


def python_endpoints(app) -> dict[str, set[str]]:
    """Each module's literal endpoints under app/; ``.view`` is read in the module's blueprint
    (by its full name: ``admin.audit`` is nested in ``admin``)."""
    blueprint_of = {blueprint.import_name: name for name, blueprint in app.blueprints.items()}
    found = {}
    for path in sorted((ROOT / "app").rglob("*.py")):
        endpoints = literal_endpoints(path.read_text(encoding="utf-8"))
        if not endpoints:
            continue
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[str(path.relative_to(ROOT))] = {
            blueprint_of.get(module, "?") + endpoint if endpoint.startswith(".") else endpoint
            for endpoint in endpoints}
    return found


def unknown(app, named: dict[str, set[str]]) -> list[str]:
    """``file: endpoint`` for each endpoint named that the app does not have."""
    return [f"{where}: {endpoint}" for where, endpoints in named.items()
            for endpoint in sorted(endpoints) if endpoint not in app.view_functions]


def test_the_collector_reads_both_quotes_and_spaces():
    text = """{{ url_for('persons.detail', person_id=1) }} url_for( "cases.index" ) url_for(x)"""
    assert literal_endpoints(text) == {"persons.detail", "cases.index"}


def test_every_endpoint_a_template_links_to_exists(app):
    named = template_endpoints()
    assert len(named) > 50  # the collector reads the templates (a broken pattern finds none)
    assert "persons.detail" in named["templates/meetings/_links.html"]
    assert unknown(app, named) == []


def test_a_misspelt_endpoint_would_fail(app):
    assert unknown(app, {"templates/x.html": {"persons.detial"}}) == [
        "templates/x.html: persons.detial"]


def test_every_endpoint_the_code_links_to_exists(app):
    named = python_endpoints(app)
    assert "meetings.detail" in named["app/calendar/routes.py"]
    assert unknown(app, named) == []


def test_templates_never_test_whether_an_endpoint_exists():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "has_endpoint" not in text and "view_functions" not in text, path


@pytest.mark.parametrize("group, entries", NAVIGATION)
def test_every_menu_entry_exists(app, group, entries):
    assert unknown(app, {f"menu {group}": {endpoint for endpoint, _ in entries}}) == []


def test_every_kind_of_record_page_exists(app):
    assert unknown(app, {"RECORD_PAGES": {endpoint for endpoint, _ in RECORD_PAGES.values()}}
                   ) == []
    assert unknown(app, {"MENTIONING": {row[2] for row in MENTIONING.values()}}) == []


def test_record_url_links_each_kind_and_nothing_else(app):
    with app.test_request_context():
        assert record_url("Person", 41) == "/persons/41"
        assert record_url("Case", 7) == "/cases/7"
        assert record_url("DialogueEvent", 3) == "/events/3"
        for record_type, (endpoint, id_arg) in RECORD_PAGES.items():
            rule = next(app.url_map.iter_rules(endpoint))
            assert id_arg in rule.arguments, record_type
            assert record_url(record_type, 5).endswith("/5"), record_type
        assert record_url("route", 5) is None  # a refused route is no record
        assert record_url("Person", None) is None
        assert record_url(None, None) is None
