"""Briefing-paper import: read (Markdown, plain text, Word, PDF), parse, match, save.

Modules: ``readers`` (content sniffing, then the ``markdown``, ``plaintext``, ``word`` and
``pdf`` readers into the block model of ``lines``, their cost bounded by ``budget``;
``pagetext`` mends text copied from a PDF),
``parser`` (the state machine) with ``headings`` (what is a heading, what is not content),
``shapes`` (the shapes of a recommendation and its addressee; ``states`` for UPR recommending
states), ``prose`` (sentences), ``names`` (named persons and groups), ``entities`` (articles, key
figures) and ``inference`` (short titles, priorities, case statuses, date and publisher), all
into the plain data of ``model``; ``matcher`` (against existing records, with theme suggestions
from ``suggest``), ``edits`` (the officer's changes in the preview) and ``saver`` (one
transaction). ``parse_paper(data, filename)`` returns a
:class:`Briefing` (kept with a pending upload as JSON by ``stored``, so a paper is read once);
:func:`plan_import` matches it; :func:`save_import` writes the chosen items.
Every refusal is an :class:`ImportRefused` with a message for the officer.
"""

from __future__ import annotations

from app.services.imports.briefing.budget import ReadingBudget
from app.services.imports.briefing.edits import Edits, read_edits
from app.services.imports.briefing.matcher import ImportPlan, PlanItem, plan_import
from app.services.imports.briefing.model import Briefing
from app.services.imports.briefing.parser import parse_blocks
from app.services.imports.briefing.readers import ImportRefused, read_upload
from app.services.imports.briefing.saver import ImportResult, save_import

#: Default per-import limit (bytes); ``PARLEY_IMPORT_MAX_BYTES`` overrides it.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024


def check_size(data: bytes, limit: int | None) -> None:
    """Refuse a paper larger than ``limit`` bytes, with a friendly message."""
    limit = limit or DEFAULT_MAX_BYTES
    if len(data) > limit:
        raise ImportRefused(
            f"The paper is too large to import ({len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{limit / 1024 / 1024:.1f} MB). Split it or paste only the sections you need.")


def parse_paper(data: bytes, filename: str = "", limit: int | None = None,
                budget: ReadingBudget | None = None) -> Briefing:
    """Read and parse an uploaded or pasted paper; raise :class:`ImportRefused` when it cannot be
    (too large, unreadable, or past the reading budget's caps and time limit)."""
    check_size(data, limit)
    budget = budget or ReadingBudget()
    fallback = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "Imported briefing paper"
    briefing = parse_blocks(read_upload(data, budget), fallback_title=fallback)
    budget.check()
    return briefing


__all__ = ["Briefing", "Edits", "ImportPlan", "ImportRefused", "ImportResult", "PlanItem",
           "ReadingBudget", "check_size", "parse_paper", "plan_import", "read_edits", "save_import"]
