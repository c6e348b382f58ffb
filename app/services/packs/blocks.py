"""The outline's building blocks: runs of styled text, blocks, and the outline being written.

An :class:`Outline` is written part by part (:mod:`app.services.packs.outline` decides which
parts and in what order) and remembers what it has said, so no sentence is printed twice. Every
format prints the finished list of :class:`Block` (HTML, PDF, DOCX, Markdown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Styles a run of text may have; every printer knows each.
STYLES = ("", "strong", "meta", "flag", "alert")


@dataclass(frozen=True)
class Run:
    """A piece of text in one style."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Block:
    """One block of the outline.

    ``kind`` is one of: ``marking`` (the audience marking), ``heading`` (``level`` 1-3),
    ``details`` (label / value ``rows``), ``para`` (``runs``; ``style`` "note" or "empty"),
    ``list`` and ``numbered`` (``items``, each a tuple of runs), ``table`` (``rows``, the first
    the header), ``annexes`` (where the annexes start: a new page on paper).
    """

    kind: str
    level: int = 0
    runs: tuple[Run, ...] = ()
    items: tuple[tuple[Run, ...], ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    style: str = ""

    @property
    def text(self) -> str:
        """The block's runs as plain text."""
        return "".join(run.text for run in self.runs)


@dataclass
class Outline:
    """An outline being written, which remembers what it has said (no sentence twice)."""

    blocks: list[Block] = field(default_factory=list)
    said: set[str] = field(default_factory=set)
    #: Recommendation id -> where it stands among the asks ("ask 2"), to refer to it there.
    asked: dict[int, str] = field(default_factory=dict)

    def fresh(self, text: str) -> bool:
        """True the first time a text is said; a text said already is left out or referred to."""
        key = text_key(text)
        if not key:
            return False
        if key in self.said:
            return False
        self.said.add(key)
        return True

    def heading(self, level: int, text: str) -> None:
        """A heading (1 title, 2 part, 3 within a part)."""
        self.blocks.append(Block("heading", level=level, runs=(Run(text),)))

    def para(self, *runs, style: str = "") -> None:
        """A paragraph of runs (strings are plain runs); nothing when every run is empty."""
        runs = _runs(runs)
        if runs:
            self.blocks.append(Block("para", runs=runs, style=style))

    def empty(self, text: str) -> None:
        """A line saying a part has nothing in it."""
        self.para(text, style="empty")

    def items(self, items, numbered: bool = False) -> None:
        """A bulleted (or numbered) list; each item a sequence of runs."""
        rows = tuple(r for r in (_runs(item) for item in items) if r)
        if rows:
            self.blocks.append(Block("numbered" if numbered else "list", items=rows))

    def items_or_empty(self, items, empty: str) -> None:
        """A bulleted list of ``items``, or the line ``empty`` when there are none."""
        if items:
            self.items(items)
        else:
            self.empty(empty)

    def details(self, rows) -> None:
        """Label / value pairs (the cover)."""
        rows = tuple((label, value) for label, value in rows if value)
        if rows:
            self.blocks.append(Block("details", rows=rows))

    def table(self, header: tuple[str, ...], rows) -> None:
        """A table with a header row."""
        rows = tuple(tuple(cell or "" for cell in row) for row in rows)
        if rows:
            self.blocks.append(Block("table", rows=(header, *rows)))


def text_key(text: str) -> str:
    """A text folded for comparing (case, punctuation and spacing ignored)."""
    return re.sub(r"\W+", " ", (text or "").casefold()).strip()


def _runs(runs) -> tuple[Run, ...]:
    result = []
    for run in runs:
        if run is None:
            continue
        run = run if isinstance(run, Run) else Run(str(run))
        if run.text:
            result.append(run)
    return tuple(result) if any(r.text.strip() for r in result) else ()


def strong(text: str) -> Run:
    """A run in bold."""
    return Run(text, "strong")


def meta(text: str) -> Run:
    """A run in small, muted type."""
    return Run(text, "meta")


def flag(text: str) -> Run:
    """A mark on an item ("Not yet raised with them", "overdue")."""
    return Run(text, "flag")


def alert(text: str) -> Run:
    """A mark that must not be missed ("Promise broken", "Confidential: not for external use")."""
    return Run(text, "alert")


def split(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """The core and the annexes of an outline."""
    for n, block in enumerate(blocks):
        if block.kind == "annexes":
            return blocks[:n], blocks[n + 1:]
    return blocks, []


def plain_lines(blocks: list[Block]) -> list[str]:
    """The outline as plain lines of text, in order (what every format must show)."""
    lines: list[str] = []
    for block in blocks:
        if block.kind in ("heading", "para", "marking"):
            lines.append(block.text)
        elif block.kind in ("list", "numbered"):
            lines.extend("".join(r.text for r in item) for item in block.items)
        elif block.kind in ("details", "table"):
            lines.extend(" ".join(row) for row in block.rows)
    return lines

