"""The preview of a UPR list, before anything is written: which rows are new, which Parley
already holds or the file repeats, and which earlier recommendation each new one may repeat.

**Duplicates.** A row is a duplicate of an earlier row of the file with the same paragraph of
the same document, or the same text from the same state in the same document; and of a
recommendation Parley holds from the same document (matched by its symbol, or for a list
without symbols by the source the same file made) with the same paragraph, or the same text and
state. Duplicates are reported and never imported.

**As recommended previously.** A new row is compared, by text similarity (rapidfuzz's
``token_sort_ratio`` on case-folded words, :data:`SIMILAR` or more), with *earlier*
recommendations: those of other documents, of an earlier cycle when both cycles are known.
The comparison is bounded: the candidates are chosen in SQL (live recommendations outside the
file's documents, those made by the file's recommending states first, then the newest) and
capped at :data:`MAX_CANDIDATES`, and fewer when the file is long, so that rows × candidates
stays under :data:`MAX_COMPARISONS`; each row is compared with the candidates, prepared once,
by ``rapidfuzz.process.extract``. The best match is offered in the preview, ticked, with its
score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from app.models import Recommendation, Source
from app.services.folding import normalise
from app.services.imports.upr.rows import UprList, UprRow, symbol_key

#: The lowest similarity (0-100) offered as "as recommended previously".
SIMILAR = 85
#: The most earlier recommendations one import compares with.
MAX_CANDIDATES = 2000
#: The most text comparisons one preview makes (rows × candidates).
MAX_COMPARISONS = 600_000


@dataclass
class Earlier:
    """An earlier recommendation a new row may repeat."""

    recommendation_id: int
    text: str
    score: int
    source_state: str | None = None
    symbol: str | None = None
    paragraph: str | None = None
    cycle: int | None = None

    @property
    def where(self) -> str:
        """Where it was made: "A/HRC/26/6, paragraph 123.4, cycle 2, Norway"."""
        parts = [self.symbol, f"paragraph {self.paragraph}" if self.paragraph else None,
                 f"cycle {self.cycle}" if self.cycle else None, self.source_state]
        return ", ".join(p for p in parts if p)


@dataclass
class RowPlan:
    """One row of the preview."""

    row: UprRow
    duplicate_of: str | None = None
    earlier: Earlier | None = None

    @property
    def status(self) -> str:
        """"new", "duplicate" or "error" (no text)."""
        return "error" if self.row.problem else "duplicate" if self.duplicate_of else "new"

    @property
    def key(self) -> str:
        """The row's checkbox value: "r" and its row number."""
        return f"r{self.row.line}"

    @property
    def link_key(self) -> str:
        """The checkbox value of its link to the earlier recommendation: "l" and the number."""
        return f"l{self.row.line}"


@dataclass
class UprPlan:
    """The preview of a whole list."""

    upr: UprList
    filename: str
    rows: list[RowPlan] = field(default_factory=list)
    #: How many earlier recommendations the new rows were compared with.
    candidates: int = 0

    def count(self, status: str) -> int:
        """Rows with ``status``."""
        return sum(1 for plan in self.rows if plan.status == status)

    def suggested(self) -> int:
        """New rows offered a link to an earlier recommendation."""
        return sum(1 for plan in self.rows if plan.status == "new" and plan.earlier)

    def keys(self) -> set[str]:
        """Every choice the preview offers (rows to import, links to make)."""
        keys = {plan.key for plan in self.rows if plan.status == "new"}
        return keys | {plan.link_key for plan in self.rows
                       if plan.status == "new" and plan.earlier}


def source_key(row: UprRow, filename: str) -> str:
    """Which source a row belongs to: its document symbol, else the file."""
    return row.symbol_key or f"file:{filename}"


def file_source_title(filename: str) -> str:
    """The title of the source made for rows without a document symbol."""
    return f"UPR recommendations from {filename}"[:500]


def build_plan(session: Session, upr: UprList, filename: str) -> UprPlan:
    """The preview: statuses, duplicates and earlier recommendations. Writes nothing."""
    plan = UprPlan(upr, filename, [RowPlan(row) for row in upr.rows])
    held = _held(session, upr, filename)
    seen_text: dict[tuple, int] = {}
    seen_paragraph: dict[tuple, int] = {}
    for entry in plan.rows:
        row = entry.row
        if row.problem:
            continue
        where = source_key(row, filename)
        text_key = (where, normalise(row.text), normalise(row.state or ""))
        paragraph_key = (where, row.paragraph) if row.paragraph else None
        if paragraph_key in seen_paragraph:
            entry.duplicate_of = (f"same paragraph {row.paragraph} as row "
                                  f"{seen_paragraph[paragraph_key]} of this file")
        elif text_key in seen_text:
            entry.duplicate_of = f"same text and state as row {seen_text[text_key]} of this file"
        elif paragraph_key in held.paragraphs:
            entry.duplicate_of = (f"already held: recommendation #{held.paragraphs[paragraph_key]}"
                                  f" (paragraph {row.paragraph})")
        elif text_key in held.texts:
            entry.duplicate_of = f"already held: recommendation #{held.texts[text_key]}"
        if paragraph_key:
            seen_paragraph.setdefault(paragraph_key, row.line)
        seen_text.setdefault(text_key, row.line)
    _offer_earlier(session, plan, held.source_ids)
    return plan


