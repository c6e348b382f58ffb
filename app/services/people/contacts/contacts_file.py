"""The contacts an upload holds, as named columns and rows, whatever its format (CSV, vCard)."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.imports.spreadsheets import MAX_CELL

__all__ = ["MAX_CELL", "MAX_ROWS", "ContactsFile"]

#: The most contacts (rows of a CSV, cards of a vCard file) read from one file.
MAX_ROWS = 5000


@dataclass
class ContactsFile:
    """A parsed contacts file: its headers and rows (each a list of cells).

    ``kind`` is "csv" or "vcard"; ``first_line`` is the number the first row is known by in
    the file (2 in a CSV, below its header row; 1 for the first card of a vCard file).
    """

    headers: list[str]
    rows: list[list[str]]
    kind: str = "csv"
    first_line: int = 2

    @property
    def unit(self) -> str:
        """What one row is called in this file: "row" (CSV) or "card" (vCard)."""
        return "card" if self.kind == "vcard" else "row"

    def sample(self, column: int) -> str:
        """The first non-empty value of a column, for the mapping page."""
        return next((row[column] for row in self.rows if column < len(row) and row[column]), "")
