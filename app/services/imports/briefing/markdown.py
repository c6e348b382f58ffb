"""The Markdown reader: headings, list items and paragraphs, bold spans kept."""

from __future__ import annotations

import re

from app.services.imports.briefing.lines import NUMBER_MARK, RULE, Block, squash

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(rf"^\s{{0,6}}(?:([-*•‣◦▪])\s+|({NUMBER_MARK}))(.*)$")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)([^_]+?)(?<!\s)_(?!\w)")
_MD_CODE = re.compile(r"`([^`]*)`")


def _strip_inline(raw: str) -> tuple[str, list[str]]:
    """Plain text and bold spans of one line of inline Markdown."""
    raw = _MD_LINK.sub(r"\1", raw)
    raw = _MD_CODE.sub(r"\1", raw)
    bold = [squash(_MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), a or b))
            for a, b in _MD_BOLD.findall(raw)]
    text = _MD_BOLD.sub(lambda m: m.group(1) or m.group(2), raw)
    text = _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return squash(text), [b for b in bold if b]


def read_markdown(text: str) -> list[Block]:
    """Blocks of a Markdown paper: headings, list items and paragraphs (lazy lines joined)."""
    blocks: list[Block] = []
    current: Block | None = None
    for line in text.splitlines():
        if not line.strip() or RULE.match(line):
            current = None
            continue
        heading = _MD_HEADING.match(line)
        bullet = _MD_BULLET.match(line)
        if heading:
            body, bold = _strip_inline(heading.group(2))
            blocks.append(Block(body, heading=len(heading.group(1)), bold=bold))
            current = None
        elif bullet:
            body, bold = _strip_inline(bullet.group(3))
            current = Block(body, bullet=bullet.group(1) or bullet.group(2).strip(), bold=bold)
            blocks.append(current)
        else:
            body, bold = _strip_inline(line)
            if current is not None:
                current.text = squash(current.text + " " + body)
                current.bold.extend(bold)
            else:
                current = Block(body, bold=bold)
                blocks.append(current)
    return blocks
