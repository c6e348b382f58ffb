"""Highlighting: escape first, then wrap the matching words in ``<mark>``."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

#: Characters of context kept around the first match in a long text.
WINDOW = 90


def terms_pattern(terms: list[str]) -> re.Pattern | None:
    """A regex matching words that start with one of ``terms`` (case-insensitive)."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def excerpt(text: str, pattern: re.Pattern | None) -> str:
    """The part of ``text`` around its first match (the whole text when short)."""
    text = " ".join((text or "").split())
    if len(text) <= 2 * WINDOW + 40:
        return text
    match = pattern.search(text) if pattern else None
    start = max(0, (match.start() if match else 0) - WINDOW)
    end = min(len(text), start + 2 * WINDOW + 40)
    if start:
        start = text.find(" ", start) + 1 or start
    piece = text[start:end]
    if end < len(text):
        piece = piece.rsplit(" ", 1)[0]
    return ("… " if start else "") + piece + (" …" if end < len(text) else "")


def highlight(text: str, pattern: re.Pattern | None) -> Markup:
    """``text`` HTML-escaped, each matching word wrapped in ``<mark>``."""
    text = text or ""
    if pattern is None:
        return escape(text)
    parts, cursor = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[cursor:match.start()]))
        parts.append(Markup("<mark>") + escape(match.group(0)) + Markup("</mark>"))
        cursor = match.end()
    parts.append(escape(text[cursor:]))
    return Markup("").join(parts)
