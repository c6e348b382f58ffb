"""The Word (.docx) reader: heading styles give levels, list styles bullets, bold runs spans.

The paragraphs are read straight from ``word/document.xml`` with lxml's ``iterparse`` (one
pass, each paragraph dropped once read) and the styles from ``word/styles.xml`` once, into a
table: python-docx looks every run's style up again in the styles part, which made a file of
120,000 paragraphs take minutes. Only the body's own paragraphs are read (not tables or text
boxes), as python-docx's ``Document.paragraphs`` gives them. Paragraphs (all of them) and runs
count against the :class:`~app.services.imports.briefing.budget.ReadingBudget`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from app.security.cleaning import clean_text
from app.services.imports.briefing.budget import ReadingBudget
from app.services.imports.briefing.lines import TEXT_BULLET, Block, ImportRefused, squash

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WORD_HEADING = re.compile(r"^(?:heading|überschrift|titre)\s*(\d)$", re.IGNORECASE)
#: Largest ``document.xml`` or ``styles.xml`` read (uncompressed bytes): a guard against
#: archives that inflate to gigabytes.
MAX_PART_BYTES = 64 * 1024 * 1024
#: The time limit is checked every this many paragraphs.
_CHECK_EVERY = 200
_DAMAGED = "This Word file could not be read; it may be damaged."


@dataclass(frozen=True)
class _Style:
    name: str
    bold: bool | None
    based_on: str | None


class _Styles:
    """The styles of one document, each looked up once (``basedOn`` chains followed)."""

    def __init__(self, styles: dict[str, _Style]):
        self._styles = styles
        self._bold: dict[str, bool] = {}

    def name(self, style_id: str | None) -> str:
        """The style's name ("Heading 2"), or "" when it has none."""
        style = self._styles.get(style_id or "")
        return style.name if style is not None else ""

    def bold(self, style_id: str | None) -> bool:
        """Whether the character style (or one it is based on) is bold."""
        if not style_id:
            return False
        if style_id not in self._bold:
            seen: set[str] = set()
            value = False
            current: str | None = style_id
            while current and current not in seen:
                seen.add(current)
                style = self._styles.get(current)
                if style is None:
                    break
                if style.bold is not None:
                    value = style.bold
                    break
                current = style.based_on
            self._bold[style_id] = value
        return self._bold[style_id]


def _on(element) -> bool | None:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``) as True, False or None."""
    if element is None:
        return None
    return element.get(f"{_W}val", "true").lower() not in ("0", "false", "off")


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise ImportRefused("This Word file is too large once unpacked to be imported. Split "
                            "it, or paste only the sections you need.")
    with archive.open(info) as part:
        data = part.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise ImportRefused("This Word file is too large once unpacked to be imported.")
    return data


def _parser_options() -> dict:
    return {"resolve_entities": False, "no_network": True, "huge_tree": False}


def _load_styles(data: bytes | None) -> _Styles:
    from lxml import etree

    styles: dict[str, _Style] = {}
    if data:
        root = etree.fromstring(data, etree.XMLParser(**_parser_options()))
        for style in root.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            if not style_id:
                continue
            name = style.find(f"{_W}name")
            based = style.find(f"{_W}basedOn")
            bold = style.find(f"{_W}rPr/{_W}b")
            styles[style_id] = _Style(
                name.get(f"{_W}val", "") if name is not None else "", _on(bold),
                based.get(f"{_W}val") if based is not None else None)
    return _Styles(styles)


def _run_text(run) -> str:
    """A run's text as python-docx gives it: tabs, line breaks, non-breaking hyphens."""
    parts = []
    for child in run:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            parts.append("\t")
        elif tag == f"{_W}cr" or (tag == f"{_W}br" and child.get(f"{_W}type", "textWrapping")
                                  == "textWrapping"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _runs(paragraph):
    """The paragraph's runs, those inside hyperlinks included."""
    for child in paragraph:
        if child.tag == f"{_W}r":
            yield child
        elif child.tag == f"{_W}hyperlink":
            yield from child.iterfind(f"{_W}r")


def _block(paragraph, styles: _Styles, budget: ReadingBudget) -> Block | None:
    runs: list[tuple[str, bool]] = []
    for run in _runs(paragraph):
        budget.spend("runs")
        properties = run.find(f"{_W}rPr")
        bold = None
        style_id = None
        if properties is not None:
            bold = _on(properties.find(f"{_W}b"))
            char_style = properties.find(f"{_W}rStyle")
            style_id = char_style.get(f"{_W}val") if char_style is not None else None
        runs.append((_run_text(run), bold if bold is not None else styles.bold(style_id)))
    raw = "".join(text for text, _ in runs)
    text = squash(clean_text(raw))
    if not text:
        return None
    para_style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    style = styles.name(para_style.get(f"{_W}val") if para_style is not None else None)
    level = 0
    match = _WORD_HEADING.match(style.strip())
    if match:
        level = int(match.group(1)) or 1
    elif style.strip().lower() == "title":
        level = 1
    bullet = None
    if "list" in style.lower() or paragraph.find(f"{_W}pPr/{_W}numPr") is not None:
        bullet = "1." if "number" in style.lower() else "•"
    if level == 0 and bullet is None:
        loose = TEXT_BULLET.match(raw)
        if loose and loose.group(1) in ("•", "◦", "▪", "-"):
            bullet, text = loose.group(1), squash(clean_text(loose.group(3)))
    return Block(text, heading=level, bullet=bullet, bold=_bold_spans(runs))


def _bold_spans(runs: list[tuple[str, bool]]) -> list[str]:
    spans: list[str] = []
    current = ""
    for text, is_bold in runs:
        if is_bold:
            current += text
        elif text.strip():
            if squash(current):
                spans.append(squash(current))
            current = ""
        else:
            current += text if current else ""
    if squash(current):
        spans.append(squash(current))
    return [squash(clean_text(span)) for span in spans]


def read_docx(data: bytes, budget: ReadingBudget | None = None) -> list[Block]:
    """Blocks of a Word file: heading styles give levels, bold runs give bold spans."""
    from lxml import etree

    budget = budget or ReadingBudget()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = _read_part(archive, "word/document.xml")
            styles = _load_styles(_read_part(archive, "word/styles.xml"))
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError, EOFError) as exc:
        raise ImportRefused(_DAMAGED) from exc
    if document is None:
        raise ImportRefused(_DAMAGED)
    blocks: list[Block] = []
    body_tag, paragraph_tag = f"{_W}body", f"{_W}p"
    try:
        events = etree.iterparse(io.BytesIO(document), events=("end",),
                                 tag=(paragraph_tag, f"{_W}tbl", f"{_W}sdt"),
                                 **_parser_options())
        for _, element in events:
            if element.tag == paragraph_tag:
                budget.spend("paragraphs")
                if budget.used["paragraphs"] % _CHECK_EVERY == 0:
                    budget.check()
            parent = element.getparent()
            if parent is None or parent.tag != body_tag:
                continue
            if element.tag == paragraph_tag:
                block = _block(element, styles, budget)
                if block is not None:
                    blocks.append(block)
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise ImportRefused(_DAMAGED) from exc
    budget.check()
    return blocks
