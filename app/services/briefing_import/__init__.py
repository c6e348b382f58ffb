"""Briefing-paper import: read (Markdown, plain text, Word), parse, match, save.

Modules: ``readers`` (content sniffing, then the ``markdown``, ``plaintext`` and ``word``
readers into the block model of ``lines``; ``pagetext`` mends text copied from a PDF),
``parser`` (the state machine) with ``headings`` (what is a heading, what is not content),
``shapes`` (the shapes of a recommendation and its addressee; ``states`` for UPR recommending
states), ``prose`` (sentences), ``names`` (named persons and groups), ``entities`` (articles, key
figures) and ``inference`` (short titles, priorities, case statuses, date and publisher), all
into the plain data of ``model``; ``matcher`` (against existing records, with theme suggestions
from ``suggest``), ``edits`` (the officer's changes in the preview) and ``saver`` (one
transaction). ``parse_paper(data, filename)`` returns a
:class:`Briefing`; :func:`plan_import` matches it; :func:`save_import` writes the chosen items.
Every refusal is an :class:`ImportRefused` with a message for the officer.
"""

from __future__ import annotations

from app.services.briefing_import.edits import Edits, read_edits
from app.services.briefing_import.matcher import ImportPlan, PlanItem, plan_import
from app.services.briefing_import.model import Briefing
from app.services.briefing_import.parser import parse_blocks
from app.services.briefing_import.readers import ImportRefused, read_upload
from app.services.briefing_import.saver import ImportResult, save_import

#: Default per-import limit (bytes); ``PARLEY_IMPORT_MAX_BYTES`` overrides it.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024


def check_size(data: bytes, limit: int | None) -> None:
    """Refuse a paper larger than ``limit`` bytes, with a friendly message."""
    limit = limit or DEFAULT_MAX_BYTES
    if len(data) > limit:
        raise ImportRefused(
            f"The paper is too large to import ({len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{limit / 1024 / 1024:.1f} MB). Split it or paste only the sections you need.")


def parse_paper(data: bytes, filename: str = "", limit: int | None = None) -> Briefing:
    """Read and parse an uploaded or pasted paper; raise :class:`ImportRefused` when it cannot be."""
    check_size(data, limit)
    fallback = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "Imported briefing paper"
    return parse_blocks(read_upload(data), fallback_title=fallback)


__all__ = ["Briefing", "Edits", "ImportPlan", "ImportRefused", "ImportResult", "PlanItem",
           "check_size", "parse_paper", "plan_import", "read_edits", "save_import"]
