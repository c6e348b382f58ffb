"""The demo's dialogue rounds and meetings, saved as an officer saves them.

Each meeting goes through the meeting log (:func:`save_meeting_log`), as if its lead officer
had filled in the page: details, both sides' attendees, themes and what was raised. Its
follow-ups are then entered with their history through the follow-up change service, dated
when they happened: "created" at the meeting, and done, kept or broken when they closed.
"""

from __future__ import annotations

from app.demo.data import LEAD_OFFICER, Demo
from app.models import (
    DialogueEvent,
    Direction,
    EventKind,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Stance,
    User,
)
from app.services.follow_ups.changes import (
    drop,
    mark_broken,
    mark_done,
    mark_kept,
    record_created,
)
from app.services.meetings.log import MeetingLog, RaisingRow, save_meeting_log

#: Meetings run from 10:00 to 11:00 UTC on their day; follow-ups close at 16:00.
STARTS_AT_HOUR, ENDS_AT_HOUR, CLOSED_AT_HOUR = 10, 11, 16


def build_events(demo: Demo) -> None:
    """Last year's dialogue round and the coming one."""
    for spec in demo.data["events"]:
        day = demo.day(spec)
        demo.events[spec["key"]], _ = demo.get_or_create(
            DialogueEvent, "events", {"title": spec["title"]}, kind=EventKind.DIALOGUE,
            starts_on=day, ends_on=day, place=spec["place"], counterpart_country="Kazakhstan",
            objectives=spec["objectives"], created_by_id=demo.users[LEAD_OFFICER].id)


def build_meetings(demo: Demo) -> None:
    """The meetings of both rounds, with attendees, themes, raisings and follow-ups; a
    meeting already there (by its title) is left as it is."""
    for spec in demo.data["meetings"]:
        found = demo.find(Meeting, title=spec["title"])
        demo.meetings[spec["key"]] = found if found is not None else _log_meeting(demo, spec)


def _log_meeting(demo: Demo, spec: dict) -> Meeting:
    """Save one meeting through the meeting log, as its lead officer (the first of ours)."""
    lead = demo.users[spec["ours"][0]]
    details = {
        "title": spec["title"], "event_id": demo.events[spec["event"]].id,
        "starts_at": demo.at(spec, hour=STARTS_AT_HOUR),
        "ends_at": demo.at(spec, hour=ENDS_AT_HOUR), "place": spec["place"],
        "format": MeetingFormat(spec["format"]), "status": MeetingStatus(spec["status"]),
        "purpose": spec["purpose"], "objective": spec["objective"], "notes": spec["notes"],
        "outcome": spec.get("outcome"),
    }
    log = MeetingLog(
        details=details,
        our_attendee_ids=[demo.users[key].id for key in spec["ours"]],
        their_attendee_ids=[demo.persons[name].id for name in spec["theirs"]],
        theme_ids=[demo.themes[key].id for key in spec["themes"]],
        raisings=[_raising_row(demo, raising) for raising in spec.get("raisings", [])],
    )
    meeting = Meeting()
    with demo.acting_as(lead):
        save_meeting_log(demo.session, meeting, log, lead, today=demo.today)
        demo.counts["meetings"] += 1
        demo.counts["raisings"] += len(log.raisings)
        for follow_up in spec.get("follow_ups", []):
            _follow_up(demo, meeting, lead, follow_up)
    return meeting


def _raising_row(demo: Demo, spec: dict) -> RaisingRow:
    """One row of "what was raised": a recommendation (by short title) or a case (by title),
    raised with one person, in the meeting log's references."""
    if "recommendation" in spec:
        subject = f"r{demo.recs[spec['recommendation']].id}"
    else:
        subject = f"c{demo.cases[spec['case']].id}"
    return RaisingRow(subject=subject, with_whom=f"p{demo.persons[spec['with']].id}",
                      talking_point=spec["point"], response=spec["response"],
                      stance=Stance(spec["stance"]), our_reply=spec["reply"])


def _closing(direction: Direction, status: FollowUpStatus):
    """The change service's function that closes a follow-up of ``direction`` as ``status``."""
    if status is FollowUpStatus.DROPPED:
        return drop
    if status is FollowUpStatus.BROKEN:
        return mark_broken
    return mark_done if direction is Direction.OURS else mark_kept


def _follow_up(demo: Demo, meeting: Meeting, lead: User, spec: dict) -> None:
    """One commitment from the meeting, ours or theirs, with its history: created at the
    meeting by its lead officer, then closed (by its owner, or for theirs by the lead
    officer) when the file says it was."""
    direction = Direction(spec["direction"])
    ours = direction is Direction.OURS
    owner_user = demo.users[spec["owner"]] if ours else None
    rec, case = demo.recs.get(spec.get("recommendation", "")), demo.cases.get(spec.get("case", ""))
    follow_up = FollowUp(
        meeting=meeting, description=spec["description"], direction=direction,
        owner_user=owner_user, owner_person=None if ours else demo.persons[spec["owner"]],
        due_on=demo.day(spec, "due_"), status=FollowUpStatus.OPEN, recommendation=rec,
        case=case)
    demo.session.add(follow_up)
    demo.session.flush()
    record_created(demo.session, follow_up, lead.id, at=meeting.starts_at)
    demo.counts["follow_ups"] += 1
    demo.counts["follow_up_changes"] += 1
    status = FollowUpStatus(spec.get("status", FollowUpStatus.OPEN.value))
    if status is FollowUpStatus.OPEN:
        return
    closed_by = owner_user or demo.users[LEAD_OFFICER]
    _closing(direction, status)(demo.session, follow_up, spec.get("outcome", ""), closed_by.id,
                                at=demo.at(spec, "closed_", hour=CLOSED_AT_HOUR))
    demo.counts["follow_up_changes"] += 1
