"""Rendering a pack in a chosen format, and keeping an issued pack exactly as issued."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only, selectinload

from app.models import Audience, Case, Pack, PackFormat, Person, Sensitivity
from app.security.audit import record
from app.security.visibility import unrestricted

CONTENT_TYPES = {
    PackFormat.HTML: "text/html; charset=utf-8",
    PackFormat.PDF: "application/pdf",
    PackFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PackFormat.MARKDOWN: "text/markdown; charset=utf-8",
}
FORMAT_LABELS = {pack_format: pack_format.label for pack_format in PackFormat}


@dataclass(frozen=True)
class TravelCopy:
    """What makes an issued pack a travel copy: its passphrase and the day it expires."""

    secret: str
    until: date


class UnknownFormat(ValueError):
    """A format other than html, pdf, docx or md was asked for."""


def pack_format(value) -> PackFormat:
    """The :class:`PackFormat` for ``value`` ("html", "pdf", "docx", "md"), or UnknownFormat."""
    try:
        return PackFormat(value)
    except ValueError:
        raise UnknownFormat(f"Unknown format {value!r}: choose html, pdf, docx or md.") from None


def render(pack: dict, fmt) -> bytes:
    """The pack printed in ``fmt``, as bytes."""
    from app.services.packs.render_docx import render_docx
    from app.services.packs.render_html import render_html
    from app.services.packs.render_markdown import render_markdown
    from app.services.packs.render_pdf import render_pdf

    fmt = pack_format(fmt)
    if fmt is PackFormat.PDF:
        return render_pdf(pack)
    if fmt is PackFormat.DOCX:
        return render_docx(pack)
    if fmt is PackFormat.MARKDOWN:
        return render_markdown(pack).encode("utf-8")
    return render_html(pack).encode("utf-8")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "pack"


def pack_filename(pack: dict, fmt) -> str:
    """A download name such as ``pack-2026-12-04-government-delegation-external.pdf``."""
    fmt = pack_format(fmt)
    kind = "brief" if pack["kind"] == "event" else "pack"
    date = pack["cover"].get("iso_date") or "undated"
    return f"{kind}-{date}-{_slug(pack['cover']['title'])}-{pack['audience']}.{fmt.value}"


def issue_pack(session: Session, pack: dict, fmt, *, issued_by=None, meeting_id=None,
               event_id=None, via: str = "web", travel: TravelCopy | None = None) -> Pack:
    """Render ``pack`` and keep it as issued (file, snapshot, persons named); audit it. Flushes.

    With ``travel``, the pack is a travel copy: a PDF whatever ``fmt`` says, marked valid until
    ``travel.until`` and encrypted with ``travel.secret`` (kept nowhere by Parley)."""
    fmt = pack_format(fmt)
    if travel is not None:
        from app.services.packs.travel import encrypted, for_travel

        fmt, pack = PackFormat.PDF, for_travel(pack, travel.until)
        content = encrypted(render(pack, fmt), travel.secret)
    else:
        content = render(pack, fmt)
    issued = Pack(
        meeting_id=meeting_id, event_id=event_id, audience=Audience(pack["audience"]),
        format=fmt, issued_by_id=getattr(issued_by, "id", None), snapshot=pack,
        filename=pack_filename(pack, fmt), content_type=CONTENT_TYPES[fmt], content=content,
        sensitivity=Sensitivity(pack.get("sensitivity") or Sensitivity.AT_RISK),
        travel_until=travel.until if travel is not None else None,
    )
    if travel is not None:
        issued.filename = issued.filename.replace(f".{fmt.value}", f"-travel.{fmt.value}")
    ids = pack.get("persons_named") or []
    issued.persons_named = _rows(session, Person, ids)
    issued.persons_masked = _rows(session, Person, pack.get("persons_masked") or [])
    issued.cases_held = _rows(session, Case, pack.get("cases_held") or [])
    session.add(issued)
    session.flush()
    record(session, "pack_issued", issued, user_id=getattr(issued_by, "id", None), changes={
        "meeting_id": meeting_id, "event_id": event_id, "audience": pack["audience"],
        "format": fmt.value, "filename": issued.filename, "persons_named": len(ids), "via": via,
        "travel_until": travel.until.isoformat() if travel is not None else None})
    session.flush()
    return issued


def _rows(session: Session, model, ids) -> list:
    """The records with ``ids``, whatever the reader's clearance (the pack is sealed already)."""
    if not ids:
        return []
    stmt = select(model).where(model.id.in_(sorted(set(ids))))
    return list(session.scalars(unrestricted(stmt)))


def issued_packs(*criteria):
    """The packs matching ``criteria`` (a meeting's, an event's), newest first: a ``select``
    loading neither file nor snapshot.

    Packs holding records above the reader's clearance are left out by the visibility rule.
    """
    return (select(Pack).where(*criteria)
            .options(load_only(Pack.id, Pack.meeting_id, Pack.event_id, Pack.audience,
                               Pack.format, Pack.issued_at, Pack.issued_by_id, Pack.filename,
                               Pack.travel_until),
                     selectinload(Pack.issued_by))
            .order_by(Pack.issued_at.desc(), Pack.id.desc()))


def format_labels(session: Session, packs) -> dict:
    """How each format is named in lists of issued packs (the ``extra`` of their sections)."""
    return FORMAT_LABELS
