"""The common line model every reader produces and the structure parser consumes, with the list
markers and rules the readers share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.services.folding import normalise, squash


class ImportRefused(Exception):
    """The input cannot be imported; the message says why, in the officer's words."""


#: A numbered or lettered list marker: "1.", "1)", "(1)", "a)", "(b)", "iv.", UPR's "121.3";
#: a number may be followed straight by the text when that starts in capitals ("1.In line …").
NUMBER_MARK = (r"(?:(?:\d{1,3}\.\d{1,3}\.?(?=\s+[A-ZА-ЯЁ“\"«])|\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)]|"
               r"\([a-z]\)|[ivx]{1,4}[.)]|\([ivx]{1,4}\))\s+|\d{1,3}[.)](?=[A-ZА-ЯЁ“\"«]))")
#: A list item in plain text: (symbol, number or letter, text).
TEXT_BULLET = re.compile(rf"^\s*(?:([•◦▪‣●○■□➢►*·-])\s+|({NUMBER_MARK}))(.*)$")
#: A horizontal rule ("---", "***").
RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


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


__all__ = ["NUMBER_MARK", "RULE", "TEXT_BULLET", "Block", "ImportRefused", "normalise", "squash"]
