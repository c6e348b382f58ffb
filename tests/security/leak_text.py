"""What a reader could read in a response or a file, and which planted secrets it holds.

:func:`readable_text` turns any response body into text the way a person (or a metadata viewer)
would read it: HTML with and without its tags, JSON with its escapes undone, iCal unfolded,
PDF through ``pdftotext`` (poppler) plus its metadata, DOCX through python-docx (paragraphs,
tables, headers, footers, properties) plus its raw XML, mail through the ``email`` parser.

:func:`found_in` compares case-, accent- and spacing-insensitively: both sides are NFKD
decomposed, combining marks dropped, case-folded and reduced to letters and digits, so
"Dínara  SMAILOVA", "dinara-smailova" and a name split over two PDF lines all match
"Dinara Smailova" (Latin and Cyrillic alike).
"""

from __future__ import annotations

import email
import html
import io
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from email import policy

_TAG = re.compile(r"<[^>]+>")
_NOT_ALNUM = re.compile(r"[\W_]+")
PDFTOTEXT = shutil.which("pdftotext")


def squeezed(text: str) -> str:
    """``text`` without accents, case, spaces or punctuation: only letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("", plain.casefold())


def found_in(text: str, needles) -> list[str]:
    """The ``needles`` that occur in ``text`` (compared as :func:`squeezed` strings)."""
    haystack = squeezed(text)
    return [needle for needle in needles if squeezed(needle) in haystack]


def names_found(text: str, names, canaries) -> list[tuple[str, str | None]]:
    """Each (name, canary) where ``text`` shows a name: the canary right after it, if any.

    A planted mention reads "... <name> (<canary>).", so a name followed by a canary is the
    unmasked mention in that canary's field; a name followed by no canary comes from a record
    of the person itself (an attendee list, an owner, a title).
    """
    haystack = squeezed(text)
    squeezed_canaries = [(squeezed(c), c) for c in canaries]
    found = {}
    for name in names:
        needle = squeezed(name)
        start = haystack.find(needle)
        while start != -1:
            after = haystack[start + len(needle):start + len(needle) + 80]
            canary = next((c for sc, c in squeezed_canaries if after.startswith(sc)), None)
            found[(name, canary)] = None
            start = haystack.find(needle, start + 1)
    return list(found)


def pdf_text(content: bytes) -> str:
    """The text of a PDF as ``pdftotext`` reads it, plus its metadata."""
    from pypdf import PdfReader

    result = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=content,
                            capture_output=True, check=True, timeout=60)
    metadata = PdfReader(io.BytesIO(content)).metadata or {}
    return result.stdout.decode("utf-8", "replace") + "\n" + \
        "\n".join(str(value) for value in metadata.values())


def docx_text(content: bytes) -> str:
    """Every piece of text in a Word file: paragraphs, tables, headers, footers, properties."""
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    props = document.core_properties
    parts += [props.author, props.last_modified_by, props.title, props.subject, props.keywords,
              props.comments, props.category]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                  if name.endswith(".xml")]
    return "\n".join(part or "" for part in parts)


def mail_text(content: bytes) -> str:
    """The headers and every text part of an e-mail message (.eml)."""
    message = email.message_from_bytes(content, policy=policy.default)
    parts = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return "\n".join(parts)


def readable_text(content: bytes, content_type: str | None) -> str:
    """Everything a reader could read in a body of ``content_type``."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == "application/pdf" or content[:5] == b"%PDF-":
        return pdf_text(content)
    if kind.endswith("wordprocessingml.document") or content[:2] == b"PK":
        return docx_text(content)
    text = content.decode("utf-8", "replace")
    if kind == "application/json":
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    if kind == "text/calendar" or text.startswith("BEGIN:VCALENDAR"):
        return re.sub(r"\r?\n[ \t]", "", text)
    if kind == "text/vcard" or text.startswith("BEGIN:VCARD"):
        return re.sub(r"\r?\n[ \t]", "", text)
    if kind == "text/html" or "<html" in text[:500].lower():
        return text + "\n" + html.unescape(_TAG.sub(" ", text))
    return text
