"""Saving a previewed UPR list: the chosen rows as recommendations, in the caller's transaction.

One source per document symbol (found by its symbol, else created as the UPR working group's
report, with its cycle), or for rows without a symbol one source named after the file. Each
recommendation keeps its paragraph, recommending state and the state's response, gets a short
title (its first clause, as the briefing import makes it) and, when the officer kept the
suggestion, the earlier recommendation it repeats.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import ImplementationStatus, Recommendation, Source
from app.security.audit import record
from app.services.imports.briefing.inference import short_title
from app.services.imports.upr.plan import UprPlan, file_source_title, source_key
from app.services.imports.upr.rows import UprRow

#: Whom a UPR recommendation asks when neither the file nor the officer says.
DEFAULT_ADDRESSEE = "the State under review"
PUBLISHER = "UN Human Rights Council"


@dataclass
class UprResult:
    """What the import created."""

    created: int = 0
    linked: int = 0
    sources: int = 0
    recommendation_ids: list[int] = field(default_factory=list)
    source_ids: list[int] = field(default_factory=list)


def save_plan(session: Session, plan: UprPlan, declined: AbstractSet[str] = frozenset(),
              addressee: str | None = None) -> UprResult:
    """Create the new rows not in ``declined`` (and their links unless declined); flush."""
    result = UprResult()
    sources: dict[str, Source] = {}
    made: list[Recommendation] = []
    for entry in plan.rows:
        if entry.status != "new" or entry.key in declined:
            continue
        row = entry.row
        source = sources.get(source_key(row, plan.filename))
        if source is None:
            source = _source(session, row, plan.filename, result)
            sources[source_key(row, plan.filename)] = source
        previous_id = None
        if entry.earlier is not None and entry.link_key not in declined:
            previous_id = entry.earlier.recommendation_id
            result.linked += 1
        recommendation = Recommendation(
            text=row.text, short_title=short_title(row.text)[:200] or None,
            addressee=(row.addressee or addressee or DEFAULT_ADDRESSEE)[:200],
            source=source, source_state=row.state, upr_paragraph=row.paragraph,
            upr_response=row.response, previous_id=previous_id, priority=3,
            status=ImplementationStatus.NOT_STARTED)
        session.add(recommendation)
        made.append(recommendation)
        result.created += 1
    session.flush()
    result.recommendation_ids = [r.id for r in made]
    result.source_ids = sorted({s.id for s in sources.values()})
    record(session, "import", entity_type="recommendations", changes={
        "kind": "UPR list", "file": plan.filename[:200], "created": result.created,
        "linked": result.linked, "sources": result.sources,
        "skipped": plan.count("duplicate") + plan.count("error") + sum(
            1 for entry in plan.rows if entry.status == "new" and entry.key in declined)})
    return result


def _source(session: Session, row: UprRow, filename: str, result: UprResult) -> Source:
    """The source of a row: the document Parley holds under its symbol (symbols are stored
    without spaces; compared ignoring case), else a new one."""
    if row.symbol:
        source = session.scalar(select(Source).where(
            func.lower(Source.document_symbol) == row.symbol_key).order_by(Source.id).limit(1))
        if source is not None:
            if source.upr_cycle is None and row.cycle:
                source.upr_cycle = row.cycle
            return source
        title = f"Report of the Working Group on the Universal Periodic Review ({row.symbol})"
    else:
        title = file_source_title(filename)
        found = session.scalar(select(Source).where(Source.title == title,
                                                    Source.document_symbol.is_(None))
                               .order_by(Source.id).limit(1))
        if found is not None:
            return found
    source = Source(title=title[:500], publisher=PUBLISHER if row.symbol else None,
                    document_symbol=row.symbol, upr_cycle=row.cycle)
    session.add(source)
    result.sources += 1
    return source
