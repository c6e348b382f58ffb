"""Calendar: the secret iCal feed, the page where a user manages its link, meeting downloads."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.calendar.forms import CalendarLinkForm
from app.extensions import db
from app.models import Meeting, User
from app.security.access import any_role, public
from app.security.audit import record
from app.security.record_loading import get_or_404
from app.services.meetings import calendar as service

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

ICS_TYPE = "text/calendar; charset=utf-8"


def _meeting_link(meeting: Meeting) -> str:
    return url_for("meetings.detail", meeting_id=meeting.id, _external=True)


@bp.get("/<token>.ics")
@public
def feed(token: str):
    """The secret feed of one user's meetings and due dates; unknown or revoked: 404."""
    user = service.find_user_by_token(db.session(), token)
    if user is None:
        abort(404)
    body = service.build_feed(db.session(), user, link_for=_meeting_link)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = ICS_TYPE
    response.headers["Content-Disposition"] = 'inline; filename="parley.ics"'
    return response


@bp.route("/settings", methods=["GET", "POST"])
@any_role
def settings():
    """Create, regenerate or revoke the user's own calendar link."""
    form = CalendarLinkForm()
    if form.validate_on_submit():
        user = db.session.get(User, current_user.id)
        if form.revoke.data:
            service.revoke_calendar_link(user)
            record(db.session, "calendar_link_revoked", user)
            flash("Calendar link revoked: calendars using it get nothing from now on.", "success")
        else:
            replaced = user.calendar_token is not None
            service.new_calendar_link(user)
            record(db.session, "calendar_link_created", user)
            flash("New calendar link created." + (" The old link no longer works."
                                                  if replaced else ""), "success")
        db.session.commit()
        return redirect(url_for("calendar.settings"))
    link = None
    if current_user.calendar_token:
        link = url_for("calendar.feed", token=current_user.calendar_token, _external=True)
    return render_template("calendar/settings.html", form=form, link=link)


@bp.get("/meeting/<int:meeting_id>.ics")
def meeting_ics(meeting_id: int):
    """One meeting as an .ics file to add to a calendar."""
    meeting = get_or_404(Meeting, meeting_id)
    body = service.meeting_ics(db.session(), meeting.id, _meeting_link(meeting))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = ICS_TYPE
    response.headers["Content-Disposition"] = f'attachment; filename="meeting-{meeting.id}.ics"'
    return response
