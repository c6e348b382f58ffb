"""Reading a table someone uploaded: CSV (comma, semicolon or tab) or an Excel workbook (.xlsx,
through openpyxl), as rows of cleaned text cells, at a bounded cost.

Used by the contacts import (CSV) and the UPR list import (CSV or .xlsx). A cell over
:data:`MAX_CELL` characters, a workbook that would unpack to more than :data:`MAX_UNPACKED`
bytes, or more than the caller's number of rows is refused with a message, never a 500.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from datetime import date, datetime

from app.security.cleaning import clean_text
from app.services.imports.briefing.lines import ImportRefused

#: The longest cell read, in characters. Set here on purpose (it is the csv module's
#: process-wide limit): a longer cell is refused with a message, never a 500.
MAX_CELL = 128 * 1024
csv.field_size_limit(MAX_CELL)
#: The most a workbook may unpack to (its XML parts together), against zip bombs.
MAX_UNPACKED = 64 * 1024 * 1024
#: The most columns read from a workbook row.
MAX_COLUMNS = 60
#: Reading a sheet stops after this many empty rows in a row (formatting that runs on).
MAX_EMPTY_RUN = 1000


def is_xlsx(data: bytes) -> bool:
    """True when the bytes are an Excel workbook (a ZIP holding ``xl/workbook.xml``)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def csv_rows(text: str) -> list[list[str]]:
    """Every row of a CSV (its separator guessed), cells cleaned (:func:`clean_text`)."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [[clean_text(cell) for cell in row] for row in reader]
    except csv.Error as error:
        if "field limit" in str(error):
            raise ImportRefused(
                f"A cell in row {reader.line_num} is longer than {MAX_CELL:,} characters. "
                "Check the file: a quote that is opened and never closed makes the rest of the "
                "file one cell.") from None
        raise ImportRefused(f"Row {reader.line_num} cannot be read as CSV ({error}).") from None


def xlsx_rows(data: bytes, max_rows: int) -> list[list[str]]:
    """The rows of a workbook's active sheet (at most ``max_rows`` with content), as text.

    Empty rows stay in the list as ``[]`` (so a row's place is its number in the sheet)
    until :data:`MAX_EMPTY_RUN` of them follow each other: the sheet is taken to end there.
    """
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRefused("This workbook is damaged; it cannot be read.") from None
    if unpacked > MAX_UNPACKED:
        raise ImportRefused(f"This workbook unpacks to {unpacked // (1024 * 1024)} MB; Parley "
                            f"reads workbooks up to {MAX_UNPACKED // (1024 * 1024)} MB. Save "
                            "the sheet as CSV and try again.")
    rows: list[list[str]] = []
    filled = empty_run = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = book.active or book.worksheets[0]
                for cells in sheet.iter_rows(max_col=MAX_COLUMNS):
                    row = [_cell_text(cell) for cell in cells]
                    if not any(row):
                        empty_run += 1
                        if empty_run >= MAX_EMPTY_RUN:
                            break
                        rows.append([])
                        continue
                    empty_run, filled = 0, filled + 1
                    if filled > max_rows:
                        raise ImportRefused(f"The sheet has more than {max_rows} rows; import "
                                            f"at most {max_rows} at a time.")
                    rows.append(row)
            finally:
                book.close()
    except ImportRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds on a malformed workbook
        raise ImportRefused(f"This workbook cannot be read ({type(error).__name__}). Save "
                            "the sheet as .xlsx or CSV again and retry.") from error
    return rows


def _cell_text(cell) -> str:
    """A workbook cell as the text it shows: 121.10 stays "121.10" when formatted so."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else \
            value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        decimals = _decimals(getattr(cell, "number_format", "") or "")
        if decimals is not None:
            return f"{value:.{decimals}f}"
        return str(int(value)) if value.is_integer() else repr(value)
    text = clean_text(str(value))
    if len(text) > MAX_CELL:
        raise ImportRefused(f"A cell in row {getattr(cell, 'row', '?')} is longer than "
                            f"{MAX_CELL:,} characters.")
    return text


def _decimals(number_format: str) -> int | None:
    """The fixed number of decimals a format such as "0.00" shows, else ``None``."""
    if "." not in number_format or number_format.replace(".", "").strip("0#") != "":
        return None
    return len(number_format.split(".", 1)[1])
