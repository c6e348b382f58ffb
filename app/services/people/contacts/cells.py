"""CSV for spreadsheets: cells that will not run as formulas, and a file Excel reads as UTF-8.

Every CSV export of Parley writes through :func:`spreadsheet_writer` and :func:`neutralise`.
"""

from __future__ import annotations

import csv
import io

#: The UTF-8 byte-order mark: without it Excel reads a CSV as the local code page and shows
#: Cyrillic (and every accent) as mojibake. Parsers that know UTF-8 ("utf-8-sig") skip it.
BOM = "\ufeff"

#: A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """The cell as text, with a leading apostrophe when it would start a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def spreadsheet_writer(buffer: io.StringIO):
    """A CSV writer on ``buffer`` (CRLF line ends) after writing the UTF-8 BOM to it."""
    buffer.write(BOM)
    return csv.writer(buffer, lineterminator="\r\n")
