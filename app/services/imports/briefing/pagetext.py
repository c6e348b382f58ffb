"""Mending text copied out of a PDF before it is read as plain text.

Text from a PDF (``pdftotext``, copy and paste from a viewer) carries the page layout with it:

- page numbers ("3", "Page 3 of 8", "- 3 -") and running headers and footers (a line repeated
  next to the page numbers) are dropped;
- a paragraph cut by a page break is joined again when the line before the break does not end a
  sentence (or the line after starts in lower case), or when it fills the column of hard-wrapped
  text and the line after starts no list item;
- a word hyphenated at a line end is joined with its hyphen: "decision-" + "makers" gives
  "decision-makers";
- a bullet glyph standing alone on its line is put in front of the text that follows.
"""

from __future__ import annotations

import re

from app.services.imports.briefing.lines import squash

_PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$|^\s*[-–—]\s*\d{1,4}\s*[-–—]\s*$",
    re.IGNORECASE)
_LONE_BULLET = re.compile(r"^\s*([•◦▪‣●○■□➢►·])\s*$")
_ITEM_START = re.compile(r"^\s*(?:[•◦▪‣●○■□➢►·*+–—-]\s|\(?\d{1,3}[.)]|[a-z][.)]\s)")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_ENDS_SENTENCE = tuple(".!?:;\"”’)»")
#: How many lines either side of a page number a running header or footer may stand.
NEAR_PAGE_NUMBER = 3
#: Page numbers needed before anything is taken for page furniture.
PAGE_EVIDENCE = 2


def wrap_width(lines: list[str]) -> int | None:
    """The width text was hard-wrapped at (a PDF's column), or ``None`` when it was not.

    Wrapped text has most of its lines close to one length; the width is the 90th percentile
    of line lengths, when at least a third of the lines come within a fifth of it.
    """
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < 8:
        return None
    width = lengths[int(len(lengths) * 0.9) - 1]
    near = sum(1 for n in lengths if n >= 0.8 * width)
    return width if width <= 130 and near * 3 >= len(lengths) else None


def _key(line: str) -> str:
    """A running header's comparison key: digits and case ignored."""
    return re.sub(r"\d+", "#", squash(line).casefold())


def page_furniture(lines: list[str]) -> set[int]:
    """Line numbers of page numbers and of the running headers and footers beside them."""
    numbers = [n for n, line in enumerate(lines) if _PAGE_NUMBER.match(line)]
    if len(numbers) < PAGE_EVIDENCE:
        return set()
    filled = [n for n, line in enumerate(lines) if line.strip()]
    position = {n: i for i, n in enumerate(filled)}
    near: set[str] = set()
    for number in numbers:
        at = position[number]
        for other in filled[max(0, at - NEAR_PAGE_NUMBER):at + NEAR_PAGE_NUMBER + 1]:
            text = lines[other].strip()
            letters = sum(ch.isalpha() for ch in text)
            if other != number and letters >= 3 and len(text) <= 120 and not text.endswith(":"):
                near.add(_key(text))
    counts: dict[str, int] = {}
    for n in filled:
        key = _key(lines[n])
        if key in near:
            counts[key] = counts.get(key, 0) + 1
    repeated = {key for key, count in counts.items() if count >= PAGE_EVIDENCE}
    return set(numbers) | {n for n in filled if _key(lines[n]) in repeated}


def mend_pdf_text(lines: list[str]) -> list[str]:
    """The lines with page furniture dropped and page-break and hyphenation cuts joined."""
    dropped = page_furniture(lines)
    width = wrap_width([line for n, line in enumerate(lines) if n not in dropped])
    out: list[str] = []
    page_break = False
    pending_bullet = ""
    for number, line in enumerate(lines):
        if number in dropped:
            page_break = True
            continue
        if not line.strip():
            out.append("")
            continue
        lone = _LONE_BULLET.match(line)
        if lone:
            pending_bullet = lone.group(1)
            continue
        if pending_bullet:
            line, pending_bullet = f"{pending_bullet} {line.strip()}", ""
        previous = _last_filled(out)
        if previous is not None:
            before = out[previous].rstrip()
            starts_lower = line.lstrip()[:1].islower()
            if _HYPHENATED.search(before) and starts_lower:
                del out[previous + 1:]
                out[previous] = before + line.strip()
                page_break = False
                continue
            full = bool(width and len(before.strip()) >= 0.85 * width)
            cut = (not before.endswith(_ENDS_SENTENCE) and (
                starts_lower or (page_break and len(before.strip()) > 60))) or (
                page_break and full and not _ITEM_START.match(line) and not line.isupper())
            if cut and len(out) > previous + 1:
                del out[previous + 1:]
        page_break = False
        out.append(line)
    return out


def _last_filled(out: list[str]) -> int | None:
    for index in range(len(out) - 1, -1, -1):
        if out[index].strip():
            return index
    return None
