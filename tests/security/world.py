"""A small world with restricted records around one normal meeting, for the derived-sensitivity
and masking regressions.

- a dialogue event and a held, normal meeting with a normal attendee (Aigerim Normalova) and an
  at-risk attendee (Natalia Sadykova, also spelled "Наталья Садыкова");
- an at-risk GROUP case (no person), an at-risk case about the NORMAL person, a confidential
  case cleared for naming, and a normal case;
- follow-ups about each restricted record (ours, owned by the normal-clearance officer, due
  soon) and a stakeholder's promise by the at-risk person;
- raisings of the restricted cases and with the at-risk person;
- free text of normal records that names the at-risk person.

Every restricted text carries a marker starting with ``SECRET-`` so a test can look for all.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.extensions import db
from app.models import (
    Case,
    CaseUpdate,
    DialogueEvent,
    Direction,
    FollowUp,
    Meeting,
    MeetingStatus,
    Person,
    PersonName,
    Raising,
    Sensitivity,
    User,
)

AT_RISK_NAME = "Natalia Sadykova"
AT_RISK_SPELLINGS = ("Natalia Sadykova", "Наталья Садыкова", "Sadykova Natalia")
MARK = "SECRET-"


def build_world(officer: User | None = None, *, at_risk_attends: bool = True) -> dict:
    """Create the world (committed); returns the ids by name.

    ``at_risk_attends=False`` keeps the at-risk person away from the meeting (no attendance,
    raising or promise), so only the cases and free text carry restricted content.
    """
    today = date.today()
    event = DialogueEvent(title="Human Rights Dialogue round", starts_on=today)
    normal = Person(full_name="Aigerim Normalova", sensitivity=Sensitivity.NORMAL)
    at_risk = Person(full_name=AT_RISK_NAME, sensitivity=Sensitivity.AT_RISK,
                     notes=f"{MARK}person-notes",
                     other_names=[PersonName(name="Наталья Садыкова", script="Cyrillic")])
    group = Case(title=f"{MARK}group-case Oyan defendants", is_group=True,
                 sensitivity=Sensitivity.AT_RISK, charges=f"{MARK}group-charges",
                 summary=f"{MARK}group-summary", may_be_named=True)
    about_normal = Case(title=f"{MARK}case-about-normal", person=normal,
                        sensitivity=Sensitivity.AT_RISK, charges=f"{MARK}normal-charges")
    named_confidential = Case(title=f"{MARK}confidential-named", is_group=True,
                              sensitivity=Sensitivity.CONFIDENTIAL, may_be_named=True)
    open_case = Case(title="Open case of a blogger", sensitivity=Sensitivity.NORMAL,
                     may_be_named=True)
    meeting = Meeting(
        title="Meeting with the EEAS desk", event=event, status=MeetingStatus.HELD,
        starts_at=datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9),
        their_attendees=[normal, at_risk] if at_risk_attends else [normal],
        notes=f"We spoke about {AT_RISK_NAME} and her lawyer.",
    )
    if officer is not None:
        meeting.our_attendees = [db.session.get(User, officer.id)]
    db.session.add_all([event, normal, at_risk, group, about_normal, named_confidential,
                        open_case, meeting])
    db.session.flush()
    owner = officer.id if officer is not None else None
    due = today + timedelta(days=2)
    follow_ups = [
        FollowUp(meeting=meeting, description=f"{MARK}follow-up-group-case", case=group,
                 direction=Direction.OURS, owner_user_id=owner, due_on=due),
        FollowUp(meeting=meeting, description=f"{MARK}follow-up-case-about-normal",
                 case=about_normal, direction=Direction.OURS, owner_user_id=owner, due_on=due),
        FollowUp(meeting=meeting, description=f"{MARK}follow-up-promise-by-at-risk",
                 direction=Direction.THEIRS, owner_person_id=at_risk.id, due_on=due,
                 archived_at=None if at_risk_attends else meeting.starts_at),
        FollowUp(meeting=meeting, description=f"Send a note about {AT_RISK_NAME}",
                 direction=Direction.OURS, owner_user_id=owner, due_on=due),
        FollowUp(meeting=meeting, description="Send the desk the open letter",
                 direction=Direction.OURS, owner_user_id=owner, due_on=due),
    ]
    raisings = [
        Raising(meeting=meeting, case=group, response=f"{MARK}raising-group-response"),
        Raising(meeting=meeting, case=about_normal, talking_point=f"{MARK}raising-point"),
        Raising(meeting=meeting, case=open_case, person=at_risk if at_risk_attends else normal,
                response=f"{MARK}raising-with-at-risk"),
        Raising(meeting=meeting, case=open_case, person=normal,
                response="They will look into the blogger's case."),
        Raising(meeting=meeting, case=named_confidential, person=normal,
                response=f"{MARK}raising-confidential-response"),
    ]
    updates = [
        CaseUpdate(case=group, happened_on=today, text=f"{MARK}group-update"),
        CaseUpdate(case=open_case, happened_on=today,
                   text=f"Hearing postponed; {AT_RISK_NAME} testified."),
    ]
    db.session.add_all(follow_ups + raisings + updates)
    db.session.commit()
    return {
        "event": event.id, "meeting": meeting.id, "normal": normal.id, "at_risk": at_risk.id,
        "group": group.id, "about_normal": about_normal.id,
        "named_confidential": named_confidential.id, "open_case": open_case.id,
        "follow_ups": [f.id for f in follow_ups],
    }


def leaks(text: str) -> list[str]:
    """The markers and at-risk spellings found in ``text`` (case-insensitive)."""
    lowered = text.lower()
    found = [s for s in AT_RISK_SPELLINGS if s.lower() in lowered]
    if MARK.lower() in lowered:
        start = lowered.index(MARK.lower())
        found.append(text[start:start + 40])
    return found
