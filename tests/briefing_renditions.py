"""Renditions of a Markdown briefing for the import tests: pasted plain text, text copied
from a PDF (page numbers, running headers, lines wrapped at a column) and Word files (with
heading styles, or with headings that are only bold).

They are derived from the Markdown paper at test time, so no sentence of a paper is copied into
the code.
"""

from __future__ import annotations

import io
import re
import textwrap

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def plain_text(markdown: str, bullet: str = "• ", wrap: int | None = None) -> str:
    """The paper as if pasted from a PDF: no #, no bold, list markers replaced by ``bullet``."""
    out = []
    for line in markdown.splitlines():
        if line.strip() == "---":
            continue
        line = re.sub(r"^#+\s*", "", line).replace("**", "")
        line = _LINK.sub(r"\1", line)
        if line.startswith("- "):
            line = bullet + line[2:]
        if wrap and len(line) > wrap:
            line = "\n".join(textwrap.wrap(line, wrap, subsequent_indent="  " if bullet else ""))
        out.append(line)
    return "\n".join(out)


def _add_runs(paragraph, text: str) -> None:
    text = _LINK.sub(r"\1", text)
    for index, part in enumerate(_BOLD.split(text)):
        if part:
            run = paragraph.add_run(part)
            run.bold = index % 2 == 1 or None


def pdf_text(markdown: str, lines_per_page: int = 28, width: int = 90) -> str:
    """The paper as ``pdftotext`` gives it: lines wrapped at a column (words hyphenated there
    broken after the hyphen), bullet glyphs alone on their line, and on every page a running
    header above and "Page N" below, wherever the page happens to break."""
    lines: list[str] = []
    for line in plain_text(markdown, "• ").splitlines():
        bullet = line.startswith("• ")
        if bullet:
            lines.append("•")
            line = line[2:]
        lines.extend(textwrap.wrap(line, width) or [""])
    pages = [lines[n:n + lines_per_page] for n in range(0, len(lines), lines_per_page)]
    out: list[str] = []
    for number, page in enumerate(pages, start=1):
        out += ["Valdoria briefing | a paper for Parley's tests", "", *page, "",
                f"Page {number}", ""]
    return "\n".join(out)


def docx_bytes(markdown: str, bold_headings: bool = False) -> bytes:
    """The paper as a Word file: heading styles for headings (or, with ``bold_headings``, plain
    paragraphs in bold), List Bullet items, bold runs."""
    import docx

    document = docx.Document()
    for line in markdown.splitlines():
        if not line.strip() or line.strip() == "---":
            continue
        heading = re.match(r"^(#+)\s*(.*)$", line)
        if heading and bold_headings:
            document.add_paragraph().add_run(heading.group(2).replace("**", "")).bold = True
        elif heading:
            level = len(heading.group(1)) - 1
            document.add_heading(heading.group(2).replace("**", ""), level=max(level, 1))
        elif line.startswith("- "):
            _add_runs(document.add_paragraph(style="List Bullet"), line[2:])
        else:
            _add_runs(document.add_paragraph(), line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _html_inline(text: str) -> str:
    from html import escape

    text = escape(_LINK.sub(r"\1", text), quote=False)
    return _BOLD.sub(r"<strong>\1</strong>", text)


def briefing_html(markdown: str) -> str:
    """The paper as a printed briefing: headings, bulleted lists (a "+" stays text), bold names,
    and on every page a running header and "Page N of M" in the margins."""
    body: list[str] = []
    in_list = False
    for line in markdown.splitlines():
        item = line.startswith("- ")
        if in_list and not item:
            body.append("</ul>")
            in_list = False
        heading = re.match(r"^(#+)\s*(.*)$", line)
        if not line.strip() or line.strip() == "---":
            continue
        if heading:
            level = min(len(heading.group(1)), 6)
            body.append(f"<h{level}>{_html_inline(heading.group(2))}</h{level}>")
        elif item:
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{_html_inline(line[2:])}</li>")
        else:
            body.append(f"<p>{_html_inline(line)}</p>")
    if in_list:
        body.append("</ul>")
    style = """
      @page { size: A4; margin: 2.5cm 2.2cm;
        @top-center { content: "Valdoria briefing | a paper for Parley's tests"; font-size: 8pt }
        @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8pt } }
      body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.4 }
      li { margin-bottom: 0.3em }
    """
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{style}</style></head>"
            f"<body>{''.join(body)}</body></html>")


def pdf_bytes(markdown: str) -> bytes:
    """The paper as a PDF file made with WeasyPrint (text layer, bold fonts for bold runs)."""
    from app.services.pdf import render_pdf

    return render_pdf(briefing_html(markdown))
