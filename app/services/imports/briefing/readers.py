"""Reading an upload: its type decided from its content, never from its name alone, then read by
the Markdown, plain-text, Word or PDF reader (:mod:`.markdown`, :mod:`.plaintext`, :mod:`.word`,
:mod:`.pdf`) into the common block model (:class:`~app.services.imports.briefing.lines.Block`),
within one :class:`~app.services.imports.briefing.budget.ReadingBudget`.
"""

from __future__ import annotations

import io
import re
import zipfile

from app.security.cleaning import clean_text
from app.services.imports.briefing.budget import ReadingBudget
from app.services.imports.briefing.lines import Block, ImportRefused
from app.services.imports.briefing.markdown import read_markdown
from app.services.imports.briefing.pdf import read_pdf
from app.services.imports.briefing.plaintext import read_plain_text
from app.services.imports.briefing.word import read_docx

__all__ = ["ImportRefused", "decode_text", "read_docx", "read_markdown", "read_pdf",
           "read_plain_text", "read_upload", "sniff"]

#: A PDF's header, which may follow a few bytes of junk (the PDF standard allows 1,024).
_PDF_HEADER = b"%PDF-"
#: Magic numbers of formats people may try to upload, with the name to tell them.
_SIGNATURES = (
    (b"\x89PNG", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF8", "an image (GIF)"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel file (.doc/.xls): save it as .docx"),
    (b"{\\rtf", "an RTF file: save it as .docx"),
)
_MARKDOWN_HINTS = re.compile(r"^#{1,6}\s+\S|\*\*\S[^*\n]*\*\*|\]\([^)\s]*\)", re.MULTILINE)


def sniff(data: bytes) -> str:
    """Tell "docx", "pdf", "text" apart by content; raise :class:`ImportRefused` for anything
    else."""
    if not data or not data.strip():
        raise ImportRefused("The file is empty: there is nothing to import.")
    if _PDF_HEADER in data.lstrip()[:1024]:
        return "pdf"
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise ImportRefused(f"Unsupported file type: this is {what}. Parley imports "
                                "Markdown, plain text, Word (.docx) and PDF papers.")
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
                            "text, Word (.docx) and PDF papers.")
    return "text"


def decode_text(data: bytes) -> str:
    """Text of an upload: UTF-8 (with or without BOM), else Windows-1252; cleaned (controls out)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return clean_text(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ImportRefused("The text is not in a known encoding; save it as UTF-8 and try again.")


def read_upload(data: bytes, budget: ReadingBudget | None = None) -> list[Block]:
    """Blocks of an uploaded or pasted paper, the reader chosen by content, its cost bounded."""
    budget = budget or ReadingBudget()
    kind = sniff(data)
    if kind == "docx":
        return read_docx(data, budget)
    if kind == "pdf":
        return read_pdf(data, budget)
    text = decode_text(data)
    blocks = read_markdown(text) if _MARKDOWN_HINTS.search(text) else read_plain_text(text)
    budget.spend("paragraphs", len(blocks))
    budget.check()
    return blocks
