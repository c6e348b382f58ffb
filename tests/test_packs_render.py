"""One outline, four printers: HTML for print, PDF, Word and Markdown say the same, in the
same order; no sentence twice; Word headings never skip a level; the PDF is tagged."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from itertools import pairwise

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting
from app.services.packs.build import build_meeting_pack
from app.services.packs.issue import pack_filename, render
from app.services.packs.outline import outline
from app.services.packs.render_html import STATIC_DIR, content_security_policy, render_html
from app.services.packs.render_markdown import render_markdown
from app.services.pdf import BlockedFetch, html_to_pdf, static_only_fetcher
from tests.pack_text import (
    docx_words,
    html_words,
    markdown_words,
    outline_words,
    pdf_pages,
    sentences,
    words,
)

pytestmark = pytest.mark.usefixtures("app_context")


def sample_pack(audience: str = "internal") -> dict:
    """A small pack structure, as the builder makes them."""
    raised = {"date": "1 Feb 2026", "meeting": "Earlier talk", "with": "A. Official",
              "person_id": 3, "talking_point": "", "response": "For the courts.",
              "stance": "Opposed", "our_reply": "Courts are not independent."}
    rec = {"id": 1, "title": "Release jailed critics", "text": "Free them all.",
           "addressee": "Authorities", "priority": 1, "status": "Not started",
           "never_raised": True, "last_raised": raised}
    case = {"id": 1, "person_id": 4, "title": "Jane Journalist", "is_group": False,
            "status": "Detained", "charges": "Art. 274", "summary": "Reporter.", "notes": "",
            "sensitivity": "Normal", "may_be_named": True, "restricted": False,
            "latest_update": {"date": "3 Mar 2026", "text": "Hearing postponed.",
                              "internal": False},
            "latest_public_update": None, "last_raised": None}
    return {
        "schema": 2, "kind": "meeting", "mode": "brief", "audience": audience,
        "marking": "For external use",
        "cover": {"title": "Meeting with the ministry", "event": "Dialogue 2026",
                  "date": "4 Dec 2026", "iso_date": "2026-12-04", "time": "10:00 UTC",
                  "place": "Astana", "format": "In person", "audience": audience.capitalize(),
                  "generated_at": "24 Nov 2026, 10:00 UTC"},
        "objective": "A date for the release of the jailed critics.",
        "asks": {"ask": [{"id": 1, "title": "Release jailed critics",
                          "point": "We ask for their release.", "addressee": "Authorities",
                          "status": "Not started", "never_raised": True}],
                 "raise": [], "counterpart": "the authorities"},
        "across": [{"person_id": 3, "name": "A. Official", "post": "Director, Ministry",
                    "restricted": False, "sensitivity": "Normal", "notes": "",
                    "last_met": None, "times_met": 0, "stance": "", "promises": []}],
        "changes": {"since": "", "items": []},
        "responses": [],
        "annexes": {
            "background": [{"theme": "Freedom of expression", "concerns": ["A worry."],
                            "positives": ["A good step."]}],
            "recommendations": [rec], "cases": [case], "follow_ups": [],
            "key_facts": [{"label": "CIVICUS rating", "value": "Repressed, 30/100",
                           "as_of": "1 Dec 2025", "source": "CIVICUS"}],
        },
        "persons_named": [3, 4],
    }


@pytest.fixture()
def demo_pack(demo, app_context):
    """The demo's government-delegation pack with the default selection, internal."""
    gov = db.session.scalar(select(Meeting.id).where(
        Meeting.title.startswith("Government delegation")))
    return build_meeting_pack(db.session, gov, "internal", issued_by="Amina Rahimova")


def test_html_is_print_ready():
    html = render_html(sample_pack())
    assert "@page" in html and "size: A4" in html and "counter(pages)" in html
    assert ".annexes { break-before: page; }" in html and "tr { break-inside: avoid; }" in html
    assert "<h2>Annex A. Background</h2>" in html and "<h3>Freedom of expression</h3>" in html
    assert "We ask for their release." in html and "Not yet raised with them" in html
    assert "Repressed, 30/100" in html
    assert "<script" not in html and "http://" not in html and "https://" not in html


def test_html_escapes_pack_text():
    pack = sample_pack()
    pack["asks"]["ask"][0]["point"] = "<script>alert(1)</script>"
    html = render_html(pack)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_csp_allows_only_the_inline_stylesheet():
    csp = content_security_policy()
    assert "default-src 'none'" in csp and "style-src 'sha256-" in csp
    assert "script-src" not in csp


def test_the_four_formats_print_the_same_outline(demo_pack):
    expected = outline_words(demo_pack)
    assert len(expected) > 500
    assert html_words(render(demo_pack, "html").decode()) == expected
    assert markdown_words(render(demo_pack, "md").decode()) == expected
    assert docx_words(render(demo_pack, "docx")) == list(expected)
    pages = pdf_pages(render(demo_pack, "pdf"))
    pdf = words(" ".join(pages))
    # the PDF adds its running header and footer to each page, and lays table cells out side
    # by side: the same words, and the headings in the same order
    header = set(words(demo_pack["marking"] + " " + demo_pack["cover"]["title"]
                       + " page of 1 2 3 4 5 6"))
    assert Counter(w for w in pdf if w not in header) == \
        Counter(w for w in expected if w not in header)
    headings = [b.text for b in outline(demo_pack) if b.kind == "heading"]
    flat = " ".join(" ".join(page.split()) for page in pages)
    positions = [flat.find(h) for h in headings]
    assert -1 not in positions and positions == sorted(positions)


