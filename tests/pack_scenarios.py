"""A meeting with a long history, for the query-count test and the benchmark (``make bench``).

``build_history(session, attendees=10, recommendations=40, cases=15, earlier_meetings=200)``
creates one planned meeting whose attendees all sat in every earlier meeting, with raisings,
follow-ups, case updates and status changes spread over that history.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from app.models import (
    Affiliation,
    Case,
    CaseStatus,
    CaseUpdate,
    DialogueEvent,
    Direction,
    Finding,
    FollowUp,
    FollowUpStatus,
    ImplementationStatus,
    KeyFact,
    Meeting,
    MeetingStatus,
    Organisation,
    Person,
    Polarity,
    Raising,
    Recommendation,
    RecommendationStatusChange,
    Stance,
    Theme,
    User,
)


def build_history(session, attendees: int = 10, recommendations: int = 40, cases: int = 15,
                  earlier_meetings: int = 200) -> int:
    """Create the scenario and return the id of the meeting to build a pack for."""
    start = datetime(2026, 12, 1, 10, tzinfo=UTC)
    officer = User(email=f"bench{earlier_meetings}@parley.example", name="Bench Officer",
                   password_hash="x")
    org = Organisation(name="Ministry of Bench Affairs", acronym="MBA")
    event = DialogueEvent(title="Bench dialogue", counterpart_country="Kazakhstan",
                          starts_on=start.date())
    parent = Theme(name="Bench theme", position=1)
    child = Theme(name="Bench sub-theme", parent=parent, position=1)
    other = Theme(name="Second bench theme", position=2)
    themes = [parent, other]
    session.add_all([officer, org, event, parent, child, other])
    people = [Person(full_name=f"Official {n:02d}") for n in range(attendees)]
    session.add_all(people)
    session.add_all(Affiliation(person=p, organisation=org, role="Director",
                                start_on=date(2020, 1, 1)) for p in people)
    recs = [Recommendation(text=f"Bench recommendation {n}", addressee="Authorities",
                           priority=1 + n % 3,
                           themes=[themes[n % 2]] + ([child] if n % 5 == 0 else []))
            for n in range(recommendations)]
    session.add_all(recs)
    case_rows = [Case(title=f"Bench case {n}", status=CaseStatus.DETAINED, may_be_named=True,
                      themes=[themes[n % 2]]) for n in range(cases)]
    session.add_all(case_rows)
    session.flush()
    for n, rec in enumerate(recs[:max(1, recommendations // 4)]):
        session.add(RecommendationStatusChange(
            recommendation_id=rec.id, to_status=ImplementationStatus.IN_PROGRESS,
            changed_on=start.date() - timedelta(days=n + 1), evidence="Bench evidence"))
    for n, case in enumerate(case_rows):
        session.add(CaseUpdate(case_id=case.id, happened_on=start.date() - timedelta(days=n + 3),
                               text=f"Bench update {n}"))
    for theme in (parent, child, other):
        session.add(Finding(theme=theme, polarity=Polarity.CONCERN,
                            text=f"Concern on {theme.name}"))
    session.add(KeyFact(label="Bench rating", value="30/100", country="Kazakhstan"))
    for n in range(earlier_meetings):
        past = Meeting(title=f"Earlier meeting {n}", starts_at=start - timedelta(days=7 * (n + 1)),
                       status=MeetingStatus.HELD, outcome=f"Outcome {n}", event=event)
        past.their_attendees = list(people)
        past.our_attendees = [officer]
        session.add(past)
        person = people[n % len(people)]
        session.add_all([
            Raising(meeting=past, recommendation=recs[n % len(recs)], person=person,
                    response=f"Answer {n}", stance=Stance.OPPOSED, our_reply=f"Reply {n}"),
            Raising(meeting=past, case=case_rows[n % len(case_rows)], person=person,
                    response=f"Case answer {n}", stance=Stance.NON_COMMITTAL),
            FollowUp(meeting=past, description=f"Their promise {n}", direction=Direction.THEIRS,
                     owner_person=person, due_on=past.starts_at.date() + timedelta(days=30),
                     status=FollowUpStatus.OPEN if n % 2 else FollowUpStatus.DONE,
                     closed_at=None if n % 2 else past.starts_at + timedelta(days=3)),
            FollowUp(meeting=past, description=f"Our promise {n}", direction=Direction.OURS,
                     owner_user=officer, due_on=past.starts_at.date() + timedelta(days=14)),
        ])
    meeting = Meeting(title="The meeting with a long history", starts_at=start, event=event,
                      purpose="Bench purpose", objective="Bench objective")
    meeting.their_attendees = list(people)
    meeting.our_attendees = [officer]
    meeting.themes = themes
    session.add(meeting)
    session.flush()
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # The rows are written inside the test's transaction, which is rolled back: autovacuum
        # never sees them, so PostgreSQL would plan the history queries on whatever
        # statistics an earlier test left (once, a nested loop that ran for minutes).
        # ANALYZE inside the transaction counts its own rows.
        session.execute(text("ANALYZE"))
    return meeting.id
