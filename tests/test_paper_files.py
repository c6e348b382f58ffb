"""PDF papers and the bounded cost of reading a file: a PDF's text layer is read with its bold
names and without its page furniture; a scan, a locked or a damaged PDF is refused with a clear
message on the page and on the command line; a paper is read once per upload; a Word file of
120,000 paragraphs gets an answer within 10 seconds and nothing is written."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from app.services.imports.briefing import ImportRefused, ReadingBudget, parse_paper
from app.services.imports.briefing.readers import read_upload
from app.services.pdf import render_pdf
from tests.briefing_renditions import docx_bytes
from tests.paper_fixtures import BRIEFING, paper_bytes
from tests.support.queries import row_counts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _upload(client, data: bytes, name: str):
    return client.post("/import/", data={"paper": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _pending_files(app) -> list:
    from pathlib import Path

    return sorted((Path(app.instance_path) / "imports").glob("*.upload"))


def _scan() -> bytes:
    """A PDF with pictures and no text layer, as a scanner makes."""
    return render_pdf("<html><body><div style='width:12cm;height:16cm;background:#777'></div>"
                      "<div style='page-break-before:always;width:12cm;height:16cm;"
                      "background:#999'></div></body></html>")


def _locked() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(paper_bytes("briefing.pdf"))))
    writer.encrypt("a-password-we-do-not-have")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


#: A PDF whose catalogue points at pages that are not there.
DAMAGED = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
           b"2 0 obj << /Type /Pages /Kids [9 0 R] /Count 1 >> endobj\n"
           b"trailer << /Root 1 0 R /Size 3 >>\n%%EOF\n")

BAD_PDFS = {
    "scan": (_scan, "This PDF has no text layer (a scan?)"),
    "locked": (_locked, "This PDF is protected by a password"),
    "damaged": (lambda: DAMAGED, "This PDF could not be read; it may be damaged"),
    "garbage": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8, "This PDF could not be read"),
}


# --------------------------------------------------------------------------- reading a PDF


def test_a_pdf_keeps_bold_names_and_drops_page_furniture():
    pdf = paper_bytes("briefing.pdf")
    blocks = read_upload(pdf)
    texts = [block.text for block in blocks]
    assert not any("Page 2 of" in text or "a paper for Parley's tests" in text for text in texts)
    anna = next(block for block in blocks if "Anna Veles" in block.text)
    assert anna.bullet == "•" and anna.bold == ["Anna Veles"]
    assert anna.text.startswith("Journalist Anna Veles was sentenced to six years")
    # a bold stretch cut by a page break is joined again
    assert any("protested against the closure of the Lake Ors nature reserve" in span
               for block in blocks for span in block.bold)
    # a heading wrapped over two lines stays one heading
    assert any(block.text == "PERSECUTION OF HUMAN RIGHTS DEFENDERS, JOURNALISTS AND ACTIVISTS"
               and block.heading for block in blocks)
    briefing = parse_paper(pdf, "briefing.pdf")
    assert (briefing.title, len(briefing.themes), len(briefing.recommendations),
            len(briefing.persons), len(briefing.groups)) == (
        BRIEFING.title, BRIEFING.themes, BRIEFING.recommendations, BRIEFING.persons,
        BRIEFING.groups)


@pytest.mark.parametrize("kind", sorted(BAD_PDFS))
def test_a_pdf_that_cannot_be_read_is_refused_on_the_page_and_nothing_changes(
        app, officer_client, kind):
    make, words = BAD_PDFS[kind]
    with app.app_context():
        before = row_counts()
    pending = _pending_files(app)
    response = _upload(officer_client, make(), f"{kind}.pdf")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert words in page and "Nothing has been saved." in page
    with app.app_context():
        assert row_counts() == before
    assert _pending_files(app) == pending


@pytest.mark.parametrize("kind", sorted(BAD_PDFS))
def test_a_pdf_that_cannot_be_read_is_refused_on_the_command_line(app, runner, tmp_path, kind):
    make, words = BAD_PDFS[kind]
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(make())
    with app.app_context():
        before = row_counts()
    result = runner.invoke(args=["import-briefing", str(path)])
    assert result.exit_code == 1
    assert words in result.output and "Traceback" not in result.output
    with app.app_context():
        assert row_counts() == before


def test_a_pdf_past_the_page_cap_or_the_time_limit_is_refused():
    pdf = paper_bytes("briefing.pdf")
    with pytest.raises(ImportRefused, match="more than 2 pages; Parley reads papers of up to 2"):
        parse_paper(pdf, "briefing.pdf", budget=ReadingBudget(pages=2))
    with pytest.raises(ImportRefused, match="Page 1 of this PDF holds more than 100 characters"):
        parse_paper(pdf, "briefing.pdf", budget=ReadingBudget(page_characters=100))
    with pytest.raises(ImportRefused, match="took longer than 0 seconds"):
        parse_paper(pdf, "briefing.pdf", budget=ReadingBudget(seconds=0))


# --------------------------------------------------------------------------- read once


def test_a_paper_is_read_once_per_upload_not_again_on_preview_and_confirm(
        app, officer_client, monkeypatch):
    from app.imports import routes
    from app.services.imports.briefing import readers

    before = _pending_files(app)
    response = _upload(officer_client, paper_bytes("briefing.pdf"), "briefing.pdf")
    assert response.status_code == 302
    stored = sorted(set(_pending_files(app)) - set(before))
    assert len(stored) == 1 and stored[0].read_bytes().startswith(b'{"format": "parley-briefing/')

    def read_again(*args, **kwargs):
        raise AssertionError("the paper was read again")

    for name in ("read_pdf", "read_docx", "read_upload"):
        monkeypatch.setattr(readers, name, read_again)
    monkeypatch.setattr(routes, "parse_paper", read_again)
    preview = officer_client.get("/import/preview").get_data(as_text=True)
    assert f"Preview: {BRIEFING.title}" in preview
    assert f"<strong>{BRIEFING.recommendations}</strong> recommendations" in preview
    items = re.findall(r'name="items" value="([^"]+)"', preview)
    response = officer_client.post("/import/preview", data={"items": items})
    assert response.status_code == 302
    with app.app_context():
        counts = row_counts()
    assert counts["recommendations"] == BRIEFING.recommendations
    assert counts["persons"] == BRIEFING.persons
    assert not stored[0].exists()


def test_a_pending_upload_stored_by_an_older_parley_asks_for_the_paper_again(app,
                                                                             officer_client):
    from app.imports.routes import SESSION_KEY
    from app.services.imports.uploads import UploadStore

    with app.app_context():
        from pathlib import Path

        token = UploadStore(Path(app.instance_path) / "imports").save(b"# Old raw upload\n")
    with officer_client.session_transaction() as session:
        session[SESSION_KEY] = {"token": token, "filename": "old.md", "event_id": None}
    response = officer_client.get("/import/preview", follow_redirects=True)
    assert response.status_code == 200
    assert "There is no paper waiting to be imported" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- big Word files


def _big_docx(paragraphs: int) -> bytes:
    """A Word file of ``paragraphs`` short styled paragraphs (each with a styled run), the
    rest of the package taken from a file python-docx made."""
    template = zipfile.ZipFile(io.BytesIO(docx_bytes("# Heading\n\nA paragraph.\n")))
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:rPr>'
        f'<w:rStyle w:val="Strong"/></w:rPr><w:t>Item {n}</w:t></w:r><w:r>'
        f'<w:t xml:space="preserve"> of the list.</w:t></w:r></w:p>' for n in range(paragraphs))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in template.infolist():
            data = document.encode() if item.filename == "word/document.xml" else \
                template.read(item.filename)
            archive.writestr(item.filename, data)
    return buffer.getvalue()


def test_a_word_file_of_120000_paragraphs_is_answered_within_10_seconds_and_nothing_is_written(
        app, officer_client, runner, tmp_path):
    data = _big_docx(120_000)
    assert len(data) < 2 * 1024 * 1024   # under the import limit: the reader itself must cope
    with app.app_context():
        before = row_counts()
    pending = _pending_files(app)
    started = time.monotonic()
    response = _upload(officer_client, data, "huge.docx")
    elapsed = time.monotonic() - started
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This paper has more than 10,000 paragraphs" in page
    assert "Nothing has been saved." in page
    assert elapsed < 10, f"took {elapsed:.1f} s"
    with app.app_context():
        assert row_counts() == before
    assert _pending_files(app) == pending
    path = tmp_path / "huge.docx"
    path.write_bytes(data)
    started = time.monotonic()
    result = runner.invoke(args=["import-briefing", str(path), "--dry-run"])
    assert result.exit_code == 1 and "more than 10,000 paragraphs" in result.output
    assert time.monotonic() - started < 10


def test_a_word_file_under_the_caps_is_read_with_its_styles():
    blocks = read_upload(_big_docx(3))
    assert [(b.text, b.bullet, b.bold) for b in blocks] == [
        (f"Item {n} of the list.", "•", [f"Item {n}"]) for n in range(3)]
    with pytest.raises(ImportRefused, match="more than 5 runs"):
        read_upload(_big_docx(3), ReadingBudget(runs=5))
