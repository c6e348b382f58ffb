"""Each fixture paper of our own imports with its exact counts on the page and on the command
line; the preview shows how each item was recognised and lets the officer put unthemed items
under a theme, edit short titles and priorities and set case statuses; bad edits save nothing."""

from __future__ import annotations

import io
import json
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Case, CaseStatus, Finding, Recommendation, Source, Theme
from tests.paper_fixtures import EXPECTED, imported_counts, paper_bytes
from tests.support.queries import row_counts


def _upload(client, name: str, **extra):
    return client.post("/import/", data={"paper": (io.BytesIO(paper_bytes(name)), name), **extra},
                       content_type="multipart/form-data")


def _items(page: str) -> list[str]:
    return re.findall(r'name="items" value="([^"]+)"', page)


def _db_counts(expected) -> dict[str, int]:
    return {"themes": expected.themes, "findings": expected.findings,
            "positive": expected.positive, "recommendations": expected.recommendations,
            "persons": expected.persons, "cases": expected.persons + expected.groups,
            "group_cases": expected.groups, "key_facts": expected.facts, "sources": 1}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_paper_imports_with_its_counts_on_the_page(app, officer_client, name):
    expected = EXPECTED[name]
    response = _upload(officer_client, name)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    preview = officer_client.get("/import/preview").get_data(as_text=True)
    assert f"Preview: {expected.title}" in preview
    for count, label in ((expected.themes, "themes"), (expected.findings, "findings"),
                         (expected.recommendations, "recommendations"),
                         (expected.persons, "named persons"), (expected.groups, "group cases")):
        assert f"<strong>{count}</strong> {label}" in preview, label
    if expected.unthemed or (expected.recommendations and not expected.themes):
        assert "Outside any theme" in preview
    response = officer_client.post("/import/preview", data={"items": _items(preview)})
    assert response.status_code == 302
    with app.app_context():
        assert imported_counts() == _db_counts(expected)
        source = db.session.scalar(select(Source))
        assert source.publisher == expected.publisher
        assert (source.published_on.isoformat() if source.published_on else None) == \
            expected.published_on


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_paper_imports_with_its_counts_on_the_command_line(app, runner, tmp_path, name):
    expected = EXPECTED[name]
    path = tmp_path / name
    path.write_bytes(paper_bytes(name))
    result = runner.invoke(args=["import-briefing", str(path), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["title"], len(summary["themes"]), summary["findings"],
            len(summary["recommendations"]), len(summary["persons"]),
            sum(c["group"] for c in summary["cases"])) == (
        expected.title, expected.themes,
        {"positive": expected.positive, "concern": expected.concern,
         "unthemed": expected.unthemed}, expected.recommendations, expected.persons,
        expected.groups)
    result = runner.invoke(args=["import-briefing", str(path), "--json"])
    assert result.exit_code == 0, result.output
    wanted = {"sources": 1, "themes": expected.themes, "findings": expected.findings,
              "recommendations": expected.recommendations, "persons": expected.persons,
              "cases": expected.persons + expected.groups, "key_facts": expected.facts}
    assert json.loads(result.stdout)["created"] == {k: v for k, v in wanted.items() if v}
    with app.app_context():
        assert imported_counts() == _db_counts(expected)


def test_dry_run_json_gives_each_recommendations_title_addressee_state_and_theme(runner,
                                                                                tmp_path):
    path = tmp_path / "un-summary.txt"
    path.write_bytes(paper_bytes("un-summary.txt"))
    result = runner.invoke(args=["import-briefing", str(path), "--dry-run", "--json"])
    recs = json.loads(result.stdout)["recommendations"]
    assert {k: recs[2][k] for k in ("short_title", "addressee", "source_state", "theme")} == {
        "short_title": "Bring the provisions on false information into line with article 19",
        "addressee": "Valdoria", "source_state": "Chile", "theme": None}
    path = tmp_path / "briefing.md"
    path.write_bytes(paper_bytes("briefing.md"))
    result = runner.invoke(args=["import-briefing", str(path), "--dry-run", "--json"])
    rec = json.loads(result.stdout)["recommendations"][0]
    assert (rec["theme"], rec["source_state"], rec["priority"]) == ("Electoral reform", None, 1)
    result = runner.invoke(args=["import-briefing", str(path), "--dry-run"])
    assert "  1. Hold open public consultations on any further change to electoral law — " \
           "Electoral reform" in result.stdout


def test_imported_recommendations_and_cases_carry_what_was_inferred(app, officer_client):
    _upload(officer_client, "un-summary.txt")
    officer_client.post("/import/preview", data={"items": _items(
        officer_client.get("/import/preview").get_data(as_text=True))})
    _upload(officer_client, "briefing.md")
    officer_client.post("/import/preview", data={"items": _items(
        officer_client.get("/import/preview").get_data(as_text=True))})
    with app.app_context():
        norway = db.session.scalars(select(Recommendation).where(
            Recommendation.source_state == "Norway").order_by(Recommendation.id)).all()
        assert [(r.short_title, r.priority, r.addressee) for r in norway] == [
            ("Ratify the Second Optional Protocol to the International Covenant on Civil", 1,
             "Valdoria"),
            ("Abolish the death penalty in law for all crimes", 2, "Valdoria")]
        statuses = dict(db.session.execute(select(Case.title, Case.status)).all())
        assert statuses["Anna Veles"] is CaseStatus.CONVICTED
        assert statuses["Erik Sandal"] is CaseStatus.CLOSED
        assert statuses["Lina Parvo"] is CaseStatus.RELEASED
        assert statuses["Green Steppe movement activists"] is CaseStatus.ON_TRIAL
        assert statuses["Aron Falk"] is CaseStatus.UNDER_INVESTIGATION
    detail = officer_client.get(f"/recommendations/{norway[0].id}").get_data(as_text=True)
    assert "Recommending state</dt><dd>Norway" in detail


def test_preview_shows_how_each_item_was_recognised(officer_client):
    _upload(officer_client, "statement.txt")
    preview = officer_client.get("/import/preview").get_data(as_text=True)
    assert "Recognised: list under the lead-in “We recommend that Valdoria:”" in preview
    assert "Recognised: addressee phrase “The European Union should”" in preview
    assert "Recognised: paragraph outside any thematic section" in preview
    assert 'value="Release Marta Quill, Jonas Eber and the other detained journalists without ' \
           'delay"' in preview
    assert "from “was sentenced on 10”" in preview
    assert re.search(r'name="status-person-0".*?<option value="convicted" selected>', preview,
                     re.DOTALL)
    assert "published by <span class=\"paper-publisher\">Valdoria Rights Watch, Press Freedom " \
           "North and the Lake Ors Civic Forum</span> on <span class=\"paper-date\">2026-02-16" \
           in preview
    _upload(officer_client, "un-summary.txt")
    preview = officer_client.get("/import/preview").get_data(as_text=True)
    assert "recommended by Norway" in preview
    assert "recommending state “(Norway)”" in preview


def test_officer_puts_unthemed_items_under_themes_and_edits_titles_priorities_statuses(
        app, officer_client):
    with app.app_context():
        db.session.add(Theme(name="Freedom of expression"))
        db.session.commit()
    _upload(officer_client, "statement.txt")
    preview = officer_client.get("/import/preview").get_data(as_text=True)
    assert "Suggested: Freedom of expression" in preview
    assert '<option value="Freedom of expression"></option>' in preview
    response = officer_client.post("/import/preview", data={
        "items": _items(preview),
        "theme-finding-1": "freedom of EXPRESSION",     # the existing theme, however typed
        "theme-all": "Detention of journalists",        # a new theme for every other item
        "title-recommendation-0": "Release the journalists",
        "priority-recommendation-2": "5",
        "status-person-1": "on_trial"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    with app.app_context():
        themes = {t.name: t for t in db.session.scalars(select(Theme))}
        assert sorted(themes) == ["Detention of journalists", "Freedom of expression"]
        findings = db.session.scalars(select(Finding).order_by(Finding.id)).all()
        assert [f.theme.name for f in findings] == [
            "Detention of journalists", "Freedom of expression", "Detention of journalists"]
        recs = db.session.scalars(select(Recommendation).order_by(Recommendation.id)).all()
        assert all(r.themes == [themes["Detention of journalists"]] for r in recs)
        assert recs[0].short_title == "Release the journalists"
        assert [r.priority for r in recs] == [1, 2, 5, 3, 3, 1]
        statuses = dict(db.session.execute(select(Case.title, Case.status)).all())
        assert statuses == {"Marta Quill": CaseStatus.CONVICTED,
                            "Jonas Eber": CaseStatus.ON_TRIAL}


@pytest.mark.parametrize("edits, words", [
    ({"title-recommendation-0": "x" * 201}, "A short title is at most 200 characters"),
    ({"theme-all": "y" * 201}, "A theme name is at most 200 characters"),
    ({"theme-finding-99": "Nowhere"}, "The changes could not be read"),
    ({"priority-recommendation-0": "9"}, "The changes could not be read"),
    ({"status-person-0": "vanished"}, "The changes could not be read"),
])
def test_bad_edits_are_explained_and_nothing_is_saved(app, officer_client, edits, words):
    _upload(officer_client, "statement.txt")
    items = _items(officer_client.get("/import/preview").get_data(as_text=True))
    with app.app_context():
        before = row_counts()
    response = officer_client.post("/import/preview", data={"items": items, **edits})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert words in page and "Nothing has been saved." in page
    with app.app_context():
        assert row_counts() == before


def test_a_theme_typed_for_a_themed_item_is_refused(app, officer_client):
    _upload(officer_client, "news-update.txt")
    items = _items(officer_client.get("/import/preview").get_data(as_text=True))
    response = officer_client.post("/import/preview", data={"items": items,
                                                            "theme-finding-0": "Other"})
    assert "The changes could not be read" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Finding)) == 0


def test_command_line_theme_option_puts_unthemed_items_under_one_theme(app, runner, tmp_path):
    path = tmp_path / "open-letter.md"
    path.write_bytes(paper_bytes("open-letter.md"))
    result = runner.invoke(args=["import-briefing", str(path), "--theme", "EU engagement"])
    assert result.exit_code == 0, result.output
    assert "created 1 sources, 1 themes, 5 findings, 6 recommendations, 2 persons, 2 cases;" \
        in result.stdout
    with app.app_context():
        theme = db.session.scalar(select(Theme))
        assert theme.name == "EU engagement"
        assert all(f.theme_id == theme.id for f in db.session.scalars(select(Finding)))
    result = runner.invoke(args=["import-briefing", str(path), "--theme", "z" * 201])
    assert result.exit_code != 0 and "at most 200 characters" in result.output
