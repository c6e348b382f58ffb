"""The DOCX pack: the outline as real Word headings, lists and tables, editable in Word.

Pack text is only ever inserted as run text (data, never a template). Headings never skip a
level (the title is heading 1). The document's properties name Parley and its version and
nothing else: no officer, no template, no machine (``docProps/app.xml`` is rewritten).
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from app.security.cleaning import clean_deep
from app.services.packs.blocks import Block, Run
from app.services.packs.outline import outline

MUTED = RGBColor(0x5B, 0x64, 0x75)
ALERT = RGBColor(0xA4, 0x26, 0x2C)


class _Doc:
    """A thin writer over python-docx using the built-in Word styles."""

    def __init__(self, pack: dict) -> None:
        self.pack = pack
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin, section.bottom_margin = Mm(20), Mm(18)
        self.doc.styles["Normal"].font.size = Pt(10)
        self._header_footer(section)

    def _header_footer(self, section) -> None:
        header = section.header.paragraphs[0]
        run = header.add_run(self.pack["marking"].upper())
        run.bold, run.font.size, run.font.color.rgb = True, Pt(8), ALERT
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer.add_run("Page ").font.size = Pt(8)
        self._field(footer, "PAGE")
        footer.add_run(" of ").font.size = Pt(8)
        self._field(footer, "NUMPAGES")

    @staticmethod
    def _field(paragraph, code: str) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(8)
        for tag, text in (("begin", None), (None, code), ("separate", None), (None, "1"),
                          ("end", None)):
            if tag:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), tag)
            elif text == code:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {code} "
            else:
                element = OxmlElement("w:t")
                element.text = text
            run._r.append(element)

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def runs(self, paragraph, runs: tuple[Run, ...]) -> None:
        """Add styled runs to a paragraph."""
        for r in runs:
            run = paragraph.add_run(r.text)
            if r.style in ("strong", "alert", "flag"):
                run.bold = True
            if r.style == "meta":
                run.font.color.rgb, run.font.size = MUTED, Pt(9)
            elif r.style in ("alert", "flag"):
                run.font.color.rgb, run.font.size = ALERT, Pt(8.5)

    def para(self, runs: tuple[Run, ...], style: str | None = None):
        paragraph = self.doc.add_paragraph(style=style)
        self.runs(paragraph, runs)
        return paragraph

    def bullets(self, items, numbered: bool = False) -> None:
        style = "List Number" if numbered else "List Bullet"
        num_id = self._restarted_numbering() if numbered else None
        for runs in items:
            paragraph = self.para(runs, style=style)
            if num_id is not None:
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = num_id

    def _restarted_numbering(self) -> int:
        """A new Word numbering that starts at 1 (each numbered list counts from 1 again)."""
        numbering = self.doc.part.numbering_part.element
        style_num = self.doc.styles["List Number"].element.pPr.numPr.numId.val
        abstract_id = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def table(self, header, rows, style: str = "Light List Accent 1"):
        table = self.doc.add_table(rows=1 if header else 0, cols=len(header or rows[0]))
        if header:
            table.style = style
        for cell, text in zip(table.rows[0].cells if header else (), header or (), strict=False):
            cell.text = text
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=False):
                cell.text = text
        return table

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _block(d: _Doc, block: Block) -> None:
    if block.kind == "marking":
        d.para((Run(block.text.upper(), "alert"),))
    elif block.kind == "heading":
        d.heading(block.text, block.level)
    elif block.kind == "details":
        table = d.table(None, [list(row) for row in block.rows])
        for row in table.rows:
            row.cells[0].paragraphs[0].runs[0].font.color.rgb = MUTED
            row.cells[0].width, row.cells[1].width = Mm(40), Mm(130)
    elif block.kind == "para":
        d.para(block.runs, style="Quote" if block.style == "note" else None)
    elif block.kind in ("list", "numbered"):
        d.bullets(block.items, numbered=block.kind == "numbered")
    elif block.kind == "table":
        d.table(list(block.rows[0]), [list(row) for row in block.rows[1:]])
    elif block.kind == "annexes":
        d.doc.add_page_break()


def _version() -> str:
    try:
        return version("parley")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def _properties(d: _Doc, pack: dict) -> None:
    props = d.doc.core_properties
    props.author = props.last_modified_by = "Parley"
    props.title = pack["cover"]["title"]
    props.subject = props.keywords = props.comments = props.category = ""
    props.content_status = props.identifier = props.language = props.version = ""
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    props.created = props.modified = now
    props.revision = 1


APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties"><Application>{application}</Application></Properties>')


def _rewrite_app_properties(content: bytes) -> bytes:
    """The document with ``docProps/app.xml`` naming Parley and its version only."""
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = APP_XML.format(application=escape(f"Parley {_version()}")).encode()
            zout.writestr(item, data)
    return target.getvalue()


def render_docx(pack: dict) -> bytes:
    """Print the pack's outline as a Word document (text cleaned first: Word refuses controls)."""
    pack = clean_deep(pack)
    d = _Doc(pack)
    for block in outline(pack):
        _block(d, block)
    _properties(d, pack)
    return _rewrite_app_properties(d.save())
