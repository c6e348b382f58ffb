"""A save that meets an ended session is held, then completed after signing in again.

When a long form (:mod:`app.drafts.registry`) is posted after its author's session ended (the
idle or absolute timeout, or signed out elsewhere), the posted fields are kept encrypted
(:func:`app.services.drafts.hold_save`) under a one-time handle put in this browser's session
cookie, and the browser goes to sign in. The form's CSRF token was checked first, as for any
post. Signing in again (with the second factor when the user has one) in the same browser, as
the same user, within a few hours claims it (:func:`claim_after_sign_in`): the next page
(``drafts.resume``) posts the form again with a fresh token, so it is validated and saved
exactly like a normal save; a refused one comes back as the form with its messages, nothing
lost. A successful save of a long form deletes its draft (:func:`discard_after_save`).
"""

from __future__ import annotations

from flask import flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from app.drafts.registry import keeps_drafts
from app.extensions import db
from app.models import User
from app.security.audit import record
from app.security.sessions import ENDED_SESSION_OF, SIGNED_IN_AS, session_has_ended
from app.services.drafts import (
    DraftTooLarge,
    claim_held_save,
    delete_expired,
    discard_draft,
    hold_save,
)

#: Session key of the one-time handle of a held save.
HELD_KEY = "held_save"
#: Session key of the form address whose held save the next page completes.
RESUME_KEY = "resume_form"
HELD_MESSAGE = ("Your session had ended, so nothing was saved yet. Sign in again: Parley then "
                "completes the save with everything you typed.")


def _author_of_ended_session() -> User | None:
    """The user whose session this post arrived on, when that session has ended (timed out
    now or on an earlier request, or signed out elsewhere)."""
    if current_user.is_authenticated and not session_has_ended():
        return None  # a live session: the view saves it
    user_id = session.get(SIGNED_IN_AS) if "_user_id" in session \
        else session.get(ENDED_SESSION_OF)
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    return user if user is not None and user.is_active else None


def hold_unsaved_save():
    """``before_request`` step: hold a long form posted on an ended session and send the
    browser to sign in; None for every other request."""
    if request.method != "POST" or not keeps_drafts(request.endpoint):
        return None
    user = _author_of_ended_session()
    if user is None:
        return None
    try:
        handle = hold_save(db.session, user, request.path, request.form.items(multi=True))
    except DraftTooLarge:
        return None
    record(db.session, "save_held", user, user_id=user.id, changes={"form": request.path})
    db.session.commit()
    if current_user.is_authenticated:
        logout_user()
    session.clear()
    session[HELD_KEY] = handle
    flash(HELD_MESSAGE, "info")
    return redirect(url_for("auth.login"))


def claim_after_sign_in(user: User) -> str | None:
    """At sign-in: delete expired drafts (everyone's), then claim this browser's held save for
    ``user``; the address of the page that completes it, or None. The caller commits."""
    delete_expired(db.session())
    held = claim_held_save(db.session(), user, session.pop(HELD_KEY, None))
    if held is None:
        return None
    session[RESUME_KEY] = held.form_path
    return url_for("drafts.resume")


#: Where a post is sent when it did not save: signing in, re-authenticating, second factor.
NOT_SAVED = ("auth.login", "auth.reauth", "account.two_factor_setup")


def discard_after_save(response):
    """``after_request`` hook: a long form saved (answered with a redirect elsewhere than to
    sign in) no longer needs its draft."""
    if request.method != "POST" or response.status_code not in (302, 303) \
            or not keeps_drafts(request.endpoint) or not current_user.is_authenticated:
        return response
    target = (response.location or "").split("?")[0]
    if any(target.endswith(url_for(endpoint)) for endpoint in NOT_SAVED):
        return response
    if discard_draft(db.session, current_user, request.path):
        db.session.commit()
    return response
