"""The meeting log's one-click picks (``/meetings/new?event_id=``) in the leak sweep.

:func:`raise_often` makes the planted restricted persons and cases what the event had most:
more rounds at the event, each met with Dinara and Timur and raising both at-risk cases. Were
the visibility rule to let them through, they would head the picks of every field.
:func:`picks_missing` is the sweep's proof that the picks were on the page it searched: the
visible ones (the official met, the recommendation raised) must be offered to the officer (a
viewer's log page is a read-only note).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from sqlalchemy.orm import Session

from app.models import Case, DialogueEvent, Meeting, MeetingStatus, Person, Raising

#: Rounds added at the event, each with the restricted persons and cases.
EXTRA_ROUNDS = 3
#: Picks of visible records the event's log must offer a normal-clearance reader.
VISIBLE_PICKS = ("Marat Temirov", "Release detained activists")


def raise_often(session: Session, world) -> None:
    """Add :data:`EXTRA_ROUNDS` held meetings at the planted event, each met with the
    restricted persons and raising both at-risk cases; commits."""
    event = session.get(DialogueEvent, world.named["event"])
    persons = [session.get(Person, world.named[name])
               for name in ("at_risk_person", "confidential_person")]
    cases = [session.get(Case, world.named[name]) for name in ("at_risk_case", "group_case")]
    for n in range(EXTRA_ROUNDS):
        day = world.today - timedelta(days=20 - n)
        meeting = Meeting(title=f"Side round {n + 1}", event=event, status=MeetingStatus.HELD,
                          starts_at=datetime.combine(day, time(9), tzinfo=UTC))
        meeting.their_attendees = list(persons)
        meeting.raisings = [Raising(case=case) for case in cases]
        session.add(meeting)
    session.commit()


def picks_url(world) -> str:
    """The address of a new log at the planted event, with its picks."""
    return f"/meetings/new?event_id={world.named['event']}"


def picks_missing(client, world) -> list[str]:
    """The visible picks that the log's page, fetched with ``client``, does not offer."""
    labels = re.findall(r'data-label="([^"]*)"', client.get(picks_url(world)).get_data(as_text=True))
    return [name for name in VISIBLE_PICKS if not any(name in label for label in labels)]
