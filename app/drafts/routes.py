"""Drafts of long forms: read, save and discard one's own (JSON for ``static/drafts.js``),
and the page completing a save held over a new sign-in.

Every draft is the signed-in user's own: a form address is all a request names, and it is
looked up among that user's drafts only, so another user's draft cannot even be asked for.
"""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup, escape

from app.drafts.held import RESUME_KEY, discard_after_save
from app.drafts.reading import read_draft
from app.drafts.registry import form_at, keeps_drafts
from app.extensions import db
from app.services.drafts import DraftTooLarge, discard_draft, find_draft, save_draft

bp = Blueprint("drafts", __name__, url_prefix="/drafts")
bp.after_app_request(discard_after_save)


def _fields(raw: str | None) -> list | None:
    """The posted ``fields`` JSON as ``[name, value]`` pairs of text; None when malformed."""
    try:
        pairs = json.loads(raw or "[]")
    except ValueError:
        return None
    if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(v, str) for v in p)
            for p in pairs):
        return None
    return pairs


def _json(status: int = 200, **payload):
    """A JSON response with its text as written (not ``\\u`` escapes), so that the masking at
    the web's edge reads every name in it, Cyrillic ones too."""
    return current_app.response_class(json.dumps(payload, ensure_ascii=False), status=status,
                                      mimetype="application/json")


def _left_out_message(count: int) -> str | None:
    """What the page says when records named in a draft were left out."""
    if not count:
        return None
    if count == 1:
        return ("One record named in the draft is not in Parley, or not available to you: "
                "it was left out.")
    return (f"{count} records named in the draft are not in Parley, or not available to you: "
            "they were left out.")


@bp.get("/form")
def show():
    """The user's draft of the form at ``?path=``, its records read through the visibility
    rule; 204 (nothing) when the user has none there, 404 for an address keeping no drafts."""
    entry, path = form_at(request.args.get("path"))
    draft = find_draft(db.session, current_user, path)
    if draft is None:
        return "", 204
    read = read_draft(entry, draft.fields)
    return _json(found=True, saved_at=draft.updated_at.isoformat(), fields=read.fields,
                 labels=read.labels, left_out=_left_out_message(read.left_out))


@bp.post("/form")
def save():
    """Keep the posted ``fields`` (JSON pairs) as the user's draft of the form at ``path``."""
    _, path = form_at(request.form.get("path"))
    pairs = _fields(request.form.get("fields"))
    if pairs is None:
        return _json(400, saved=False, error="The draft could not be read.")
    try:
        draft = save_draft(db.session, current_user, path, pairs)
    except DraftTooLarge as exc:
        return _json(413, saved=False, error=str(exc))
    db.session.commit()
    return _json(saved=True, saved_at=draft.updated_at.isoformat())


@bp.delete("/form")
def discard():
    """Delete the user's draft of the form at ``?path=``."""
    _, path = form_at(request.args.get("path"))
    discard_draft(db.session, current_user, path)
    db.session.commit()
    return "", 204


@bp.get("/resume")
def resume():
    """After signing in again: the held save's form, posted again at once (with a button
    when scripts are off), with a fresh security token."""
    address = session.pop(RESUME_KEY, None)
    if not address:
        return redirect(url_for("dashboard.index"))
    entry, path = form_at(address)
    draft = find_draft(db.session, current_user, path)
    if draft is None:
        return redirect(url_for("dashboard.index"))
    read = read_draft(entry, draft.fields)
    message = _left_out_message(read.left_out)
    if message:
        flash(message, "warning")
    return render_template("drafts/resume.html", action=request.script_root + path,
                           fields=read.fields)


@bp.app_template_global()
def draft_attributes() -> Markup:
    """The attributes making this page's form keep drafts (``static/drafts.js``); nothing on
    a form that keeps none. A form sent back with messages is marked as posted."""
    if not keeps_drafts(request.endpoint):
        return Markup("")
    posted = " data-draft-posted" if request.method == "POST" else ""
    return Markup(f'data-draft="{escape(url_for("drafts.show"))}"{posted}')
