"""Masking at the web's edge: every text response, the reader's own words, saves in a request."""

from __future__ import annotations

import contextlib
from urllib.parse import quote

from flask import g, has_request_context, request
from markupsafe import Markup
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.models import Person, PersonName
from app.security.masking.matcher import Matcher, matcher, mentions
from app.security.masking.text import MASK, mask_with, restore_masked
from app.security.visibility import ALL_LEVELS, current_levels

TEXT_MIMETYPES = ("text/", "application/json", "application/xml", "image/svg+xml")


def echo(*texts: str) -> None:
    """Declare text the reader supplied (an uploaded paper, a CSV file) that this page shows.

    A name the reader wrote themselves is not masked back at them: "[restricted]" in place
    of a name they typed would tell them a hidden record exists. Posted form values count
    automatically; a view showing an upload read on an earlier request declares it here.
    """
    g.setdefault("parley_echo", []).extend(t for t in texts if t)


def as_typed(text: str | None) -> Markup:
    """The reader's own words from the address (a search box, a name typed into a filter),
    to show back to them as they typed them.

    Every character becomes a numeric character reference: the browser shows the words
    unchanged, and :func:`mask_response`, which reads the page's text, finds no name in them.
    Masking a name the reader typed into "[restricted]" would tell them that a hidden record
    bears it. Unlike posted values (see :func:`echo`), words from the address are not left
    unmasked elsewhere on the page: only here, where the page echoes them.
    """
    return Markup("".join(f"&#{ord(char)};" for char in text or ""))


def as_typed_in_address(text: str | None) -> str:
    """The reader's own words for a link's address: every letter percent-encoded byte by
    byte, so that :func:`mask_response` finds no name in the link (a masked name would break
    it, and tell the reader that the name they typed is hidden); see :func:`as_typed`."""
    return "".join("".join(f"%{byte:02X}" for byte in char.encode()) if char.isalpha()
                   else quote(char, safe="") for char in text or "")


def _spoken(found: Matcher) -> frozenset[str]:
    """Folded spellings found in what the reader supplied in this request."""
    supplied = list(g.get("parley_echo") or [])
    if request.method == "POST":
        with contextlib.suppress(HTTPException):  # a body refused as too large has no form
            supplied += [value for _, value in request.form.items(multi=True)]
    if not supplied:
        return frozenset()
    return frozenset(m.spelling for m in mentions("\n".join(supplied), found))


def mask_response(response):
    """``after_request`` hook: mask the body of every text response for the current reader."""
    if response.direct_passthrough or response.is_streamed:
        return response
    if not (response.mimetype or "").startswith(TEXT_MIMETYPES):
        return response
    levels = g.get("parley_mask_levels") or current_levels(db.session)
    if set(levels) >= set(ALL_LEVELS):
        return response
    body = response.get_data(as_text=True)
    found = matcher(db.session)
    masked = mask_with(body, found, levels, spoken=_spoken(found))
    if masked is not body and masked != body:
        response.set_data(masked)
    return response


def _note_person_changes(session: Session, flush_context) -> None:
    """Forget this request's matcher when a person or a spelling was written."""
    if not has_request_context() or g.get("parley_matcher") is None:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Person | PersonName):
            g.pop("parley_matcher", None)
            return


def _restore_on_save(session: Session, flush_context, instances) -> None:
    """Before a flush in a request: names a reader saw masked are kept in the text they save."""
    if not has_request_context():
        return
    levels = current_levels(session)
    if set(levels) >= set(ALL_LEVELS):
        return
    found = None
    for obj in session.dirty:
        state = inspect(obj)
        for attr in state.mapper.column_attrs:  # text of any column type, encrypted ones too
            history = state.attrs[attr.key].history
            if not history.deleted or not history.added:
                continue
            old, new = history.deleted[0], history.added[0]
            if not isinstance(old, str) or not isinstance(new, str) or MASK not in new:
                continue
            found = found or matcher(session)
            restored = restore_masked(new, old, found, levels)
            if restored != new:
                setattr(obj, attr.key, restored)


def install(session_class=Session) -> None:
    """Attach the cache invalidation and the save-time restoring to every session."""
    if not event.contains(session_class, "before_flush", _restore_on_save):
        event.listen(session_class, "before_flush", _restore_on_save)
    if not event.contains(session_class, "after_flush", _note_person_changes):
        event.listen(session_class, "after_flush", _note_person_changes)