@dataclass
class _Held:
    """What Parley already holds from the file's documents."""

    source_ids: set[int]
    paragraphs: dict[tuple, int]
    texts: dict[tuple, int]


def _held(session: Session, upr: UprList, filename: str) -> _Held:
    """The recommendations of the sources this file's rows belong to (by symbol or title)."""
    wanted = {source_key(row, filename) for row in upr.rows if not row.problem}
    symbols = {key for key in wanted if not key.startswith("file:")}
    sources: dict[int, str] = {}
    if symbols:
        for source_id, symbol in session.execute(
                select(Source.id, Source.document_symbol)
                .where(func.lower(Source.document_symbol).in_(sorted(symbols)))):
            sources[source_id] = symbol_key(symbol)
    if any(key.startswith("file:") for key in wanted):
        for source_id in session.scalars(select(Source.id).where(
                Source.title == file_source_title(filename), Source.document_symbol.is_(None))):
            sources[source_id] = f"file:{filename}"
    held = _Held(set(sources), {}, {})
    if not sources:
        return held
    for rec_id, source_id, text, state, paragraph in session.execute(
            select(Recommendation.id, Recommendation.source_id, Recommendation.text,
                   Recommendation.source_state, Recommendation.upr_paragraph)
            .where(Recommendation.source_id.in_(sources))
            .order_by(Recommendation.id)):
        where = sources[source_id]
        held.texts.setdefault((where, normalise(text), normalise(state or "")), rec_id)
        if paragraph:
            held.paragraphs.setdefault((where, paragraph), rec_id)
    return held


def _offer_earlier(session: Session, plan: UprPlan, own_sources: set[int]) -> None:
    """Find, for each new row, the most similar earlier recommendation (bounded, see above)."""
    new = [entry for entry in plan.rows if entry.status == "new"]
    if not new:
        return
    limit = min(MAX_CANDIDATES, MAX_COMPARISONS // len(new))
    if limit < 1:
        return
    states = sorted({entry.row.state for entry in new if entry.row.state})
    cycles = [entry.row.cycle for entry in new if entry.row.cycle]
    stmt = (select(Recommendation.id, Recommendation.text, Recommendation.source_state,
                   Recommendation.upr_paragraph, Source.document_symbol, Source.upr_cycle)
            .outerjoin(Source, Source.id == Recommendation.source_id)
            .where(Recommendation.archived_at.is_(None)))
    if own_sources:
        stmt = stmt.where(or_(Recommendation.source_id.is_(None),
                              Recommendation.source_id.not_in(own_sources)))
    if cycles and len(cycles) == len(new):
        stmt = stmt.where(or_(Source.upr_cycle.is_(None), Source.upr_cycle < max(cycles)))
    same_state = case((Recommendation.source_state.in_(states), 0), else_=1) if states else None
    order = [same_state] if same_state is not None else []
    candidates = session.execute(stmt.order_by(*order, Recommendation.id.desc())
                                 .limit(limit)).all()
    plan.candidates = len(candidates)
    if not candidates:
        return
    choices = [utils.default_process(c.text) for c in candidates]
    for entry in new:
        found = process.extract(utils.default_process(entry.row.text), choices,
                                scorer=fuzz.token_sort_ratio, processor=None,
                                score_cutoff=SIMILAR, limit=10)
        best = None
        for _, score, index in found:
            candidate = candidates[index]
            if entry.row.cycle and candidate.upr_cycle and candidate.upr_cycle >= entry.row.cycle:
                continue  # not earlier
            score = int(score)
            if best is None or score > best[0] or (
                    score == best[0] and candidate.source_state == entry.row.state):
                best = (score, candidate)
        if best is not None:
            score, candidate = best
            entry.earlier = Earlier(candidate.id, candidate.text, score, candidate.source_state,
                                    candidate.document_symbol, candidate.upr_paragraph,
                                    candidate.upr_cycle)
