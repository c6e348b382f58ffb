"""``GET /lookup/<kinds>?q=``: the type-ahead lists of every lookup field, as JSON.

``kinds`` names one kind (``persons``) or several (``recommendations,cases,themes``, whose
results carry prefixed values such as ``r12``); ``all=1`` includes archived records (the
audit log's user filter); ``event=<id>`` puts the recommendations and cases already raised at
that dialogue event first (the meeting log's "What was raised"). Signed-in users only (the access rule), at most 20 results, the
query cleaned and cut to 100 characters, and a per-user rate limit generous for typing but
not for scraping (``PARLEY_LOOKUP_LIMIT``, 300 a minute). The JSON goes through the name-masking hook like any text response.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from flask_login import current_user

from app.extensions import db, limiter
from app.routing import int_arg
from app.services.lookup import kinds_named, search

bp = Blueprint("lookup", __name__, url_prefix="/lookup")

#: The most kinds one request may name.
MAX_KINDS = 4


def _lookup_limit() -> str:
    return current_app.config["PARLEY_LOOKUP_LIMIT"]


def _user_key() -> str:
    return f"lookup-user-{current_user.get_id()}"


@bp.get("/<kinds>")
@limiter.limit(_lookup_limit, key_func=_user_key)
def find(kinds: str):
    """Records of ``kinds`` matching ``q``: ``{"results": [{value, label, detail, group}]}``."""
    try:
        chosen = kinds_named(kinds)
    except KeyError:
        abort(404)
    if len(chosen) > MAX_KINDS:
        abort(404)
    found = search(db.session(), chosen, request.args.get("q", ""),
                   everyone=request.args.get("all") == "1",
                   event_id=int_arg("event", 0) or None)
    mixed = len(chosen) > 1
    return jsonify(results=[choice.as_json(mixed) for choice in found])
