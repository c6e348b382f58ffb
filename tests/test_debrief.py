"""The debrief of a dialogue event: page, Markdown and PDF, through the visibility rule."""

from __future__ import annotations

import io
import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Case, DialogueEvent, Raising, Sensitivity
from app.services.pdf import BlockedFetch, render_pdf, static_only_fetcher, static_url
from tests.demo_users import AMINA, VERA, sign_in_demo


def _event_2026(app) -> int:
    with app.app_context():
        return db.session.scalar(select(DialogueEvent.id).where(
            DialogueEvent.title.contains("2026")))


def _section(html: str, heading_id: str) -> str:
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}">(.*?)</section>', html, re.DOTALL)
    assert match, heading_id
    return match.group(1)


def test_debrief_page_shows_raised_with_whom_answers_commitments_and_what_is_open(
        app, client, demo):
    sign_in_demo(app, client, AMINA)
    event_id = _event_2026(app)
    response = client.get(f"/debrief/event/{event_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Debrief: EU-Kazakhstan Human Rights Dialogue 2026" in html
    assert "Internal document." in html
    raised = _section(html, "raised")
    assert "Release jailed critics" in raised and "Pieter Vanderschoot" in raised
    assert "Release will be a headline ask; the EU plans to hand over a case list." in raised
    assert "Supportive" in raised and "Non-committal" in raised
    assert "Not held yet." in _section(html, "meetings")  # the planned government meeting
    ours = _section(html, "our-commitments")
    assert str(escape("Send the attaché our legal analysis of the LGBTIQ+ 'propaganda' law")) \
        in ours and "Done" in ours
    theirs = _section(html, "their-commitments")
    assert "Katrin Vollmer-Hesse" in theirs and "Pending" in theirs
    still_open = _section(html, "still-open")
    assert "Send the EEAS desk a one-page update" in still_open
    assert "Send the attaché our legal analysis" not in still_open  # done
    assert still_open.index("Send the EEAS desk") < still_open.index("Confirm whether the EU")
    # the 2025 meetings are not part of this event's debrief
    assert "Kazakh government delegation on the margins of the 2025 dialogue" not in html


def test_restricted_cases_stay_out_of_a_viewers_debrief(app, client, demo):
    sign_in_demo(app, client, VERA)
    event_id = _event_2026(app)
    with app.app_context():
        hidden = db.session.scalars(select(Case.title).join(Raising, Raising.case_id == Case.id)
                                    .where(Case.sensitivity != Sensitivity.NORMAL)).all()
    assert hidden
    html = client.get(f"/debrief/event/{event_id}").get_data(as_text=True)
    markdown = client.get(f"/debrief/event/{event_id}.md").get_data(as_text=True)
    for title in hidden:
        assert str(escape(title)) not in html and title not in markdown


def test_markdown_export_is_audited_and_complete(app, client, demo):
    user = sign_in_demo(app, client, AMINA)
    event_id = _event_2026(app)
    response = client.get(f"/debrief/event/{event_id}.md")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("# Debrief: EU-Kazakhstan Human Rights Dialogue 2026")
    assert "## What was raised with whom, and how they answered" in text
    assert "- **Release jailed critics**, with Pieter Vanderschoot (supportive)" in text
    assert "## Their commitments" in text and "**Pending**" in text
    assert "## Still open" in text and "(overdue)" in text
    assert "<" not in text.replace("<-", "")  # plain Markdown, no HTML
    with app.app_context():
        audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
        assert [(a.user_id, a.entity_id, a.changes["format"]) for a in audit] == [
            (user.id, event_id, "md")]


def test_pdf_export_renders_the_debrief(app, client, demo):
    from pypdf import PdfReader

    sign_in_demo(app, client, AMINA)
    event_id = _event_2026(app)
    response = client.get(f"/debrief/event/{event_id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    text = " ".join(text.split())
    assert "Debrief: EU-Kazakhstan Human Rights Dialogue 2026" in text
    assert "Still open" in text and "Katrin Vollmer-Hesse" in text
    assert "Internal" in text


def test_pdf_fetcher_allows_only_parleys_static_files(tmp_path):
    assert static_only_fetcher(static_url("parley.css"))["string"].startswith(b"/*")
    outside = tmp_path / "secret.css"
    outside.write_text("body{}")
    for url in ("https://example.org/x.css", "http://127.0.0.1/x.png", outside.as_uri(),
                "file:///etc/passwd", static_url("../__init__.py"), "data:text/css,body{}"):
        with pytest.raises(BlockedFetch):
            static_only_fetcher(url)


def test_pdf_rendering_never_fetches_from_outside(monkeypatch):
    outcomes = []

    def spy(url, *args, **kwargs):
        try:
            result = static_only_fetcher(url, *args, **kwargs)
        except BlockedFetch:
            outcomes.append((url, "refused"))
            raise
        outcomes.append((url, "served"))
        return result

    monkeypatch.setattr("app.services.pdf.static_only_fetcher", spy)
    pdf = render_pdf(f'<html><head><link rel="stylesheet" href="{static_url("parley.css")}">'
                     '<link rel="stylesheet" href="https://example.org/x.css"></head><body>'
                     '<img src="http://127.0.0.1:9/track.png"><p>Hello</p></body></html>')
    assert pdf.startswith(b"%PDF")
    assert ("https://example.org/x.css", "refused") in outcomes
    assert ("http://127.0.0.1:9/track.png", "refused") in outcomes
    assert [url for url, how in outcomes if how == "served"] == [static_url("parley.css")]


def test_unknown_event_is_404(app, officer_client):
    assert officer_client.get("/debrief/event/99999").status_code == 404
    assert officer_client.get("/debrief/event/99999.pdf").status_code == 404


def test_debrief_index_lists_events(app, client, demo):
    sign_in_demo(app, client, AMINA)
    html = client.get("/debrief/").get_data(as_text=True)
    assert "EU-Kazakhstan Human Rights Dialogue 2026" in html
    assert "EU-Kazakhstan Human Rights Dialogue 2025" in html


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_busy_debrief_shows_the_first_rows_of_each_part_with_totals_counted_in_sql(
        app, officer_client, officer):
    """Every part is cut to its first rows with its total and a link to the paged full list;
    the "in short" figures are counted over every row, not the rows shown."""
    from tests.section_world import World, fill

    world = fill(app, World(), 13, officer.id)
    event_id = world.ids["event"]
    html = officer_client.get(f"/debrief/event/{event_id}").get_data(as_text=True)
    assert ("In short 13 meetings; 13 points raised (7 supportive, 6 opposed); 13 commitments "
            "of ours and 13 of theirs; 26 still open.") in _text(html)
    still_open = _section(html, "still-open")
    assert '<span class="count">26</span>' in still_open
    assert f'href="/debrief/{event_id}/all/still-open"' in still_open and "All 26" in still_open
    shown = re.findall(r"(We|They)Promise(\d{3})", still_open)
    assert len(shown) == 10 and {int(n) for _, n in shown} == set(range(5))  # earliest due
    full = officer_client.get(f"/debrief/{event_id}/all/still-open?page=1")
    assert full.status_code == 200
    full_html = full.get_data(as_text=True)
    assert len(re.findall(r"(?:We|They)Promise\d{3}", full_html)) == 26
    assert f'href="/debrief/event/{event_id}#still-open"' in full_html


def test_hidden_raisings_and_commitments_are_neither_shown_nor_counted(app, viewer_client):
    from datetime import UTC, datetime

    from app.models import Direction, FollowUp, Meeting, Person, Recommendation, Stance
    from tests.factories import add

    event = DialogueEvent(title="Mixed dialogue")
    official = Person(full_name="Open Official")
    secret = Person(full_name="Secret Witness", sensitivity=Sensitivity.AT_RISK)
    hidden_case = Case(title="Hidden case", sensitivity=Sensitivity.CONFIDENTIAL)
    rec = Recommendation(text="Open ask", addressee="Authorities")
    add(app, event, official, secret, hidden_case, rec)
    with app.app_context():
        meeting = Meeting(title="Talk", starts_at=datetime(2025, 1, 1, tzinfo=UTC),
                          event_id=event.id)
        db.session.add(meeting)
        db.session.flush()
        db.session.add_all([
            Raising(meeting_id=meeting.id, person_id=official.id, recommendation_id=rec.id,
                    response="Reply000", stance=Stance.SUPPORTIVE),
            Raising(meeting_id=meeting.id, person_id=official.id, case_id=hidden_case.id,
                    response="Covert000", stance=Stance.OPPOSED),
            Raising(meeting_id=meeting.id, person_id=secret.id, recommendation_id=rec.id,
                    response="Whisper000", stance=Stance.OPPOSED),
            FollowUp(meeting_id=meeting.id, direction=Direction.THEIRS,
                     owner_person_id=secret.id, description="Quiet000"),
            FollowUp(meeting_id=meeting.id, direction=Direction.THEIRS,
                     owner_person_id=official.id, description="Promise000")])
        db.session.commit()
    pages = [viewer_client.get(f"/debrief/event/{event.id}").get_data(as_text=True)]
    assert ("1 point raised (1 supportive); 0 commitments of ours and 1 of theirs; "
            "1 still open.") in _text(pages[0])
    for name in ("raised", "their-commitments", "still-open", "meetings"):
        pages.append(viewer_client.get(f"/debrief/{event.id}/all/{name}").get_data(as_text=True))
    for page in pages:
        for secret_text in ("Covert", "Quiet", "Whisper", "Secret Witness", "Hidden case"):
            assert secret_text not in page, secret_text
