"""The pack page: shape, preview and issue a pack; issued packs are kept and downloadable."""

from __future__ import annotations

import io

import pytest
from docx import Document
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Case, DialogueEvent, Meeting, Pack, Recommendation
from tests.support.packs import candidate_ids, form_for


@pytest.fixture()
def gov(app, demo):
    """Id of the demo meeting with the government delegation."""
    with app.app_context():
        return db.session.scalar(select(Meeting.id).where(
            Meeting.title.startswith("Government delegation")))




def test_pack_page_shows_the_meeting_and_the_default_selection(officer_client, gov):
    page = officer_client.get(f"/meetings/{gov}/pack").get_data(as_text=True)
    assert "Government delegation: MFA deputy minister and Prosecutor General" in page
    assert "Astana, Ministry of Foreign Affairs" in page
    assert "Release jailed critics" in page and "Not yet raised with them" in page
    assert "An ask for these people" in page
    assert 'name="theme-' in page and 'type="number"' in page and "<textarea" in page
    assert 'name="annex-background"' in page and 'name="annex-cases" checked' in page
    assert 'name="finding-' in page
    assert "A brief for the meeting ahead" in page and "Across the table: the authorities" in page
    # the audience, format and buttons sit in the bar at the top, before the choices
    assert page.index('class="pack-options pack-bar"') < page.index('id="pick-recs"')
    assert "Preview (HTML)" in page and "Issue pack" in page and 'data-busy="Issuing' in page
    assert "No pack issued yet" in page


def test_pack_page_of_a_held_meeting_says_it_is_the_record(officer_client, app, demo):
    with app.app_context():
        held = db.session.scalar(select(Meeting.id).where(
            Meeting.title.startswith("Kazakh government delegation")))
    page = officer_client.get(f"/meetings/{held}/pack").get_data(as_text=True)
    assert "This meeting was held" in page and "A brief for the meeting ahead" not in page
    candidates = candidate_ids(app, held)
    preview = officer_client.post(f"/meetings/{held}/pack", data=form_for(
        candidates, preview="Preview (HTML)")).get_data(as_text=True)
    assert "<h2>What was raised</h2>" in preview and "<h2>Commitments made</h2>" in preview


def test_preview_is_the_html_pack_with_its_own_csp(officer_client, app, gov):
    candidates = candidate_ids(app, gov)
    rec = candidates["recommendations"][0]
    response = officer_client.post(f"/meetings/{gov}/pack", data=form_for(
        candidates, preview="Preview (HTML)", audience="external",
        **{f"rec-{rec['id']}-point": "Our edited talking point."}))
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    html = response.get_data(as_text=True)
    assert "Our edited talking point." in html and "For external use" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Pack)) == 0


