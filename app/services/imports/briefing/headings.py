"""Headings and the lines around a paper's content that are not content.

A heading is a real heading (Markdown ``#``, a Word heading style), an upper-case line or a short
all-bold line; the plain-text reader also turns short sentence-case lines standing alone into
headings. Some headings open no theme ("Introduction", "Background"); press-release lines
("For immediate release", "ENDS"), salutations ("Dear …,") and signatory blocks ("Sincerely,",
"Signatories:", "Notes to editors") are not content at all.
"""

from __future__ import annotations

import re

from app.services.imports.briefing.lines import Block, squash

#: A list marker left at the start of a text: "1. ", "1.In" (no space), "121.3 ", "a) ", "(b) ".
LEAD_NUMBER = re.compile(
    r"^(?:\d{1,3}[.)]\s+|\d{1,3}[.)](?=[A-ZА-ЯЁ“\"«])|\d{1,3}\.\d{1,3}\.?\s+(?=[A-ZА-ЯЁ])|"
    r"[IVX]{1,4}[.)]\s+|[a-z][.)]\s+|\((?:\d{1,3}|[a-z]|[ivx]{1,4})\)\s+)")

#: Words kept in capitals when an upper-case heading is put into sentence case.
ACRONYMS = {"eu", "un", "ngo", "ngos", "cso", "csos", "osce", "odihr", "upr", "lgbtiq", "lgbtiq+",
            "lgbt", "lgbti", "hrd", "hrds", "rfe/rl", "covid-19", "ii", "iii", "iv"}

POLARITY_HEADING = re.compile(
    r"^(?:(?P<pos>positive\s+(?:steps|developments)|progress|improvements)|"
    r"(?P<neg>(?:key\s+|main\s+|major\s+)?concerns?|challenges|negative\s+developments))"
    r"\s*:?\s*$", re.IGNORECASE)

#: Headings of sections that are about the paper, not a theme: their prose is read like the
#: paragraphs before the first heading.
_GENERAL = re.compile(
    r"^(?:introduction|background|context|overview|summary|executive\s+summary|key\s+messages|"
    r"conclusions?|concluding\s+remarks|methodology|contents|table\s+of\s+contents|"
    r"about\s+this\s+(?:paper|briefing|report)|presentation\s+by\s+the\s+state\s+under\s+review|"
    r"interactive\s+dialogue(?:\s+and\s+responses(?:\s+by\s+the\s+state\s+under\s+review)?)?)"
    r"\s*:?$", re.IGNORECASE)

#: Press-release lines that are skipped wherever they stand.
_PRESS = re.compile(
    r"^(?:press\s+release|news\s+release|media\s+release|for\s+immediate\s+release|"
    r"embargoed?\b.*|immediate\s+release|media\s+advisory|statement\s+for\s+the\s+press|"
    r"photo(?:graph)?\s*(?:credit)?\s*:.*|image\s*:.*|share\s+this.*|read\s+more.*)$",
    re.IGNORECASE)

#: Lines after which nothing is content: the end mark of a press release, a sign-off, the
#: opening of a signatory block, notes to editors, contacts.
_END_MARK = re.compile(r"^(?:[-–—\s]*ends[-–—\s]*|#{3}|\*{3})$", re.IGNORECASE)
_CLOSING = re.compile(
    r"^(?:(?:yours\s+)?(?:sincerely|faithfully|respectfully|truly)|(?:with\s+)?(?:kind|best|warm)"
    r"(?:est)?\s+(?:regards|wishes)|regards|signed(?:\s+by)?|signatories|list\s+of\s+signatories|"
    r"(?:co-?)?signed\s+by|endorsed\s+by|"
    r"notes?\s+(?:to|for)\s+(?:editors|the\s+editor)|media\s+contacts?|press\s+contacts?|"
    r"for\s+(?:further|more)\s+information(?:,?\s+(?:please\s+)?contact)?)"
    r"(?:\s*[:,]\s*.*|\s*\.?)$", re.IGNORECASE)
_CLOSING_SHORT = 60

_SALUTATION = re.compile(r"^(?:dear|to)\s+[^.!?]{2,80},$", re.IGNORECASE)


def theme_name(heading: str) -> str:
    """A heading as a theme name: numbering and colon dropped, capitals put into sentence case."""
    text = LEAD_NUMBER.sub("", squash(heading)).strip(" :*#")
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8:
        words = [w.upper() if w.lower() in ACRONYMS else w.lower() for w in text.split(" ")]
        text = " ".join(words)
        text = text[:1].upper() + text[1:]
    return text


def is_heading_like(block: Block) -> bool:
    """A real heading, an upper-case line or a short all-bold line."""
    if block.heading:
        return True
    if block.bullet:
        return False
    text = block.text.strip()
    if len(text) > 150 or text.endswith("."):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 4 and all(ch.isupper() for ch in letters):
        return True
    return block.is_all_bold


def is_general(heading: str) -> bool:
    """True for a heading about the paper itself ("Introduction"), not a theme."""
    return bool(_GENERAL.match(theme_name(heading)))


def is_press_line(text: str) -> bool:
    """True for a press-release line ("For immediate release") that is never content."""
    return len(text) <= 120 and bool(_PRESS.match(squash(text).strip(" *-–—")))


def is_closing(text: str) -> bool:
    """True for the line that opens a signatory block or the notes after a press release:
    "Yours sincerely,", "Signed by:", "ENDS", "Notes to editors" (never a sentence such as
    "Signed by the president in March.")."""
    if len(text) > 2 * _CLOSING_SHORT:
        return False
    text = squash(text).strip(" *")
    if _END_MARK.match(text):
        return True
    if len(text) > _CLOSING_SHORT or (text.endswith(".") and len(text.split()) > 3):
        return False
    return bool(_CLOSING.match(text))


def is_salutation(text: str) -> bool:
    """True for "Dear High Representative," and the like."""
    return text.rstrip().endswith(",") and len(text) <= 120 and bool(_SALUTATION.match(squash(text)))
