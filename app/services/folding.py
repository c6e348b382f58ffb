"""Text as Parley compares it: one key for names, titles and sentences, whatever the typing.

A leaf module (it imports nothing from Parley), so that both the briefing import and the
name matching of :mod:`app.services.people.names` can use the same rule.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "‑": "-", "\u00a0": " "})


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and trim."""
    return _SPACE.sub(" ", text or "").strip()


def normalise(text: str) -> str:
    """A comparison key: case-folded, accents dropped, quotes and dashes unified, spaces collapsed."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return squash(text).casefold()
