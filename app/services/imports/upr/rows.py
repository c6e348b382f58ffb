"""Reading a UPR list (CSV or .xlsx) into recommendations, one per row, each value checked.

The values are read as UN documents and the OHCHR matrices write them: a paragraph "121.3"
(also found at the start of the text: "121.3 Ratify …"); a recommending state in its column or
at the end of the text "… (Norway);"; a response "Supported" or "Noted" ("Accepted",
"Rejected" and "Does not enjoy the support" of older cycles too); a cycle "3", "3rd", "third",
"III" or "Cycle 3"; a document symbol "A/HRC/41/8". A value Parley cannot read is reported
with the row and left empty; a row without text is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from app.models import UprResponse
from app.services.folding import normalise, squash
from app.services.imports.briefing.lines import ImportRefused
from app.services.imports.briefing.readers import decode_text, sniff
from app.services.imports.briefing.shapes import split_source_state
from app.services.imports.spreadsheets import csv_rows, is_xlsx, xlsx_rows
from app.services.imports.upr.columns import FIELDS, find_header

#: The most recommendations read from one file.
MAX_ROWS = 5000
#: The longest recommendation text kept, in characters.
MAX_TEXT = 10_000
#: Title rows allowed above the header row.
HEADER_ROOM = 10

#: The start of an old Office file (.xls, .doc).
_OLD_OFFICE = b"\xd0\xcf\x11\xe0"
_PARAGRAPH = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3}){0,2})\.?\s+(?=\S)")
_PARAGRAPH_VALUE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,2}$")
_SYMBOL = re.compile(r"^[A-Z]{1,4}(?:/[A-Za-z0-9.\-()]+){2,6}$")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
_NOTED = ("not supported", "does not enjoy", "did not enjoy", "not accepted", "rejected",
          "noted", "note", "not accept")
_SUPPORTED = ("supported", "support", "accepted", "accept", "agreed", "enjoys the support",
              "implemented", "already implemented", "in process of implementation")
_PARTIAL = ("partial", "partly", "in part", "supported noted", "supported/noted")


@dataclass
class UprRow:
    """One row of the list: the recommendation as read, and what could not be read."""

    line: int
    text: str
    paragraph: str | None = None
    state: str | None = None
    response: UprResponse | None = None
    cycle: int | None = None
    symbol: str | None = None
    addressee: str | None = None
    #: Values Parley could not read (the row is still imported, without them).
    notes: list[str] = field(default_factory=list)
    #: Why the row cannot be imported at all (no text).
    problem: str | None = None

    @property
    def symbol_key(self) -> str:
        """The document symbol as compared: spaces dropped, case ignored."""
        return symbol_key(self.symbol)


@dataclass
class UprList:
    """A read UPR list: its headers, which column holds which field, and its rows."""

    headers: list[str]
    columns: dict[str, int | None]
    rows: list[UprRow]

    def column_names(self) -> list[tuple[str, str | None]]:
        """(field label, header of the column read for it, or ``None``) for the preview."""
        return [(label, self.headers[column] if (column := self.columns.get(name)) is not None
                 else None)
                for name, (label, _) in FIELDS.items()]


def symbol_key(symbol: str | None) -> str:
    """A document symbol as compared: "A/HRC/41/8" and "a/hrc/41/8 " are one."""
    return "".join((symbol or "").split()).casefold()


def read_upr_file(data: bytes, filename: str = "") -> UprList:
    """Read a UPR list from a CSV or .xlsx upload; refuse anything else with a message."""
    if is_xlsx(data):
        table = xlsx_rows(data, MAX_ROWS + HEADER_ROOM)
    else:
        if data.startswith(_OLD_OFFICE) or PurePath(filename or "").suffix.casefold() in (
                ".xls", ".ods"):
            raise ImportRefused("Parley reads .xlsx workbooks and CSV files: save the sheet "
                                "as .xlsx (Excel 2007 or later) or CSV and try again.")
        if data.startswith(b"%PDF"):
            raise ImportRefused("This is a PDF file: Parley reads UPR lists as CSV or .xlsx. "
                                "Export the list from its spreadsheet (the UN's matrices are "
                                "published as Word or Excel files) and try again.")
        kind = sniff(data)  # empty, binary and other formats are refused here
        if kind != "text":
            raise ImportRefused("This is not a CSV file or an .xlsx workbook: save the list "
                                "as one of these and try again.")
        table = csv_rows(decode_text(data))
    numbered = [(number, row) for number, row in enumerate(table, start=1) if any(row)]
    found = find_header([row for _, row in numbered])
    if found is None:
        seen = ", ".join(f"“{h}”" for h in (numbered[0][1] if numbered else [])[:12]) or "none"
        raise ImportRefused("No column looks like the recommendation text (headers read: "
                            f"{seen}). Name that column “Recommendation” and try again.")
    index, columns = found
    headers = [h or f"Column {n + 1}" for n, h in enumerate(numbered[index][1])]
    body = numbered[index + 1:]
    if not body:
        raise ImportRefused("The list has a header row but no recommendation below it.")
    if len(body) > MAX_ROWS:
        raise ImportRefused(f"The list has {len(body)} rows; import at most {MAX_ROWS} at a "
                            "time.")
    rows = [_row(cells, columns, number) for number, cells in body]
    return UprList(headers, columns, rows)


def _cell(cells: list[str], column: int | None) -> str:
    return squash(cells[column]) if column is not None and column < len(cells) else ""


def _row(cells: list[str], columns: dict[str, int | None], line: int) -> UprRow:
    """One row of the sheet as a recommendation."""
    value = {name: _cell(cells, column) for name, column in columns.items()}
    text = value["text"][:MAX_TEXT]
    row = UprRow(line, text)
    if not text:
        row.problem = "no recommendation text"
        return row
    paragraph = value["paragraph"].rstrip(".")
    lead = _PARAGRAPH.match(text)
    if lead and (not paragraph or paragraph == lead.group(1)):
        paragraph, row.text = lead.group(1), text[lead.end():]
    if paragraph and not _PARAGRAPH_VALUE.match(paragraph):
        if len(paragraph) <= 20:
            row.notes.append(f"paragraph “{paragraph}” kept as written")
        else:
            row.notes.append("paragraph number too long; left empty")
            paragraph = ""
    row.paragraph = paragraph or None
    body, in_text = split_source_state(row.text)
    if in_text and (not value["state"] or normalise(value["state"]) == normalise(in_text)):
        row.text = body
    row.state = (value["state"] or in_text or "")[:200] or None
    row.response = _response(value["response"], row)
    row.cycle = _cycle(value["cycle"], row)
    row.symbol = _symbol(value["symbol"], row)
    row.addressee = value["addressee"][:200] or None
    return row


def _response(text: str, row: UprRow) -> UprResponse | None:
    """Supported or noted, from the words of the response column."""
    key = " ".join(re.sub(r"[^a-z]+", " ", normalise(text)).split())
    if not key:
        return None
    if any(word in key for word in _PARTIAL) or "/" in text:
        row.notes.append(f"response “{text[:40]}” is partly supported: left empty")
        return None
    if key in ("n", "r") or any(word in key for word in _NOTED):
        return UprResponse.NOTED
    if key in ("s", "a", "y", "yes") or any(word in key for word in _SUPPORTED):
        return UprResponse.SUPPORTED
    row.notes.append(f"response “{text[:40]}” is neither supported nor noted: left empty")
    return None


def _cycle(text: str, row: UprRow) -> int | None:
    """The cycle's number from "3", "3rd", "third", "III", "Cycle 3", "3rd cycle"."""
    key = normalise(text)
    if not key:
        return None
    digits = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", key)
    if digits and 0 < int(digits.group(1)) < 20:
        return int(digits.group(1))
    for word in re.findall(r"[a-z]+", key):
        if word in _ORDINALS:
            return _ORDINALS[word]
    row.notes.append(f"cycle “{text[:40]}” is not a number: left empty")
    return None


def _symbol(text: str, row: UprRow) -> str | None:
    """A UN document symbol such as A/HRC/41/8, as written (spaces removed)."""
    symbol = "".join(text.split())[:100]
    if not symbol:
        return None
    if not _SYMBOL.match(symbol):
        row.notes.append(f"document symbol “{symbol[:40]}” does not look like A/HRC/41/8")
    return symbol
