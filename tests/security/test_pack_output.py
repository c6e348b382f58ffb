"""Pentest findings on issued packs: raw HTML in Markdown packs, a doubled charset on downloads."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, Pack, Recommendation
from tests.support.packs import candidate_ids, form_for

PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture()
def gov(app, demo):
    """Id of the demo meeting with the government delegation."""
    with app.app_context():
        return db.session.scalar(select(Meeting.id).where(
            Meeting.title.startswith("Government delegation")))


def _issue(client, app, meeting_id: int, fmt: str, audience: str = "internal") -> Pack:
    candidates = candidate_ids(app, meeting_id)
    response = client.post(f"/meetings/{meeting_id}/pack", data=form_for(
        candidates, issue="Issue pack", audience=audience, format=fmt))
    assert response.status_code == 302
    with app.app_context():
        return db.session.scalars(select(Pack).order_by(Pack.id.desc())).first()


def test_markdown_pack_escapes_html_in_every_text(app, officer_client, gov):
    with app.app_context():
        meeting = db.session.get(Meeting, gov)
        meeting.title = f"Delegation {PAYLOAD} & co"
        meeting.purpose = f"Purpose <script>alert(2)</script>\n> {PAYLOAD}"
        meeting.notes = f"Notes {PAYLOAD}"
        rec = db.session.scalars(select(Recommendation).order_by(Recommendation.id)).first()
        rec.short_title = f"Rec {PAYLOAD}"
        db.session.commit()
    for audience in ("internal", "external"):
        pack = _issue(officer_client, app, gov, "md", audience)
        text = officer_client.get(f"/packs/{pack.id}/download").get_data(as_text=True)
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
        assert "<img" not in text and "<script" not in text
        assert "<" not in text  # no raw HTML of any kind survives into the file
        # rendered by a CommonMark viewer, the payload is text, not an element
        html = MarkdownIt("commonmark").render(text)
        assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "Delegation &lt;img src=x onerror=alert(1)&gt; &amp; co" in html


def test_markdown_pack_makes_no_links_from_data(app, officer_client, gov):
    with app.app_context():
        meeting = db.session.get(Meeting, gov)
        meeting.title = "Delegation [click](javascript:alert(1)) ![x](http://evil.example/x)"
        db.session.commit()
    pack = _issue(officer_client, app, gov, "md", "internal")
    text = officer_client.get(f"/packs/{pack.id}/download").get_data(as_text=True)
    html = MarkdownIt("commonmark").render(text)
    assert "<a " not in html and "<img" not in html and "javascript:" in html
    assert "[click](javascript:alert(1))" in html  # shown as text


FORMATS = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8",
           "pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_pack_download_says_charset_once(app, officer_client, gov, fmt):
    pack = _issue(officer_client, app, gov, fmt)
    response = officer_client.get(f"/packs/{pack.id}/download")
    assert response.status_code == 200
    content_type = response.headers["Content-Type"]
    assert content_type == FORMATS[fmt]
    assert content_type.count("charset") <= 1
