"""Briefing-paper import through the page and the command line: preview then confirm, ticked items only, matches with what is there, re-importing duplicates nothing, viewers refused."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEvent,
    Case,
    DialogueEvent,
    Finding,
    Person,
    PersonName,
    Recommendation,
    Sensitivity,
    Theme,
)
from app.services.imports.briefing import ImportRefused, parse_paper, plan_import, save_import
from tests.briefing_renditions import docx_bytes
from tests.paper_fixtures import imported_counts
from tests.support.briefing_sample import (
    GROUPS,
    PERSONS,
    THEMES,
    assert_sample,
    renditions,
)
from tests.support.queries import row_counts
from tests.support.signing_in import login

# --------------------------------------------------------------------------- parsing


def _upload(client, data: bytes, filename: str, **extra):
    return client.post("/import/", data={"paper": (io.BytesIO(data), filename), **extra},
                       content_type="multipart/form-data")


def _all_items(page: str) -> list[str]:
    import re

    return re.findall(r'name="items" value="([^"]+)"', page)




EXPECTED = {"themes": 5, "findings": 34, "positive": 7, "recommendations": 20, "persons": 16,
            "cases": 18, "group_cases": 2, "key_facts": 1, "sources": 1}



@pytest.mark.parametrize("rendition", ["markdown", "word", "pasted without bullets", "pdf"])
def test_page_preview_then_confirm_creates_the_sample(app, officer_client, markdown, rendition):
    data, filename = renditions(markdown)[rendition]
    if rendition.startswith("pasted"):
        response = officer_client.post("/import/", data={"pasted": data.decode()})
    else:
        response = _upload(officer_client, data, filename)
    assert response.status_code == 302 and response.headers["Location"].endswith("/import/preview")
    preview = officer_client.get("/import/preview").get_data(as_text=True)
    assert "Preview: EU-Kazakhstan Human Rights Dialogue" in preview
    for name in PERSONS + GROUPS + THEMES:
        assert name in preview
    assert "<strong>34</strong> findings" in preview and "<strong>20</strong> recommendations" in preview
    assert "CIVICUS Monitor rating: Repressed, 30/100" in preview
    assert "Criminal Code art. 274" in preview
    items = _all_items(preview)
    response = officer_client.post("/import/preview", data={"items": items})
    assert response.status_code == 302
    result = officer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported: " in result and "Atajurt movement activists" in result
    with app.app_context():
        assert imported_counts() == EXPECTED
        rec = db.session.scalar(select(Recommendation).where(
            Recommendation.text.startswith("Repeal or revise")))
        assert rec is None or rec.addressee == "Kazakhstani authorities"
        persecution = db.session.scalar(select(Theme).where(Theme.name == THEMES[-1]))
        recs = db.session.scalars(select(Recommendation)).all()
        assert sum(persecution in r.themes for r in recs) == 6
        case = db.session.scalar(select(Case).where(Case.title == "Gulnara Bazhkenova"))
        assert case.person.full_name == "Gulnara Bazhkenova" and case.themes == [persecution]
        assert case.charges == "Criminal Code art. 274 (knowingly spreading false information)"
        assert case.summary in markdown.replace("**", "") and "Bazhkenova" in case.summary
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))


def test_unticked_items_are_skipped_and_reimport_duplicates_nothing(app, officer_client,
                                                                    markdown):
    _upload(officer_client, markdown.encode(), "briefing.md")
    items = _all_items(officer_client.get("/import/preview").get_data(as_text=True))
    skipped = {"finding-0", "recommendation-19", "person-15", "case-14", "group-0"}
    assert skipped <= set(items)
    officer_client.post("/import/preview", data={"items": [i for i in items if i not in skipped]})
    with app.app_context():
        first = imported_counts()
        assert first == {**EXPECTED, "findings": 33, "positive": 6, "recommendations": 19,
                         "persons": 15, "cases": 15, "group_cases": 1}
        assert db.session.scalar(select(Person).where(Person.full_name == "Dinara Smailova")) is None
        sadykova = db.session.scalar(select(Person).where(Person.full_name == "Natalia Sadykova"))
        assert sadykova is not None and not db.session.scalar(
            select(Case).where(Case.person_id == sadykova.id))
    # The same paper again: what exists is matched, only what was skipped is offered.
    skipped.add("case-15")  # the case about the person who was skipped
    _upload(officer_client, markdown.encode(), "briefing.md")
    preview = officer_client.get("/import/preview").get_data(as_text=True)
    assert sorted(_all_items(preview)) == sorted(skipped)
    assert preview.count("Matches existing") >= 5 + 33 + 19 + 15
    officer_client.post("/import/preview", data={"items": []})
    with app.app_context():
        assert imported_counts() == first
    # And everything, twice more: complete, then unchanged.
    _upload(officer_client, markdown.encode(), "briefing.md")
    officer_client.post("/import/preview", data={"items": sorted(skipped)})
    with app.app_context():
        assert imported_counts() == EXPECTED
        before = row_counts()
    _upload(officer_client, markdown.encode(), "briefing.md")
    officer_client.post("/import/preview", data={"items": _all_items(
        officer_client.get("/import/preview").get_data(as_text=True))})
    with app.app_context():
        after = row_counts()
        assert after["audit_events"] == before["audit_events"] + 1
        assert {k: v for k, v in after.items() if k != "audit_events"} == \
            {k: v for k, v in before.items() if k != "audit_events"}


def test_matches_existing_records_by_name_and_spelling_and_offers_near_spellings(
        app, make_user, client, markdown):
    with app.app_context():
        theme = Theme(name="Freedom of Expression")
        kassenov = Person(full_name="Amir Kasenov", other_names=[PersonName(name="Amir Kassenov")])
        hidden = Person(full_name="Natalia Sadykova", sensitivity=Sensitivity.AT_RISK)
        near = Person(full_name="Gulnara Bazhkenowa")
        db.session.add_all([theme, kassenov, hidden, near])
        db.session.commit()
        ids = {"kassenov": kassenov.id, "near": near.id}
    user = make_user("officer", clearance="normal")
    login(client, user.email)
    _upload(client, markdown.encode(), "briefing.md")
    preview = client.get("/import/preview").get_data(as_text=True)
    assert "as “Amir Kasenov”" in preview
    assert "restricted record" not in preview  # the hidden Natalia Sadykova reads as new
    assert "Natalia Sadykova</span>" in preview and "AT_RISK" not in preview
    assert f'value="person-0:{ids["near"]}"' in preview and "Possible match" in preview
    items = _all_items(preview)
    response = client.post("/import/preview", data={
        "items": items, "links": [f"person-0:{ids['near']}"]})
    assert response.status_code == 302
    with app.app_context():
        names = db.session.scalars(select(Person.full_name).execution_options(
            parley_unrestricted=True)).all()
        assert len(names) == 17 and names.count("Natalia Sadykova") == 2
        assert "Gulnara Bazhkenova" not in names
        assert db.session.scalar(select(func.count()).select_from(Theme)) == 5
        assert db.session.scalar(select(Case).where(Case.person_id == ids["near"])) is not None


def test_forged_choices_and_missing_upload_change_nothing(app, officer_client, markdown):
    with app.app_context():
        before = row_counts()
    response = officer_client.post("/import/preview", data={"items": ["finding-0"]})
    assert response.status_code == 302 and "/import/" in response.headers["Location"]
    with officer_client.session_transaction() as session:
        session["briefing_import"] = {"token": "../../etc/passwd", "filename": "x"}
    response = officer_client.get("/import/preview", follow_redirects=True)
    assert "no paper waiting" in response.get_data(as_text=True)
    _upload(officer_client, markdown.encode(), "briefing.md")
    response = officer_client.post("/import/preview", data={"items": ["finding-0", "theme-99"],
                                                            "links": ["person-0:1"]})
    assert response.status_code == 200
    assert "could not be read" in response.get_data(as_text=True)
    with app.app_context():
        assert row_counts() == before


def test_viewer_cannot_import(app, viewer_client, markdown):
    with app.app_context():
        before = row_counts()
    assert "not import into it" in viewer_client.get("/import/").get_data(as_text=True)
    response = _upload(viewer_client, markdown.encode(), "briefing.md")
    assert response.status_code == 403
    with app.app_context():
        after = row_counts()
        assert {k: v for k, v in after.items() if k != "audit_events"} == \
            {k: v for k, v in before.items() if k != "audit_events"}


def test_dry_run_json_prints_one_object_and_writes_nothing(app, runner, tmp_path, markdown):
    with app.app_context():
        before = row_counts()
    for rendition, (data, filename) in renditions(markdown).items():
        path = tmp_path / filename
        path.write_bytes(data)
        result = runner.invoke(args=["import-briefing", str(path), "--dry-run", "--json"])
        assert result.exit_code == 0, (rendition, result.output)
        summary = json.loads(result.stdout)
        assert set(summary) == {"title", "publisher", "published_on", "themes", "findings",
                                "recommendations", "persons", "cases"}
        assert set(summary["recommendations"][0]) == {
            "text", "short_title", "addressee", "source_state", "theme", "priority", "recognised"}
        assert_sample(summary)
    with app.app_context():
        assert row_counts() == before


def test_command_line_import_is_idempotent_and_attaches_an_event(app, runner, tmp_path,
                                                                markdown):
    path = tmp_path / "briefing.docx"
    path.write_bytes(docx_bytes(markdown))
    with app.app_context():
        event = DialogueEvent(title="Dialogue 2026")
        db.session.add(event)
        db.session.commit()
        event_id = event.id
    result = runner.invoke(args=["import-briefing", str(path), "--event", str(event_id)])
    assert result.exit_code == 0, result.output
    assert "created 1 sources, 5 themes, 34 findings, 20 recommendations" in result.stdout
    with app.app_context():
        assert imported_counts() == EXPECTED
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
        assert audit.changes["event_id"] == event_id
        before = row_counts()
    result = runner.invoke(args=["import-briefing", str(path), "--json"])
    assert json.loads(result.stdout)["created"] == {}
    with app.app_context():
        after = row_counts()
        assert after.pop("audit_events") == before.pop("audit_events") + 1
        assert after == before
    result = runner.invoke(args=["import-briefing", str(path), "--event", "999"])
    assert result.exit_code != 0 and "No dialogue event with id 999" in result.output


def test_service_save_is_one_flush_in_the_callers_transaction(app_context, markdown):
    plan = plan_import(db.session, parse_paper(markdown.encode(), "briefing.md"))
    save_import(db.session, plan)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Finding)) == 0
    with pytest.raises(ImportRefused):
        parse_paper(markdown.encode(), "briefing.md", limit=100)


def test_cancel_drops_the_pending_paper(app, officer_client, markdown):
    _upload(officer_client, markdown.encode(), "briefing.md")
    response = officer_client.post("/import/cancel", follow_redirects=True)
    assert "Import cancelled; nothing was saved." in response.get_data(as_text=True)
    assert officer_client.get("/import/preview").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Finding)) == 0


def test_page_import_records_the_event(app, officer_client, markdown):
    with app.app_context():
        event = DialogueEvent(title="EU-Kazakhstan dialogue 2026")
        db.session.add(event)
        db.session.commit()
        event_id = event.id
    page = officer_client.get("/import/").get_data(as_text=True)
    assert 'data-lookup-url="/lookup/events"' in page  # chosen by typing, not from a list
    assert "EU-Kazakhstan dialogue 2026" not in page
    _upload(officer_client, markdown.encode(), "briefing.md", event_id=str(event_id))
    preview = officer_client.get("/import/preview").get_data(as_text=True)
    assert "for EU-Kazakhstan dialogue 2026" in preview
    response = officer_client.post("/import/preview", data={"items": _all_items(preview)},
                                   follow_redirects=True)
    assert "Imported to prepare <strong>EU-Kazakhstan dialogue 2026</strong>" in \
        response.get_data(as_text=True)
    with app.app_context():
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
        assert audit.changes["event_id"] == event_id