def test_no_sentence_is_said_twice(demo_pack):
    from tests.support.packs import everything_offered

    gov = db.session.scalar(select(Meeting.id).where(
        Meeting.title.startswith("Government delegation")))
    full = build_meeting_pack(db.session, gov, "internal", choices={
        **everything_offered(gov), "annexes": ["background", "recommendations", "cases",
                                               "follow_ups", "key_facts"]})
    for pack in (demo_pack, full):
        said = Counter(sentences(outline(pack)))
        assert said and [s for s, n in said.items() if n > 1] == []


def test_pdf_is_tagged_with_marking_and_page_numbers_on_every_page(demo_pack):
    content = render(demo_pack, "pdf")
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    pages = pdf_pages(content)
    assert 2 <= len(pages) <= 4
    for n, page in enumerate(pages, start=1):
        flat = " ".join(page.split())
        assert f"Page {n} of {len(pages)}" in flat
        # the marking on every page (the running header may wrap it over two lines)
        assert set(words(demo_pack["marking"])) <= set(words(flat))
    # the core fits the first two pages: the annexes start on a page of their own
    assert "Annex A." in pages[2] and not any("Annex A." in p for p in pages[:2])
    assert reader.metadata.title == demo_pack["cover"]["title"]


def test_pdf_table_rows_never_split(demo_pack):
    pack = dict(demo_pack)
    facts = [{"label": f"Fact number {n}", "value": f"Value {n} " + "long text " * 30,
              "as_of": "1 Jan 2026", "source": f"Source {n}"} for n in range(40)]
    pack["annexes"] = {**pack["annexes"], "key_facts": facts}
    pages = pdf_pages(render(pack, "pdf"))
    for n in range(40):
        where = {i for i, page in enumerate(pages)
                 for token in (f"Fact number {n} ", f"Source {n}\n", f"Value {n} ")
                 if token in page + "\n"}
        assert len(where) == 1, f"row {n} split across pages {where}"


def test_pdf_url_fetcher_refuses_everything_but_static_files(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for you")
    for url in ("http://127.0.0.1:9/x.png", "https://example.org/font.woff",
                secret.as_uri(), "file:///etc/passwd", (STATIC_DIR / ".." / "__init__.py").as_uri(),
                "ftp://example.org/x"):
        with pytest.raises(BlockedFetch):
            static_only_fetcher(url)
    fetched = static_only_fetcher((STATIC_DIR / "parley.css").as_uri())
    assert b"Parley" in fetched["string"]


def test_pdf_rendering_does_not_fetch_outside(monkeypatch):
    """An HTML pack that somehow names outside resources still renders, fetching nothing."""
    asked = []

    from app.services import pdf

    def spy(url, *args, **kwargs):
        asked.append(url)
        return static_only_fetcher(url, *args, **kwargs)

    monkeypatch.setattr(pdf, "static_only_fetcher", spy)
    html = ('<html><head><link rel="stylesheet" href="https://evil.example/x.css"></head><body>'
            '<img src="http://evil.example/pixel.png"><img src="parley.css"><p>Text</p>'
            '</body></html>')
    assert html_to_pdf(html).startswith(b"%PDF")
    assert any("evil.example" in url for url in asked)  # asked, and refused without error


def test_docx_headings_never_skip_a_level_and_lists_restart(demo_pack):
    content = render(demo_pack, "docx")
    document = Document(io.BytesIO(content))
    levels = [int(p.style.name.split()[-1]) for p in document.paragraphs
              if p.style.name.startswith("Heading")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in pairwise(levels)), levels
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 1", demo_pack["cover"]["title"]) in styles
    assert ("Heading 2", "The asks") in styles
    assert any(style == "List Number" for style, _ in styles)
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=1)


def test_docx_metadata_names_parley_and_its_version_only(demo_pack):
    content = render(demo_pack, "docx")
    props = Document(io.BytesIO(content)).core_properties
    assert props.author == "Parley" and props.last_modified_by == "Parley"
    assert not (props.comments or props.keywords or props.category or props.subject)
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        app_xml = docx.read("docProps/app.xml").decode()
        everything = " ".join(docx.read(n).decode("utf-8", "replace") for n in docx.namelist()
                              if n.endswith(".xml"))
    assert re.search(r"<Application>Parley \d+\.\d+", app_xml)
    assert "Microsoft" not in app_xml and "Macintosh" not in everything
    assert "Amina Rahimova" not in app_xml


def test_markdown_has_the_parts():
    text = render_markdown(sample_pack())
    assert text.startswith("**For external use**")
    assert "# Meeting with the ministry" in text
    assert "## The asks" in text and "## Annex A. Background" in text
    assert "1. **Release jailed critics.** We ask for their release. _Not yet raised with them_" \
        in text
    assert "| CIVICUS rating | Repressed, 30/100 | 1 Dec 2025 | CIVICUS |" in text


def test_filename():
    assert pack_filename(sample_pack("external"), "pdf") == \
        "pack-2026-12-04-meeting-with-the-ministry-external.pdf"