def test_issue_keeps_the_pack_lists_it_and_audits_it(officer_client, app, gov):
    candidates = candidate_ids(app, gov)
    dropped = candidates["recommendations"][1]
    data = form_for(candidates, issue="Issue pack", audience="external", format="docx")
    data.pop(f"rec-{dropped['id']}")
    response = officer_client.post(f"/meetings/{gov}/pack", data=data)
    assert response.status_code == 302
    page = officer_client.get(response.location).get_data(as_text=True)
    assert "Pack issued" in page and "Olga Officer" in page and "External" in page
    with app.app_context():
        pack = db.session.scalars(select(Pack)).one()
        assert pack.meeting_id == gov and pack.format.value == "docx"
        assert pack.issued_by.name == "Olga Officer"
        assert pack.snapshot["audience"] == "external"
        assert {p.full_name for p in pack.persons_named} >= {"Nurlan Zhaksygeldin"}
        audit = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "pack_issued")).one()
        assert audit.entity_id == pack.id and audit.user_id is not None
        pack_id = pack.id
    assert f"/packs/{pack_id}/download" in page
    # back on the page, the file just issued is the one downloaded at once (and only it)
    assert response.location.endswith(f"?issued={pack_id}#issued")
    assert f'href="/packs/{pack_id}/download" data-download-now' in page
    later = officer_client.get(f"/meetings/{gov}/pack?issued=999999").get_data(as_text=True)
    assert "data-download-now" not in later
    document = Document(io.BytesIO(officer_client.get(f"/packs/{pack_id}/download").data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert dropped["title"] not in text


def test_download_is_exactly_as_issued_even_after_changes(officer_client, app, gov):
    candidates = candidate_ids(app, gov)
    officer_client.post(f"/meetings/{gov}/pack",
                        data=form_for(candidates, issue="Issue pack", format="md"))
    with app.app_context():
        pack = db.session.scalars(select(Pack)).one()
        issued_bytes, pack_id = pack.content, pack.id
        rec = db.session.scalars(select(Recommendation).where(
            Recommendation.short_title == "Release jailed critics")).one()
        rec.text = "A completely different text"
        db.session.get(Meeting, gov).title = "Renamed meeting"
        db.session.commit()
    response = officer_client.get(f"/packs/{pack_id}/download")
    assert response.status_code == 200
    assert response.data == issued_bytes
    assert b"A completely different text" not in response.data
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Content-Type"].startswith("text/markdown")


def test_bad_position_is_refused_on_the_page_with_values_kept(officer_client, app, gov):
    candidates = candidate_ids(app, gov)
    theme = candidates["themes"][0]
    rec = candidates["recommendations"][0]
    response = officer_client.post(f"/meetings/{gov}/pack", data=form_for(
        candidates, issue="Issue pack", **{f"theme-{theme['id']}-position": "first",
                                           f"rec-{rec['id']}-point": "Kept wording"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Position must be a whole number" in page and "Kept wording" in page
    assert 'value="first"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Pack)) == 0


def test_viewer_may_read_the_page_but_not_issue(viewer_client, gov):
    assert viewer_client.get(f"/meetings/{gov}/pack").status_code == 200
    response = viewer_client.post(f"/meetings/{gov}/pack",
                                  data={"audience": "internal", "format": "pdf", "issue": "1"})
    assert response.status_code == 403


def test_pack_naming_a_person_above_clearance_cannot_be_downloaded(
        officer_client, viewer, client, app, gov):
    candidates = candidate_ids(app, gov)
    officer_client.post(f"/meetings/{gov}/pack",
                        data=form_for(candidates, issue="Issue pack", format="html"))
    with app.app_context():
        pack_id = db.session.scalars(select(Pack.id)).one()
        restricted = db.session.scalars(select(Case.title).where(
            Case.sensitivity != "normal")).all()
    officer_client.post("/logout")
    from tests.support.signing_in import login

    login(client, viewer.email)
    page = client.get(f"/meetings/{gov}/pack").get_data(as_text=True)
    assert f"/packs/{pack_id}/download" not in page  # left out, not shown as a placeholder
    assert "No pack issued yet" in page
    assert not any(title in page for title in restricted)
    assert client.get(f"/packs/{pack_id}/download").status_code == 404


def test_unknown_meeting_or_pack_is_404(officer_client):
    assert officer_client.get("/meetings/999/pack").status_code == 404
    assert officer_client.get("/packs/999/download").status_code == 404
    assert officer_client.get("/events/999/brief").status_code == 404


def test_event_brief_page_previews_and_issues(officer_client, app, demo):
    with app.app_context():
        event_id = db.session.scalar(select(DialogueEvent.id).where(
            DialogueEvent.title == "EU-Kazakhstan Human Rights Dialogue 2026"))
    page = officer_client.get(f"/events/{event_id}/brief").get_data(as_text=True)
    assert "EU-Kazakhstan Human Rights Dialogue 2026" in page and "Event brief" in page
    preview = officer_client.post(f"/events/{event_id}/brief",
                                  data={"audience": "internal", "format": "pdf", "preview": "1"})
    assert "Government delegation" in preview.get_data(as_text=True)
    for fmt in ("html", "pdf", "docx", "md"):
        response = officer_client.post(f"/events/{event_id}/brief",
                                       data={"audience": "external", "format": fmt, "issue": "1"})
        assert response.status_code == 302
    page = officer_client.get(f"/events/{event_id}/brief").get_data(as_text=True)
    assert page.count("/download") == 4
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Pack).where(
            Pack.event_id == event_id)) == 4


@pytest.mark.parametrize("audience", ["internal", "external"])
def test_all_four_formats_issue_from_the_page(officer_client, app, gov, audience):
    candidates = candidate_ids(app, gov)
    signatures = {"html": b"<!doctype html>", "pdf": b"%PDF", "docx": b"PK", "md": b"**"}
    for fmt in signatures:
        officer_client.post(f"/meetings/{gov}/pack", data=form_for(
            candidates, issue="Issue pack", format=fmt, audience=audience))
    with app.app_context():
        packs = db.session.scalars(select(Pack).order_by(Pack.id)).all()
        assert [p.format.value for p in packs] == list(signatures)
        for pack in packs:
            assert pack.content.startswith(signatures[pack.format.value])
            assert pack.audience.value == audience
