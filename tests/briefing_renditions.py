"""Renditions of the sample briefing for the import tests: pasted plain text and a Word file.

They are derived from the Markdown sample at test time, so no sentence of the paper is copied
into the code.
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


def docx_bytes(markdown: str) -> bytes:
    """The paper as a Word file: heading styles for headings, List Bullet items, bold runs."""
    import docx

    document = docx.Document()
    for line in markdown.splitlines():
        if not line.strip() or line.strip() == "---":
            continue
        heading = re.match(r"^(#+)\s*(.*)$", line)
        if heading:
            level = len(heading.group(1)) - 1
            document.add_heading(heading.group(2).replace("**", ""), level=max(level, 1))
        elif line.startswith("- "):
            _add_runs(document.add_paragraph(style="List Bullet"), line[2:])
        else:
            _add_runs(document.add_paragraph(), line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
