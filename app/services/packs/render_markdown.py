"""The Markdown pack: the outline as plain text for e-mail, wikis and editors.

Every text is HTML-escaped (``&``, ``<``, ``>``), and its Markdown marks (square brackets,
asterisks, underscores, backticks) backslash-escaped, before the printer adds its own marks, so
a title such as ``<img src=x onerror=...>`` or ``[click](javascript:...)`` shows as text in any
Markdown viewer instead of becoming an element or a link.
"""

from __future__ import annotations

import re
from html import escape

from app.services.packs.blocks import Block, Run
from app.services.packs.outline import outline

_MARKS = re.compile(r"([\[\]*_`\\])")


def _esc(text: str) -> str:
    """Text as Markdown shows it: escaped, on one line."""
    text = escape(text or "", quote=False).replace("\r", "").replace("\n", " ")
    return _MARKS.sub(r"\\\1", text)


def _run(run: Run) -> str:
    text = _esc(run.text)
    if not text.strip() or run.style in ("", "meta"):
        return text
    core = text.strip()
    lead, tail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    if run.style in ("strong", "alert"):
        return f"{lead}**{core}**{tail}"
    return f"{lead}_{core}_{tail}"


def _runs(runs) -> str:
    return "".join(_run(r) for r in runs).strip()


def _block(block: Block) -> list[str]:
    if block.kind == "marking":
        return [f"**{_esc(block.text)}**", ""]
    if block.kind == "heading":
        return ["#" * block.level + " " + _esc(block.text), ""]
    if block.kind == "details":
        return [f"- **{_esc(label)}:** {_esc(value)}" for label, value in block.rows] + [""]
    if block.kind == "para":
        text = _runs(block.runs)
        return [f"> {text}" if block.style == "note" else text, ""]
    if block.kind in ("list", "numbered"):
        return [(f"{n}. " if block.kind == "numbered" else "- ") + _runs(item)
                for n, item in enumerate(block.items, start=1)] + [""]
    if block.kind == "table":
        header, *rows = block.rows
        lines = ["| " + " | ".join(_esc(c) for c in header) + " |",
                 "|" + " --- |" * len(header)]
        return lines + ["| " + " | ".join(_esc(c).replace("|", "\\|") for c in row) + " |"
                        for row in rows] + [""]
    if block.kind == "annexes":
        return ["---", ""]
    return []


def render_markdown(pack: dict) -> str:
    """Print the pack's outline as Markdown, every text in it escaped."""
    lines: list[str] = []
    for block in outline(pack):
        lines.extend(_block(block))
    return "\n".join(lines).strip() + "\n"
