"""The cost of reading one paper, bounded: paragraphs, runs, pages, characters and seconds.

A small file can hold a great deal (a 324 KB Word file with 120,000 paragraphs, a PDF page of
a million characters). Every reader counts what it reads against one :class:`ReadingBudget`
and stops with a friendly :class:`ImportRefused` when a cap or the time limit is passed, so a
paper never holds a worker for more than a few seconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from app.services.imports.briefing.lines import ImportRefused

#: Paragraphs (headings, list items, paragraphs) in one paper; a 200-page report has ~3,000.
MAX_PARAGRAPHS = 10_000
#: Word runs (stretches of text in one format) in one paper.
MAX_RUNS = 100_000
#: Pages of one PDF.
MAX_PAGES = 300
#: Characters drawn on one PDF page (a dense A4 page has about 5,000).
MAX_PAGE_CHARACTERS = 30_000
#: Seconds spent reading and parsing one paper.
MAX_SECONDS = 8.0

_SPLIT = "Split it, or paste only the sections you need."


@dataclass
class ReadingBudget:
    """What one paper may still cost; readers call :meth:`spend` and :meth:`check`."""

    paragraphs: int = MAX_PARAGRAPHS
    runs: int = MAX_RUNS
    pages: int = MAX_PAGES
    page_characters: int = MAX_PAGE_CHARACTERS
    seconds: float = MAX_SECONDS
    started_at: float = field(default_factory=time.monotonic)
    used: dict[str, int] = field(default_factory=lambda: {"paragraphs": 0, "runs": 0,
                                                           "pages": 0})

    def spend(self, what: str, count: int = 1) -> None:
        """Count ``count`` paragraphs, runs or pages; refuse the paper past the cap."""
        self.used[what] += count
        cap = getattr(self, what)
        if self.used[what] > cap:
            raise ImportRefused(
                f"This paper has more than {cap:,} {what}; Parley reads papers of up to "
                f"{cap:,} {what}. {_SPLIT}")

    def check(self) -> None:
        """Refuse the paper when reading it has taken longer than the time limit."""
        if time.monotonic() - self.started_at > self.seconds:
            raise ImportRefused(
                f"Reading this paper took longer than {self.seconds:g} seconds, so it was "
                f"stopped. {_SPLIT}")

    def page_too_dense(self, page: int) -> ImportRefused:
        """The refusal for a PDF page drawing more characters than a page can hold."""
        return ImportRefused(
            f"Page {page} of this PDF holds more than {self.page_characters:,} characters, "
            f"more than any readable page. {_SPLIT}")
