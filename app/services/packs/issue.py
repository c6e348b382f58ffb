"""Rendering a pack in a chosen format, and keeping an issued pack exactly as issued."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Audience, Pack, PackFormat, Person
from app.security.audit import record

CONTENT_TYPES = {
    PackFormat.HTML: "text/html; charset=utf-8",
    PackFormat.PDF: "application/pdf",
    PackFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PackFormat.MARKDOWN: "text/markdown; charset=utf-8",
}
FORMAT_LABELS = {PackFormat.HTML: "HTML (print-ready)", PackFormat.PDF: "PDF",
                 PackFormat.DOCX: "Word (DOCX)", PackFormat.MARKDOWN: "Markdown"}


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
               event_id=None, via: str = "web") -> Pack:
    """Render ``pack`` and keep it as issued (file, snapshot, persons named); audit it. Flushes."""
    fmt = pack_format(fmt)
    content = render(pack, fmt)
    issued = Pack(
        meeting_id=meeting_id, event_id=event_id, audience=Audience(pack["audience"]),
        format=fmt, issued_by_id=getattr(issued_by, "id", None), snapshot=pack,
        filename=pack_filename(pack, fmt), content_type=CONTENT_TYPES[fmt], content=content,
    )
    ids = pack.get("persons_named") or []
    issued.persons_named = list(session.scalars(select(Person).where(Person.id.in_(ids)))) \
        if ids else []
    session.add(issued)
    session.flush()
    record(session, "pack_issued", issued, user_id=getattr(issued_by, "id", None), changes={
        "meeting_id": meeting_id, "event_id": event_id, "audience": pack["audience"],
        "format": fmt.value, "filename": issued.filename, "persons_named": len(ids), "via": via})
    session.flush()
    return issued


def issued_packs(session: Session, *, meeting_id: int | None = None,
                 event_id: int | None = None) -> list[dict]:
    """Packs issued for a meeting or an event, newest first, each saying if the reader may open it.

    A pack may be opened by whoever can see its meeting or event *and* every person it names
    (two queries, whatever the number of packs).
    """
    from sqlalchemy.orm import joinedload, load_only

    stmt = select(Pack).options(
        load_only(Pack.id, Pack.meeting_id, Pack.event_id, Pack.audience, Pack.format,
                  Pack.issued_at, Pack.issued_by_id, Pack.filename),
        joinedload(Pack.issued_by))
    if meeting_id is not None:
        stmt = stmt.where(Pack.meeting_id == meeting_id)
    if event_id is not None:
        stmt = stmt.where(Pack.event_id == event_id)
    packs = list(session.scalars(stmt.order_by(Pack.issued_at.desc(), Pack.id.desc())))
    blocked = packs_not_cleared(session, [p.id for p in packs])
    return [{"pack": p, "may_open": p.id not in blocked,
             "format_label": FORMAT_LABELS[p.format]} for p in packs]


def packs_not_cleared(session: Session, pack_ids: list[int]) -> set[int]:
    """Ids of the packs naming a person the current reader is not cleared to see."""
    from app.models import pack_persons

    if not pack_ids:
        return set()
    rows = session.execute(select(pack_persons.c.pack_id, pack_persons.c.person_id)
                           .where(pack_persons.c.pack_id.in_(pack_ids))).all()
    named = {person_id for _, person_id in rows}
    visible = set()
    if named:
        visible = set(session.scalars(select(Person.id).where(Person.id.in_(named))))
    return {pack_id for pack_id, person_id in rows if person_id not in visible}
