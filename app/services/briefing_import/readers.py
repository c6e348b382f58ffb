"""Readers: Markdown, pasted plain text and Word (.docx) into the common block model.

Each reader returns a list of :class:`~app.services.briefing_import.lines.Block`. The type of
an upload is decided from its content, never from its name alone (:func:`read_upload`).
"""

from __future__ import annotations

import io
import re
import zipfile

from app.security.cleaning import clean_text
from app.services.briefing_import.headings import is_press_line
from app.services.briefing_import.lines import Block, squash
from app.services.briefing_import.pagetext import mend_pdf_text, wrap_width


class ImportRefused(Exception):
    """The input cannot be imported; the message says why, in the officer's words."""


# ---------------------------------------------------------------------------------- Markdown

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
#: A numbered or lettered list marker: "1.", "1)", "(1)", "a)", "(b)", "iv.", UPR's "121.3";
#: a number may be followed straight by the text when that starts in capitals ("1.In line …").
NUMBER_MARK = (r"(?:(?:\d{1,3}\.\d{1,3}\.?(?=\s+[A-ZА-ЯЁ“\"«])|\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)]|"
               r"\([a-z]\)|[ivx]{1,4}[.)]|\([ivx]{1,4}\))\s+|\d{1,3}[.)](?=[A-ZА-ЯЁ“\"«]))")
_MD_BULLET = re.compile(rf"^\s{{0,6}}(?:([-*•‣◦▪])\s+|({NUMBER_MARK}))(.*)$")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
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
        if not line.strip() or _MD_RULE.match(line):
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


# ---------------------------------------------------------------------------------- plain text

_TEXT_BULLET = re.compile(rf"^\s*(?:([•◦▪‣●○■□➢►*·-])\s+|({NUMBER_MARK}))(.*)$")
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
    return bool(line.strip()) and (line.lstrip()[:1].isupper() or bool(_TEXT_BULLET.match(line)))


def _title_lines(lines: list[str]) -> set[int]:
    """Line numbers of the title: the first paragraph, when short and not a sentence."""
    numbers: list[int] = []
    for number, raw in enumerate(lines):
        if not raw.strip() or _MD_RULE.match(raw.strip()) or is_press_line(raw):
            if numbers:
                break
            continue
        if numbers and _is_upper_heading(lines[numbers[0]]) and not _is_upper_heading(raw):
            break
        numbers.append(number)
    title = squash(" ".join(lines[n] for n in numbers))
    if not numbers or len(title) > 200 or title.endswith(".") or _TEXT_BULLET.match(title):
        return set()
    return set(numbers)


def _is_standalone_heading(line: str) -> bool:
    """A short line standing alone between blank lines, not ending a sentence: a heading."""
    return (len(line) <= 80 and line[:1].isupper() and not line.endswith(_TERMINAL + (",",))
            and not _TEXT_BULLET.match(line) and len(line.split()) <= 10)


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
    marked = sum(1 for line in lines if _TEXT_BULLET.match(line))
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
        full, previous = bool(width) and len(previous) >= 0.85 * width, line
        if not line or _MD_RULE.match(line):
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
        bullet = _TEXT_BULLET.match(raw)
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
        if continues:
            current.text = squash(current.text + " " + line)
        else:
            current = Block(line)
            blocks.append(current)
    return blocks


# ---------------------------------------------------------------------------------- Word

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
            loose = _TEXT_BULLET.match(paragraph.text)
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


# ---------------------------------------------------------------------------------- detection

#: Magic numbers of formats people may try to upload, with the name to tell them.
_SIGNATURES = (
    (b"%PDF", "a PDF file: open it, copy the text and paste it instead"),
    (b"\x89PNG", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF8", "an image (GIF)"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel file (.doc/.xls): save it as .docx"),
    (b"{\\rtf", "an RTF file: save it as .docx"),
)
_MARKDOWN_HINTS = re.compile(r"^#{1,6}\s+\S|\*\*\S[^*\n]*\*\*|\]\([^)\s]*\)", re.MULTILINE)


def sniff(data: bytes) -> str:
    """Tell "docx", "text" apart by content; raise :class:`ImportRefused` for anything else."""
    if not data or not data.strip():
        raise ImportRefused("The file is empty: there is nothing to import.")
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise ImportRefused(f"Unsupported file type: this is {what}. Parley imports "
                                "Markdown, plain text and Word (.docx) papers.")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            raise ImportRefused("This file looks like a damaged archive; it cannot be "
                                "imported.") from None
        raise ImportRefused("Unsupported file type: this is a ZIP archive but not a Word "
                            "(.docx) document.")
    head = data[:8192]
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    if b"\x00" in head or controls > len(head) // 100:
        raise ImportRefused("This is a binary file, not text: Parley imports Markdown, plain "
                            "text and Word (.docx) papers.")
    return "text"


def decode_text(data: bytes) -> str:
    """Text of an upload: UTF-8 (with or without BOM), else Windows-1252; cleaned (controls out)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return clean_text(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ImportRefused("The text is not in a known encoding; save it as UTF-8 and try again.")


def read_upload(data: bytes) -> list[Block]:
    """Blocks of an uploaded or pasted paper, the reader chosen by content."""
    if sniff(data) == "docx":
        return read_docx(data)
    text = decode_text(data)
    if _MARKDOWN_HINTS.search(text):
        return read_markdown(text)
    return read_plain_text(text)
