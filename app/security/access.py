"""Deny by default: who may call which route is decided here, in one table.

Every endpoint needs a signed-in user unless it is marked :func:`public`. Reads are open to
every role; writes (any method but GET, HEAD and OPTIONS) need an officer or an admin;
endpoints of the ``admin`` blueprint need an admin, those of the ``review`` queue an officer
or an admin. :func:`any_role` marks the few writes a viewer may make on their own account
(logout, their calendar link); :func:`writers_only` marks the few pages that only lead to a
write (comparing two persons to merge them), closed to viewers when read too.
"""

from __future__ import annotations

from flask import abort, current_app, request
from flask_login import current_user

from app.models import Role
from app.security.restricted_access import note_denied

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Blueprints whose every endpoint (reads included) needs one of these roles.
BLUEPRINT_ROLES = {"admin": (Role.ADMIN,), "review": (Role.ADMIN, Role.OFFICER)}
_PUBLIC: set[str] = {"static"}
_ANY_ROLE: set[str] = set()


def public(view):
    """Mark a view as reachable without signing in (login page, secret calendar feed)."""
    view.parley_public = True
    return view


def any_role(view):
    """Mark a write that every signed-in role may make (logout, own settings)."""
    view.parley_any_role = True
    return view


def writers_only(view):
    """Mark a page that only prepares a write: officers and admins only, even to read it."""
    view.parley_writers_only = True
    return view


def is_public(endpoint: str | None) -> bool:
    """True when ``endpoint`` may be reached without signing in."""
    if endpoint is None or endpoint in _PUBLIC:
        return True
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(view, "parley_public", False))


def required_role(endpoint: str, method: str) -> tuple[Role, ...]:
    """The roles allowed to call ``endpoint`` with ``method``."""
    blueprint = endpoint.split(".", 1)[0] if "." in endpoint else None
    if blueprint in BLUEPRINT_ROLES:
        return BLUEPRINT_ROLES[blueprint]
    view = current_app.view_functions.get(endpoint)
    if getattr(view, "parley_writers_only", False):
        return (Role.ADMIN, Role.OFFICER)
    if method in SAFE_METHODS or getattr(view, "parley_any_role", False):
        return (Role.ADMIN, Role.OFFICER, Role.VIEWER)
    return (Role.ADMIN, Role.OFFICER)


def enforce_access():
    """``before_request`` hook: redirect anonymous users to login, refuse roles with 403."""
    endpoint = request.endpoint
    if is_public(endpoint):
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if current_user.role not in required_role(endpoint, request.method):
        # The refusal is audited, but not committed here: a commit in a before_request hook
        # would also commit whatever the request's session holds by then, and its failure
        # would turn the 403 into a 500. The call is noted instead, and the after_request
        # writer of app.security.restricted_access stores it in a transaction of its own, so
        # the entry is kept although the request ends in 403 and its session is rolled back.
        note_denied(endpoint, request.method)
        abort(403)
    return None
