"""Prose: sentences, whether a text says something, +/- markers, and sentences about the
writers rather than the situation."""

from __future__ import annotations

import re

from app.services.imports.briefing.model import CONCERN, POSITIVE

_POSITIVE_MARK = re.compile(r"^\s*(?:\(\s*\+\s*\)|\+)\s*")
_CONCERN_MARK = re.compile(r"^\s*(?:\(\s*[-–—]\s*\)\s*|[-–—]\s+)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"А-Я])")
#: Sentences about the writers, not the situation: "We are writing to you …", "Thank you …".
_ABOUT_US = re.compile(
    r"^(?:(?:we|i)\b(?:,[^,]{0,80},)?\s+(?:are\s+|am\s+|would\s+)?(?:writ(?:e|ing)|"
    r"remain\s+(?:at\s+your\s+disposal|available)|look\s+forward|stand\s+ready|welcome\s+the\s+"
    r"opportunity|be\s+grateful|thank)|thank\s+you)\b", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (good enough for briefing prose)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def about_us(sentence: str) -> bool:
    """True for a sentence about the writers ("We are writing to you ahead of …")."""
    return bool(_ABOUT_US.match(sentence))


def says_something(text: str) -> bool:
    """A sentence, not a label: four words ending like a sentence, or twelve words."""
    words = re.findall(r"[^\W\d_]{2,}", text)
    return len(words) >= 12 or (len(words) >= 4 and text.rstrip(" ”’\"')").endswith(
        (".", "!", "?", ";")))


def split_polarity(text: str, default: str) -> tuple[str, str]:
    """(polarity, text without its marker)."""
    positive = _POSITIVE_MARK.match(text)
    if positive:
        return POSITIVE, text[positive.end():].strip()
    concern = _CONCERN_MARK.match(text)
    if concern:
        return CONCERN, text[concern.end():].strip()
    return default, text.strip()
