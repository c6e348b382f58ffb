"""The plain-text reader: text pasted from a PDF or an e-mail, or a ``.txt`` file."""

from __future__ import annotations

import re

from app.services.imports.briefing.headings import is_press_line
from app.services.imports.briefing.lines import RULE, TEXT_BULLET, Block, squash
from app.services.imports.briefing.pagetext import mend_pdf_text, wrap_width

_POLARITY_START = re.compile(r"^(?:\(\s*[-+–—]\s*\)|[+–—])\s")
_TERMINAL = tuple(".!?:;\"”’)»")
_RECOMMENDATION_LEAD = re.compile(r"^(recommendations?\b|we recommend\b)", re.IGNORECASE)


def _is_upper_heading(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return (len(letters) >= 4 and all(ch.isupper() for ch in letters)
            and len(line) <= 150 and not line.rstrip().endswith("."))


def _is_short_heading(line: str) -> bool:
    return (len(line) <= 150 and line.endswith(":") and bool(_RECOMMENDATION_LEAD.match(line)))


def _opens_paragraph(line: str) -> bool:
    """The next line starts something new: a capital letter or a list marker."""
    return bool(line.strip()) and (line.lstrip()[:1].isupper() or bool(TEXT_BULLET.match(line)))


def _title_lines(lines: list[str]) -> set[int]:
    """Line numbers of the title: the first paragraph, when short and not a sentence."""
    numbers: list[int] = []
    for number, raw in enumerate(lines):
        if not raw.strip() or RULE.match(raw.strip()) or is_press_line(raw):
            if numbers:
                break
            continue
        if numbers and _is_upper_heading(lines[numbers[0]]) and not _is_upper_heading(raw):
            break
        numbers.append(number)
    title = squash(" ".join(lines[n] for n in numbers))
    if not numbers or len(title) > 200 or title.endswith(".") or TEXT_BULLET.match(title):
        return set()
    return set(numbers)


def _is_standalone_heading(line: str) -> bool:
    """A short line standing alone between blank lines, not ending a sentence: a heading."""
    return (len(line) <= 80 and line[:1].isupper() and not line.endswith(_TERMINAL + (",",))
            and not TEXT_BULLET.match(line) and len(line.split()) <= 10)


def read_plain_text(text: str) -> list[Block]:
    """Blocks of text pasted from a PDF or an e-mail.

    Page furniture and page-break cuts of text copied from a PDF are mended first
    (:mod:`.pagetext`). Upper-case lines, "Recommendations to …:" lines and short lines standing
    alone between blank lines (or directly above a new paragraph, when they follow a finished
    sentence) are headings; the first short line is the title. Lines wrapped inside a paragraph are joined back: with list markers in the
    paper, an indented line without one continues the item above; any line continues the
    previous one when that did not end a sentence or when it starts in lower case (never a line
    starting with a "+", "–" or "(+)" marker, nor a short lead-in ending with a colon). In
    hard-wrapped text (a PDF's column) a line filling the column continues even after a full
    stop; elsewhere a line break after a full stop is taken as a new paragraph.
    """
    lines = mend_pdf_text(
        [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")])
    marked = sum(1 for line in lines if TEXT_BULLET.match(line))
    uses_markers = marked >= 3
    width = wrap_width(lines)
    previous = ""
    blocks: list[Block] = []
    current: Block | None = None
    title_lines = _title_lines(lines)
    for number, raw in enumerate(lines):
        line = squash(raw)
        if number in title_lines:
            if number == min(title_lines):
                blocks.append(Block(squash(" ".join(lines[n] for n in sorted(title_lines))),
                                    heading=1))
            continue
        full, previous = bool(width and len(previous) >= 0.85 * width), line
        if not line or RULE.match(line):
            current = None
            continue
        after = lines[number + 1] if number + 1 < len(lines) else ""
        finished = current is None or (current.text.endswith(_TERMINAL) and not full)
        alone = (current is None and not after.strip()) or (
            finished and len(line) <= 60 and _opens_paragraph(after))
        if _is_upper_heading(line):
            blocks.append(Block(line, heading=2))
            current = None
            continue
        if _is_short_heading(line) or (alone and _is_standalone_heading(line)):
            blocks.append(Block(line, heading=3))
            current = None
            continue
        bullet = TEXT_BULLET.match(raw)
        if bullet:
            marker = (bullet.group(1) or bullet.group(2)).strip()
            current = Block(squash(bullet.group(3)), bullet=marker)
            blocks.append(current)
            continue
        lead_in = line.endswith(":") and len(line) <= 80
        continues = current is not None and not lead_in and not _POLARITY_START.match(line) \
            and not current.text.endswith(":") and (
                (uses_markers and raw[:1].isspace()) or not current.text.endswith(_TERMINAL)
                or line[:1].islower() or full)
        if continues and current is not None:
            current.text = squash(current.text + " " + line)
        else:
            current = Block(line)
            blocks.append(current)
    return blocks
