"""Parley's own fictional papers (tests/fixtures/papers/) and the exact counts each must give.

Every paper is about the invented country Valdoria and invented people; none copies a sentence
of a real paper. The full briefing has the structure of the sample briefing (5 sections, 7
positive steps, 27 concerns, 20 recommendations, 16 named persons, 2 group cases); it is also
read as a Word file (with heading styles, and with headings that are only bold), as text
copied from a PDF and as a PDF file printed by WeasyPrint, built from the Markdown at test time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.models import Case, Finding, KeyFact, Person, Polarity, Recommendation, Source, Theme
from tests.briefing_renditions import docx_bytes, pdf_bytes, pdf_text

FOLDER = Path(__file__).parent / "fixtures" / "papers"


@dataclass(frozen=True)
class Expected:
    """What one paper must give."""

    title: str
    themes: int
    positive: int
    concern: int
    unthemed: int
    recommendations: int
    persons: int
    groups: int = 0
    facts: int = 0
    publisher: str | None = None
    published_on: str | None = None

    @property
    def findings(self) -> int:
        """Positive steps and concerns together."""
        return self.positive + self.concern


BRIEFING = Expected(
    title="Valdoria: Civic Space Before the EU-Valdoria Human Rights Dialogue", themes=5,
    positive=7, concern=27, unthemed=0, recommendations=20, persons=16, groups=2, facts=1,
    publisher="Valdoria Rights Watch and the Northern Legal Aid Circle",
    published_on="2026-03-02")

#: Paper name -> what it must give.
EXPECTED = {
    "briefing.md": BRIEFING,
    "briefing.docx": BRIEFING,
    "briefing-bold-headings.docx": BRIEFING,
    "briefing-from-pdf.txt": BRIEFING,
    "briefing.pdf": BRIEFING,
    "statement.txt": Expected(
        title="Joint statement on the detention of journalists in Valdoria", themes=0,
        positive=0, concern=3, unthemed=3, recommendations=6, persons=2,
        publisher="Valdoria Rights Watch, Press Freedom North and the Lake Ors Civic Forum",
        published_on="2026-02-16"),
    "open-letter.md": Expected(
        title="Open letter to the EU High Representative ahead of the EU-Valdoria Human Rights "
              "Dialogue", themes=0, positive=0, concern=5, unthemed=5, recommendations=6,
        persons=2, published_on="2026-03-09"),
    "news-update.txt": Expected(
        title="Valdoria: two bloggers jailed as pressure on online critics grows", themes=3,
        positive=0, concern=4, unthemed=0, recommendations=0, persons=2,
        published_on="2026-01-23"),
    "un-summary.txt": Expected(
        title="Universal Periodic Review of Valdoria: summary of the working group session",
        themes=0, positive=0, concern=4, unthemed=4, recommendations=7, persons=0,
        published_on="2025-11-12"),
    "pdf-text.txt": Expected(
        title="Valdoria: prisoners of conscience and the right to a fair trial", themes=2,
        positive=1, concern=4, unthemed=0, recommendations=5, persons=2,
        published_on="2026-03-20"),
}


def paper_bytes(name: str) -> bytes:
    """The bytes of a fixture paper, the Word and PDF-text renditions built on the fly."""
    if name == "briefing.docx":
        return docx_bytes(read("briefing.md"))
    if name == "briefing-bold-headings.docx":
        return docx_bytes(read("briefing.md"), bold_headings=True)
    if name == "briefing-from-pdf.txt":
        return pdf_text(read("briefing.md")).encode()
    if name == "briefing.pdf":
        return _briefing_pdf()
    return (FOLDER / name).read_bytes()


@functools.cache
def _briefing_pdf() -> bytes:
    """The briefing printed to PDF (made once per test run: WeasyPrint takes a second)."""
    return pdf_bytes(read("briefing.md"))


def read(name: str) -> str:
    """A fixture paper's text."""
    return (FOLDER / name).read_text(encoding="utf-8")


def imported_counts() -> dict[str, int]:
    """The records an import of the sample kind creates, by kind (inside an app context)."""
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))
    return {"themes": count(Theme), "findings": count(Finding),
            "positive": db.session.scalar(select(func.count()).select_from(Finding).where(
                Finding.polarity == Polarity.POSITIVE)),
            "recommendations": count(Recommendation), "persons": count(Person),
            "cases": count(Case), "group_cases": db.session.scalar(
                select(func.count()).select_from(Case).where(Case.is_group.is_(True))),
            "key_facts": count(KeyFact), "sources": count(Source)}
