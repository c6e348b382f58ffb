"""Meetings: the list with filters, the meeting page, and the one-page meeting log."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.meetings.forms import BLANK_ROWS, MeetingListFilters, MeetingLogForm
from app.models import Affiliation, DialogueEvent, FollowUp, Meeting, Person, Raising
from app.record_views.archiving import add_archive_routes
from app.record_views.pages import searched_page
from app.record_views.saving import save_once
from app.record_views.sections import add_section_routes
from app.routing import int_arg
from app.security.record_loading import get_or_404
from app.services.meetings.lists import (
    MEETING_LIST_LOADS,
    MEETING_SORTS,
    MEETING_TEXTS,
    MeetingFilters,
    attendee_named,
    find_meetings,
)
from app.services.meetings.log import DELEGATION_LIMIT, MeetingLogError, save_meeting_log
from app.services.meetings.page import MEETING_SECTIONS
from app.services.meetings.picks import picks_for
from app.services.meetings.time_zones import COMMON_ZONES, default_zone
from app.services.people.names import possible_duplicates
from app.services.search.text_trigrams import meeting_texts_hold
from app.templating import format_datetime

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

#: The meeting and its attendees, loaded up front (no query per row); what grows is in
#: MEETING_SECTIONS.
MEETING_PAGE_LOADS = (
    joinedload(Meeting.event), selectinload(Meeting.our_attendees),
    selectinload(Meeting.themes),
    selectinload(Meeting.their_attendees).selectinload(Person.affiliations)
    .joinedload(Affiliation.organisation),
)
#: The meeting log edits every row: the page loads them all up front (no query per row).
#: The form holds ids; the labels of what they name are loaded by the lookup fields, one
#: query per kind. Only the persons and cases a row names are loaded with it: a row naming
#: one hidden from the user is left off the form.
MEETING_LOG_LOADS = (
    selectinload(Meeting.our_attendees),
    selectinload(Meeting.their_attendees),
    selectinload(Meeting.themes),
    selectinload(Meeting.raisings).joinedload(Raising.person),
    selectinload(Meeting.follow_ups).options(
        joinedload(FollowUp.owner_person), joinedload(FollowUp.case)),
)
#: The meeting's fields shown when a save is refused as stale.
STALE_LABELS = (("title", "Title"), ("starts_at", "Starts"), ("ends_at", "Ends"),
                ("place", "Place"), ("format", "Format"), ("status", "Status"),
                ("purpose", "Purpose"), ("objective", "Objective"), ("notes", "Notes"),
                ("outcome", "Outcome"))


@bp.route("/")
def index():
    """Meetings, newest first: one search box, filters by event, dates and stakeholder;
    archived ones too on request."""
    filters = MeetingListFilters(formdata=request.args).read()
    wanted = MeetingFilters(event_id=filters.value("event"),
                            person_id=filters.value("person"),
                            date_from=filters.value("date_from"), date_to=filters.value("date_to"),
                            archived=bool(filters.value("archived")))
    page = searched_page(find_meetings(db.session, wanted), filters.value("q"), Meeting,
                         MEETING_TEXTS, sorting=MEETING_SORTS, noun="meetings",
                         also=attendee_named(db.session), indexed=meeting_texts_hold,
                         options=MEETING_LIST_LOADS)
    return render_template("meetings/index.html", filters=filters, page=page)


@bp.route("/<int:meeting_id>")
def detail(meeting_id: int):
    """Everything logged about one meeting, with links to the people and issues raised."""
    meeting = get_or_404(Meeting, meeting_id, options=MEETING_PAGE_LOADS)
    return render_template("meetings/detail.html", m=meeting,
                           sections=MEETING_SECTIONS.latest(db.session(), meeting))


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Log a new meeting on one page: one already held today by default (status Held, the
    hour optional); ``?plan=1`` plans one on the event's first day. ``event_id`` and
    ``person_id`` fill in the event and the first of their attendees."""
    form = MeetingLogForm()
    if request.method == "GET":
        event = db.session.get(DialogueEvent, int_arg("event_id", 0))
        person = db.session.get(Person, int_arg("person_id", 0))
        planned = request.args.get("plan") == "1" and event is not None and event.starts_on
        form.start_new(event.starts_on if planned else date.today(), event,
                       person.id if person is not None else None)
        form.time_zone.data = default_zone(event, current_user)
        form.our_attendees.data = [current_user.id]
    return _meeting_log(form, None)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(meeting_id: int):
    """Change a meeting's log; a stale save is refused with the newer values."""
    meeting = get_or_404(Meeting, meeting_id, options=MEETING_LOG_LOADS)
    if request.method == "GET":
        form = MeetingLogForm(formdata=None)
        form.load_meeting(meeting)
    else:
        form = MeetingLogForm()
    return _meeting_log(form, meeting)


