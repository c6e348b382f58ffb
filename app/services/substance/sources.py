"""The sections of a source's page: its findings by theme (and the archived ones), and the
recommendations it makes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Finding, Recommendation, Source
from app.services.sections import Sections

SOURCE_SECTIONS = Sections("sources", "source_id", "sources/_sections.html")


def by_theme(session: Session, findings: list) -> dict[str, list]:
    """The shown findings grouped under their theme's name, in the order they come."""
    grouped: dict[str, list] = {}
    for finding in findings:
        grouped.setdefault(finding.theme.name if finding.theme else "No theme", []).append(finding)
    return grouped


def _findings(source: Source):
    return (select(Finding).where(Finding.source_id == source.id)
            .options(selectinload(Finding.theme))
            .order_by(Finding.position, Finding.noted_on.desc().nulls_last(), Finding.id))


@SOURCE_SECTIONS.section("findings", "Findings", extra=by_theme, empty="No findings recorded.")
def findings(source: Source):
    """The source's findings (not archived) in their order, newest first within it."""
    return _findings(source).where(Finding.archived_at.is_(None))


@SOURCE_SECTIONS.section("archived_findings", "Archived findings", extra=by_theme,
                         empty="No archived findings.")
def archived_findings(source: Source):
    """The source's archived findings, which can be restored."""
    return _findings(source).where(Finding.archived_at.is_not(None))


@SOURCE_SECTIONS.section("recommendations", "Recommendations from this source",
                         empty="No recommendation from this source.")
def recommendations(source: Source):
    """The recommendations the source makes (not archived), by priority."""
    return (select(Recommendation).where(Recommendation.source_id == source.id,
                                         Recommendation.archived_at.is_(None))
            .order_by(Recommendation.priority, Recommendation.id))
