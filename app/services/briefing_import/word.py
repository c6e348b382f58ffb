"""The Word (.docx) reader: heading styles give levels, list styles bullets, bold runs spans."""

from __future__ import annotations

import io
import re

from app.security.cleaning import clean_text
from app.services.briefing_import.lines import TEXT_BULLET, Block, ImportRefused, squash

_WORD_HEADING = re.compile(r"^(?:heading|überschrift|titre)\s*(\d)$", re.IGNORECASE)


def read_docx(data: bytes) -> list[Block]:
    """Blocks of a Word file: heading styles give levels, bold runs give bold spans."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for damaged files
        raise ImportRefused("This Word file could not be read; it may be damaged.") from exc
    blocks: list[Block] = []
    for paragraph in document.paragraphs:
        text = squash(clean_text(paragraph.text))
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = 0
        match = _WORD_HEADING.match(style.strip())
        if match:
            level = int(match.group(1)) or 1
        elif style.strip().lower() == "title":
            level = 1
        bullet = None
        if "list" in style.lower() or paragraph._p.pPr is not None and \
                paragraph._p.pPr.numPr is not None:
            bullet = "1." if "number" in style.lower() else "•"
        bold = _bold_runs(paragraph)
        if level == 0 and bullet is None:
            loose = TEXT_BULLET.match(paragraph.text)
            if loose and loose.group(1) in ("•", "◦", "▪", "-"):
                bullet, text = loose.group(1), squash(clean_text(loose.group(3)))
        blocks.append(Block(text, heading=level, bullet=bullet, bold=bold))
    return blocks


def _bold_runs(paragraph) -> list[str]:
    spans: list[str] = []
    current = ""
    for run in paragraph.runs:
        is_bold = run.bold if run.bold is not None else bool(
            run.style is not None and run.style.font is not None and run.style.font.bold)
        if is_bold:
            current += run.text
        elif run.text.strip():
            if squash(current):
                spans.append(squash(current))
            current = ""
        else:
            current += run.text if current else ""
    if squash(current):
        spans.append(squash(current))
    return [squash(clean_text(span)) for span in spans]
