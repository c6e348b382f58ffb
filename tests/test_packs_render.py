"""The four renderers print the one structure: HTML for print, PDF, Word, Markdown."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from app.services.packs.issue import pack_filename, render
from app.services.packs.render_html import STATIC_DIR, content_security_policy, render_html
from app.services.packs.render_markdown import render_markdown
from app.services.packs.render_pdf import RefusedFetch, html_to_pdf, static_url_fetcher

pytestmark = pytest.mark.usefixtures("app_context")


def sample_pack(audience: str = "internal") -> dict:
    """A small pack structure, as the builder makes them."""
    rec = {"id": 1, "title": "Release jailed critics", "text": "Free them all.",
           "addressee": "Authorities", "priority": 1, "status": "Not started",
           "talking_point": "We ask for their release.", "never_raised_with_these": True,
           "last_raised": {"date": "1 Feb 2026", "meeting": "Earlier talk", "with": "A. Official",
                           "person_id": 3, "talking_point": "", "response": "For the courts.",
                           "stance": "Opposed", "our_reply": "Courts are not independent."}}
    case = {"id": 1, "person_id": 4, "title": "Jane Journalist", "is_group": False,
            "status": "Detained", "charges": "Art. 274", "summary": "Reporter.", "notes": "",
            "sensitivity": "Normal", "may_be_named": True, "restricted": False,
            "latest_update": {"date": "3 Mar 2026", "text": "Hearing postponed.",
                              "internal": False},
            "latest_public_update": None}
    return {
        "schema": 1, "kind": "meeting", "audience": audience, "marking": "For external use",
        "cover": {"title": "Meeting with the ministry", "event": "Dialogue 2026",
                  "date": "4 Dec 2026", "iso_date": "2026-12-04", "time": "10:00 UTC",
                  "place": "Astana",
                  "format": "In person", "audience": audience.capitalize(),
                  "generated_at": "24 Nov 2026, 10:00 UTC"},
        "asks": [{k: rec[k] for k in ("id", "title", "text", "priority", "status",
                                      "talking_point")}],
        "attendees": [{"person_id": 3, "name": "A. Official", "posts": ["Director, Ministry"],
                       "restricted": False, "sensitivity": "Normal", "notes": "",
                       "past_meetings": [], "earlier_meetings": 0, "stances": [],
                       "open_commitments": []}],
        "themes": [{"theme_id": 1, "name": "Freedom of expression", "description": "",
                    "points": ["We ask for their release."], "positives": ["A good step."],
                    "concerns": ["A worry."], "recommendations": [rec], "cases": [case]}],
        "key_facts": [{"label": "CIVICUS rating", "value": "Repressed, 30/100",
                       "as_of": "1 Dec 2025", "source": "CIVICUS"}],
        "persons_named": [3, 4],
    }


def test_html_is_print_ready():
    html = render_html(sample_pack())
    assert "@page" in html and "size: A4" in html and "counter(pages)" in html
    assert "break-before: page" in html
    assert "<h2>Freedom of expression</h2>" in html
    assert "We ask for their release." in html and "Never raised with these people" in html
    assert "Repressed, 30/100" in html
    assert "<script" not in html and "http://" not in html and "https://" not in html


def test_html_escapes_pack_text():
    pack = sample_pack()
    pack["themes"][0]["points"] = ["<script>alert(1)</script>"]
    assert "<script>alert(1)" not in render_html(pack)


def test_csp_allows_only_the_inline_stylesheet():
    csp = content_security_policy()
    assert "default-src 'none'" in csp and "style-src 'sha256-" in csp
    assert "script-src" not in csp


def test_pdf_renders_pages_with_the_pack_text():
    content = render(sample_pack(), "pdf")
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    assert "Releasejailedcritics" in text and "Page1of" in text
    assert reader.metadata.title == "Meeting with the ministry"


def test_pdf_url_fetcher_refuses_everything_but_static_files(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for you")
    for url in ("http://127.0.0.1:9/x.png", "https://example.org/font.woff",
                secret.as_uri(), "file:///etc/passwd", (STATIC_DIR / ".." / "__init__.py").as_uri(),
                "ftp://example.org/x"):
        with pytest.raises(RefusedFetch):
            static_url_fetcher(url)
    fetched = static_url_fetcher((STATIC_DIR / "parley.css").as_uri())
    body = fetched.get("string") or fetched["file_obj"].read()
    assert b"Parley" in body


def test_pdf_rendering_does_not_fetch_outside(monkeypatch):
    """An HTML pack that somehow names outside resources still renders, fetching nothing."""
    asked = []

    from app.services.packs import render_pdf

    def spy(url, *args, **kwargs):
        asked.append(url)
        return static_url_fetcher(url, *args, **kwargs)

    monkeypatch.setattr(render_pdf, "static_url_fetcher", spy)
    html = ('<html><head><link rel="stylesheet" href="https://evil.example/x.css"></head><body>'
            '<img src="http://evil.example/pixel.png"><img src="parley.css"><p>Text</p>'
            '</body></html>')
    assert html_to_pdf(html).startswith(b"%PDF")
    assert any("evil.example" in url for url in asked)  # asked, and refused without error


def test_docx_uses_word_headings_and_lists():
    document = Document(io.BytesIO(render(sample_pack(), "docx")))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Meeting with the ministry") in styles
    assert ("Heading 1", "Freedom of expression") in styles
    assert ("Heading 2", "Points to make") in styles
    assert ("List Number", "We ask for their release.") in styles
    assert any(style == "List Bullet" for style, _ in styles)
    numbered = [p._p.pPr.numPr.numId.val for p in document.paragraphs
                if p.style.name == "List Number"]
    assert len(numbered) == 2 and numbered[0] != numbered[1]  # each list restarts at 1
    assert document.core_properties.author == "Parley"
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=1)


def test_markdown_has_the_sections():
    text = render_markdown(sample_pack())
    assert text.startswith("**FOR EXTERNAL USE**")
    assert "# Meeting with the ministry" in text
    assert "## The asks" in text and "## Freedom of expression" in text
    assert "1. We ask for their release." in text
    assert "| CIVICUS rating | Repressed, 30/100 | 1 Dec 2025 | CIVICUS |" in text


def test_filename():
    assert pack_filename(sample_pack("external"), "pdf") == \
        "pack-2026-12-04-meeting-with-the-ministry-external.pdf"
