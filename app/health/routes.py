"""``/healthz``: public, no data, not rate-limited, not audited."""

from __future__ import annotations

from flask import Blueprint, jsonify

from app.extensions import db, limiter
from app.security.access import public
from app.services.admin.database_health import database_health

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
@limiter.exempt
def healthz():
    """200 ``{"database": "ok", "writable": true}``; 503 when the database cannot be written."""
    health = database_health(db.engine)
    return jsonify(health), 200 if health["writable"] else 503
