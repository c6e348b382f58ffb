"""The one-page meeting log, and the meetings list's filters.

Records are chosen with lookup fields (:mod:`app.lookup.fields`): the event, both sides'
attendees, the themes, what was raised, who committed and what about. Only "with whom" is a
select, over this meeting's own attendees and the new persons typed on the page
(:meth:`MeetingLogForm.apply_choices`). The form turns itself into a plain
:class:`app.services.meetings.log.MeetingLog` for the service; nothing but declared fields is read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
)

# SelectChoice (WTForms 3.2) is missing from the types-WTForms stubs.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Length, Optional, ValidationError

from app.lookup.fields import LookupField, LookupMultipleField
from app.meetings.row_forms import (
    ClockField,
    FollowUpForm,
    NewPersonForm,
    RaisingForm,
    as_choices,
    names_hidden,
)
from app.models import MeetingFormat, MeetingStatus, Stance
from app.record_views.forms import (
    DayField,
    ListFilters,
    TypedInput,
    blank_as_none,
    text_field,
    zone_name,
)
from app.security.cleaning import CleanForm
from app.services.meetings.log import FollowUpRow, MeetingLog, NewPerson, RaisingRow
from app.services.meetings.time_zones import UTC_NAME, local, meeting_zone, to_utc

# A field's ``errors`` is a list once the form validated, where the WTForms stubs say
# Sequence: the appends below are marked ``type: ignore[attr-defined]`` for that.

#: Blank rows offered on a fresh form, per repeatable section.
BLANK_ROWS = {"raisings": 3, "follow_ups": 2, "new_persons": 1}
#: The most rows of one kind a page may post (a safety limit, not a working one).
MAX_ROWS = 60


class MeetingLogForm(CleanForm):
    """Log a meeting on one page: details, attendees, what was raised, notes, follow-ups."""

    version = HiddenField()
    title = text_field("Title", 300,
                       description="Left empty: “Meeting with …” and the names of their "
                                    "attendees.")
    meeting_date = DayField("Date", required=True)
    starts_time = ClockField("Start time (local)", validators=[Optional()],
                            description="May stay empty for a meeting already held: the day "
                                        "alone is kept.")
    ends_time = ClockField("End time (local)", validators=[Optional()])
    time_zone = StringField("Time zone", default=UTC_NAME,
                            validators=[Optional(), Length(max=64), zone_name],
                            description="Where the meeting happens, e.g. Asia/Almaty or "
                                        "Europe/Brussels: the times above are local there.")
    place = text_field("Place", 300)
    format = SelectField("Format", choices=as_choices((f.value, f.label) for f in MeetingFormat),
                         default=MeetingFormat.IN_PERSON.value)
    event_id = LookupField("Dialogue event", kinds="events")
    status = SelectField("Status", choices=as_choices((s.value, s.label) for s in MeetingStatus),
                         default=MeetingStatus.PLANNED.value)
    purpose = text_field("Purpose: why this meeting", area=True)
    objective = text_field("Objective: what success looks like", area=True)
    themes = LookupMultipleField("Themes", kinds="themes")
    our_attendees = LookupMultipleField("Our attendees", kinds="users")
    their_attendees = LookupMultipleField("Their attendees", kinds="persons")
    delegation = LookupField("Add a delegation", kinds="organisations", noun="organisation",
                             description="Everyone with a current post there joins their "
                                         "attendees when you save.")
    new_persons = FieldList(FormField(NewPersonForm), min_entries=0, max_entries=MAX_ROWS)
    raisings = FieldList(FormField(RaisingForm), min_entries=0, max_entries=MAX_ROWS)
    notes = text_field("Notes (Markdown, internal)", area=True)
    outcome = text_field("Outcome", area=True)
    follow_ups = FieldList(FormField(FollowUpForm), min_entries=0, max_entries=MAX_ROWS)
    submit = SubmitField("Save meeting")
    #: Set by :meth:`validate`: True when the page has a problem to show.
    has_problems = False
    #: The officer logging (``u<id>``): new follow-up rows start with them as the owner.
    default_owner: str | None = None

    # ---- choices that depend on the page ------------------------------------------------

    def apply_choices(self) -> None:
        """Offer the new persons typed on the page as owners; offer their attendees and the
        new persons under "with whom" (a choice already made stays offered, to be checked)."""
        news = self._new_person_choices()
        entry: FormField[Any]  # a row of any section
        near = {"event": self.event_id.data} if isinstance(self.event_id.data, int) else {}
        for entry in self.raisings:
            entry.form.subject.near = near
        for entry in self.follow_ups:
            entry.form.owner.extra_choices = news
            entry.form.owner.extra_group = "New on this page"
            entry.form.default_owner = self.default_owner
        whom = [entry.form.with_whom.data for entry in self.raisings]
        named = [int(w[1:]) for w in whom if w and w[:1] == "p" and w[1:].isdigit()]
        self.their_attendees.want(named)
        attendees = [(f"p{value}", label) for value, label in self.their_attendees.chosen_labels()]
        for entry in self.raisings:
            row, offered = entry.form, list(attendees)
            chosen = row.with_whom.data
            if chosen and chosen[:1] == "p" and chosen not in dict(offered):
                label = self.their_attendees.label_for(chosen[1:])
                if label is not None:
                    offered.append((chosen, label))
            row.with_whom.choices = (
                [SelectChoice("", "The meeting as a whole")]
                + [SelectChoice(v, text, optgroup="Their attendees") for v, text in offered + news])

    def _new_person_choices(self) -> list[tuple[str, str]]:
        choices = []
        for index, entry in enumerate(self.new_persons):
            name = entry.form.full_name.data
            choices.append((f"new{index}", f"{name} (new)" if name
                            else f"New person {index + 1} (from the form above)"))
        return choices

    def add_blank_rows(self, section: str, count: int = 1) -> None:
        """Append ``count`` blank rows to a repeatable section (keeps everything entered)."""
        rows = getattr(self, section)
        for _ in range(count):
            if len(rows) >= MAX_ROWS:
                break
            row = rows.append_entry().form
            if section == "follow_ups" and self.default_owner:
                row.owner.data = self.default_owner
        self.apply_choices()  # new rows, and the new person row in "with whom" and "who"

    def pad_rows(self) -> None:
        """Make sure each repeatable section shows its blank rows."""
        for section, count in BLANK_ROWS.items():
            rows = getattr(self, section)
            blanks = sum(1 for entry in rows if entry.form.is_blank())
            self.add_blank_rows(section, max(0, count - blanks))

    # ---- validation ---------------------------------------------------------------------

    def validate_ends_time(self, field) -> None:
        """The end cannot come before the start, nor be given without it."""
        if field.data and not self.starts_time.data:
            raise ValidationError("Enter the start time too, or clear the end time.")
        if field.data and self.starts_time.data and field.data <= self.starts_time.data:
            raise ValidationError("The end time must be after the start time.")

    def start_new(self, day: date, event=None, person_id: int | None = None) -> None:
        """Fill a fresh log: today (held, hour optional) unless the event is still to come."""
        if event is not None:
            self.event_id.data = event.id
        self.meeting_date.data = day
        self.status.data = (MeetingStatus.HELD.value if day <= date.today()
                            else MeetingStatus.PLANNED.value)
        if person_id:
            self.their_attendees.data = [person_id]

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the rules across rows (with whom must be an attendee)."""
        valid = super().validate(extra_validators)
        entry: FormField[Any]  # a row of any section
        if self.starts_time.data is None and not self.starts_time.errors \
                and self.status.data != MeetingStatus.HELD.value:
            self.starts_time.errors.append(  # type: ignore[attr-defined]
                "Enter the start time, e.g. 10:00 (only a held meeting may leave it out).")
            valid = False
        attendees = {f"p{i}" for i in (self.their_attendees.data or [])}
        attendees.update(f"new{i}" for i, entry in enumerate(self.new_persons)
                         if entry.form.full_name.data)
        for entry in self.raisings:
            row = entry.form
            who = row.with_whom.data
            if who and not row.remove.data and who not in attendees and not row.with_whom.errors:
                row.with_whom.errors.append(  # type: ignore[attr-defined]
                    "Choose one of their attendees (tick them under “Their attendees”), "
                    "or the meeting as a whole.")
                valid = False
        for entry in self.follow_ups:
            owner = entry.form.owner.data or ""
            if owner.startswith("new") and owner not in attendees and not entry.form.owner.errors:
                entry.form.owner.errors.append(  # type: ignore[attr-defined]
                    "That new person's row above is empty.")
                valid = False
        if not valid and not self.errors:
            self.form_errors.append("Some rows need attention: see the messages beside them.")
        self.has_problems = not valid
        return valid

    # ---- to and from the model ---------------------------------------------------------

    def load_meeting(self, meeting) -> None:
        """Fill a fresh form from a saved meeting (GET of the edit page)."""
        self.version.data = meeting.version
        for name in ("title", "place", "purpose", "objective", "notes", "outcome"):
            getattr(self, name).data = getattr(meeting, name)
        name = meeting_zone(meeting)
        self.time_zone.data = name
        starts = local(meeting.starts_at, name)
        self.meeting_date.data = starts.date()
        self.starts_time.data = (starts.time().replace(tzinfo=None) if meeting.time_known
                                 else None)
        self.ends_time.data = (local(meeting.ends_at, name).time().replace(tzinfo=None)
                               if meeting.ends_at else None)
        self.format.data = meeting.format.value
        self.status.data = meeting.status.value
        self.event_id.data = meeting.event_id
        self.our_attendees.data = [u.id for u in meeting.our_attendees]
        self.their_attendees.data = [p.id for p in meeting.their_attendees]
        self.themes.data = [t.id for t in meeting.themes]
        row: Any  # a raising's row, then a follow-up's
        for raising in meeting.raisings:
            if names_hidden(raising, "person"):
                continue  # with someone this user may not see: shown nowhere, kept as it is
            row = self.raisings.append_entry().form
            row.raising_id.data = raising.id
            row.subject.data = (f"r{raising.recommendation_id}" if raising.recommendation_id
                                else f"c{raising.case_id}" if raising.case_id
                                else f"t{raising.theme_id}" if raising.theme_id else "")
            row.with_whom.data = f"p{raising.person_id}" if raising.person_id else ""
            row.talking_point.data = raising.talking_point
            row.response.data = raising.response
            row.stance.data = raising.stance.value if raising.stance else ""
            row.our_reply.data = raising.our_reply
        for follow_up in meeting.follow_ups:
            if follow_up.archived_at is not None or names_hidden(follow_up, "owner_person") \
                    or names_hidden(follow_up, "case"):
                continue
            row = self.follow_ups.append_entry().form
            row.follow_up_id.data = follow_up.id
            row.description.data = follow_up.description
            row.owner.data = (f"u{follow_up.owner_user_id}" if follow_up.owner_user_id
                              else f"p{follow_up.owner_person_id}" if follow_up.owner_person_id
                              else "")
            row.due_on.data = follow_up.due_on
            row.link.data = (f"r{follow_up.recommendation_id}" if follow_up.recommendation_id
                             else f"c{follow_up.case_id}" if follow_up.case_id else "")

    def to_log(self) -> MeetingLog:
        """The validated form as plain data for :func:`save_meeting_log`."""
        day, name = self.meeting_date.data, (self.time_zone.data or "").strip() or UTC_NAME
        starts_at = to_utc(day, self.starts_time.data, name)  # type: ignore[arg-type]  # required
        ends_at = (to_utc(day, self.ends_time.data, name)  # type: ignore[arg-type]  # required
                   if self.ends_time.data else None)
        details = {
            "title": self.title.data, "starts_at": starts_at, "ends_at": ends_at,
            "time_known": self.starts_time.data is not None,
            "time_zone": None if name == UTC_NAME else name,
            "place": self.place.data or None, "format": MeetingFormat(self.format.data),
            "event_id": self.event_id.data,
            "purpose": self.purpose.data or None, "objective": self.objective.data or None,
            "notes": self.notes.data or None, "outcome": self.outcome.data or None,
            "status": MeetingStatus(self.status.data),
        }
        new_persons: list[NewPerson]
        renumber: dict[str, str]
        new_persons, renumber = [], {}
        for index, entry in enumerate(self.new_persons):
            row = entry.form
            if row.full_name.data:
                renumber[f"new{index}"] = f"new{len(new_persons)}"
                new_persons.append(NewPerson(row.full_name.data, row.organisation.data,
                                             row.role.data))
        raisings = [
            RaisingRow(subject=r.subject.data, with_whom=renumber.get(r.with_whom.data,
                                                                      r.with_whom.data),
                       talking_point=r.talking_point.data, response=r.response.data,
                       stance=Stance(r.stance.data) if r.stance.data else None,
                       our_reply=r.our_reply.data,
                       raising_id=r.raising_id.data,  # type: ignore[arg-type]  # int: filtered
                       remove=bool(r.remove.data))
            for r in (entry.form for entry in self.raisings) if not r.is_blank()
        ]
        follow_ups = [
            FollowUpRow(description=f.description.data,  # type: ignore[arg-type]  # validated
                        owner=renumber.get(f.owner.data, f.owner.data), due_on=f.due_on.data,
                        link=f.link.data or None,
                        follow_up_id=f.follow_up_id.data,  # type: ignore[arg-type]  # int: filtered
                        remove=bool(f.remove.data))
            for f in (entry.form for entry in self.follow_ups) if not f.is_blank()
        ]
        return MeetingLog(details, list(self.our_attendees.data or []),
                          list(self.their_attendees.data or []),
                          list(self.themes.data or []), new_persons, raisings, follow_ups,
                          delegation_id=self.delegation.data)


class MeetingListFilters(ListFilters):
    """The meetings list's search box and filters, like every list's (:class:`ListFilters`)."""

    q = StringField("Search", filters=[blank_as_none], validators=[Optional(), Length(max=200)],
                    render_kw={"placeholder": "Title, place, notes, a person's name…"},
                    widget=TypedInput())
    event = LookupField("Event", kinds="events")
    person = LookupField("Stakeholder", kinds="persons")
    date_from = DayField("From")
    date_to = DayField("To")

    def validate_date_to(self, field) -> None:
        """The range cannot end before it starts."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("“To” cannot be before “From”.")
