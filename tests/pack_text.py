"""The visible text of a pack in each format, normalised, to compare the four formats with the
outline they print (and to look for sentences said twice)."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from html.parser import HTMLParser

from docx import Document

from app.services.packs.blocks import Block, plain_lines
from app.services.packs.outline import outline

#: What every format may add around the text: list numbers, Markdown marks, separators.
_NOISE = re.compile(r"^\s*(?:\d+\.|[-*>#|]+)\s+|[*_`|\\]|^-{3,}$|^\|?(?:\s*-{3}\s*\|)+$")


def words(text: str) -> list[str]:
    """The words of a text, folded (punctuation, marks and numbering left out)."""
    return re.findall(r"[^\W_]+", text.casefold())


def outline_words(pack: dict) -> list[str]:
    """Every word the outline says, in order."""
    return [w for line in plain_lines(outline(pack)) for w in words(line)]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title", "head"):
            self.skip += 1
        if dict(attrs).get("class", "").startswith("expiry"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "title", "head") or (self.skip and tag == "p"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_words(html: str) -> list[str]:
    """The words an HTML pack shows."""
    parser = _Text()
    parser.feed(html)
    return words(" ".join(parser.parts))


def markdown_words(text: str) -> list[str]:
    """The words a Markdown pack shows (numbering and marks left out)."""
    lines = [re.sub(r"^\s*\d+\.\s", "", line) for line in text.splitlines()]
    lines = [line for line in lines if not re.fullmatch(r"\|?( ?-{3} ?\|)+|-{3,}", line.strip())]
    return words(re.sub(r"\\(.)", r"\1", "\n".join(lines)))


def docx_words(content: bytes) -> list[str]:
    """The words of a Word pack, body paragraphs and tables in document order."""
    document = Document(io.BytesIO(content))
    body = document.element.body
    texts = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            texts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for cell in child.iter():
                if cell.tag.endswith("}t"):
                    texts.append(cell.text or "")
    return words(" ".join(texts))


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page of a PDF (poppler's pdftotext)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(["pdftotext", "-layout", handle.name, "-"], check=True,
                             capture_output=True, text=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def sentences(blocks: list[Block]) -> list[str]:
    """The sentences of an outline's text (marks left out: a mark may repeat)."""
    result = []
    for block in blocks:
        runs = list(block.runs) + [r for item in block.items for r in item]
        # titles (strong) and marks may repeat: they name what a sentence is about
        text = " ".join(r.text for r in runs
                        if r.style not in ("flag", "alert", "meta", "strong"))
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            key = " ".join(words(sentence))
            if len(key.split()) >= 5:
                result.append(key)
    return result