def _meeting_log(form: MeetingLogForm, meeting: Meeting | None):
    """Show the log form, add rows on "More rows", or save it in one transaction."""
    form.default_owner = f"u{current_user.id}"
    form.apply_choices()
    if request.method == "POST":
        section = request.form.get("more")
        if section in BLANK_ROWS:
            form.add_blank_rows(section)
            return _render_log(form, meeting)
        if form.validate_on_submit():
            if _flag_possible_duplicates(form):
                return _render_log(form, meeting), 422
            target = meeting or Meeting()
            user = current_user._get_current_object()
            try:
                outcome = save_once(
                    target, form.version.data,
                    lambda: save_meeting_log(db.session(), target, form.to_log(), user),
                    [name for name, _ in STALE_LABELS])
            except MeetingLogError:
                db.session.rollback()
                flash("Something on the page names a record that no longer exists. Nothing "
                      "was saved; check the rows and save again.", "error")
                return _render_log(form, meeting), 422
            if not outcome.is_stale:
                _flash_saved(outcome.result)
                return redirect(url_for("meetings.detail", meeting_id=target.id))
            form.version.data = str(target.version)
            return _render_log(form, meeting, newer=_readable(outcome.newer or {})), 409
        return _render_log(form, meeting), 422
    return _render_log(form, meeting)


def _flag_possible_duplicates(form: MeetingLogForm) -> bool:
    """Warn (and hold the save) when a new person's name is close to someone already here."""
    found = False
    for entry in form.new_persons:
        row = entry.form
        if row.full_name.data and not row.create_anyway.data:
            row.duplicates = possible_duplicates(db.session, [row.full_name.data])
            found = found or bool(row.duplicates)
    return found


def _render_log(form: MeetingLogForm, meeting: Meeting | None, newer: dict | None = None):
    if request.method == "GET":
        form.pad_rows()  # a posted page already carries its blank rows
    else:
        form.apply_choices()  # attendees found from typed names join "with whom"
    saved_follow_ups = {f.id: f for f in meeting.follow_ups} if meeting is not None else {}
    return render_template("meetings/form.html", form=form, meeting=meeting, newer=newer,
                           stale_labels=STALE_LABELS, saved_follow_ups=saved_follow_ups,
                           common_zones=COMMON_ZONES,
                           picks=picks_for(db.session(), form.event_id.data, current_user.id))


def _flash_saved(saved) -> None:
    flash(f"Meeting “{saved.meeting.title}” saved.", "success")
    if saved.delegation_left_out:
        flash(f"The delegation has {saved.delegation_left_out} more people than a meeting "
              f"takes at once ({DELEGATION_LIMIT}): add them by name.", "warning")
    for person in saved.new_persons:
        flash(f"New stakeholder {person.full_name} added.", "success")
    for follow_up in saved.past_due:
        flash(f"Follow-up “{follow_up.description[:80]}” is due on {follow_up.due_on:%d %b %Y}, "
              "which is already past: it is listed as overdue.", "warning")


def _readable(values: dict) -> dict:
    """The newer values as text for the stale notice."""
    readable = {}
    for name, value in values.items():
        if hasattr(value, "strftime"):
            value = format_datetime(value)
        elif hasattr(value, "label"):
            value = value.label
        readable[name] = value or "(empty)"
    return readable


def _detail_url(record) -> str:
    return url_for("meetings.detail", meeting_id=record.id)


add_archive_routes(bp, Meeting, "meeting_id", _detail_url)
add_section_routes(bp, MEETING_SECTIONS, Meeting)
