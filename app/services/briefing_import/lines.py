"""The common line model every reader produces and the structure parser consumes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass
class Block:
    """One paragraph, list item or heading of a paper, with its markup reduced to hints."""

    #: The text with all markup removed, whitespace collapsed.
    text: str
    #: 1-6 for a heading (Markdown ``#``, Word "Heading N", an upper-case line); 0 for body text.
    heading: int = 0
    #: The list marker ("-", "•", "1.") when the block is a list item, else ``None``.
    bullet: str | None = None
    #: The bold spans inside the block, in order.
    bold: list[str] = field(default_factory=list)

    @property
    def is_all_bold(self) -> bool:
        """True when the bold spans make up the whole block (emphasis, not a name)."""
        joined = squash(" ".join(self.bold))
        return bool(joined) and len(joined) >= len(self.text.strip(" :*")) - 1


_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and trim."""
    return _SPACE.sub(" ", text or "").strip()


_QUOTES = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "‑": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """A comparison key: case-folded, accents dropped, quotes and dashes unified, spaces collapsed."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return squash(text).casefold()
