"""A database the size of a real NGO's, in miniature: more than 200 rows in every growing table.

:func:`fill_growing_tables` adds, in one flush through the models, ``n`` each of users,
organisations, persons (with a post and another spelling), dialogue events, meetings (with an
attendee on each side, a theme, a raising and a follow-up), themes (half of them nested),
sources (with a finding), recommendations and cases. Used to prove that no form or filter
lists a whole table.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.extensions import db
from app.models import (
    Affiliation,
    Case,
    DialogueEvent,
    Direction,
    Finding,
    FollowUp,
    FollowUpStatus,
    Meeting,
    Organisation,
    OrganisationKind,
    Person,
    PersonName,
    Polarity,
    Raising,
    Recommendation,
    Role,
    Source,
    Theme,
    User,
)
from app.security.passwords import hash_password

#: More than the 200 options any select may hold.
ROWS = 210


def fill_growing_tables(app, n: int = ROWS) -> dict:
    """Add ``n`` rows to every growing table (one flush); returns one id of each kind."""
    start = date(2024, 1, 1)
    with app.app_context():
        password = hash_password("bulk records password 42")
        users = [User(email=f"colleague{i}@bulk.example", name=f"Colleague {i:03d}",
                      role=Role.OFFICER, password_hash=password) for i in range(n)]
        organisations = [Organisation(name=f"Organisation {i:03d}", acronym=f"ORG{i}",
                                      kind=OrganisationKind.GOVERNMENT, country="Kazakhstan")
                         for i in range(n)]
        persons = [Person(full_name=f"Person {i:03d} Bulkova", country="Kazakhstan",
                          other_names=[PersonName(name=f"Персона {i:03d}", script="Cyrillic")])
                   for i in range(n)]
        posts = [Affiliation(person=p, organisation=o, role="Adviser")
                 for p, o in zip(persons, organisations, strict=True)]
        themes = [Theme(name=f"Theme {i:03d}") for i in range(n)]
        for i, theme in enumerate(themes[1::2]):
            theme.parent = themes[2 * i]
        sources = [Source(title=f"Source {i:03d}", publisher="UN") for i in range(n)]
        findings = [Finding(source=s, theme=t, polarity=Polarity.CONCERN, text="A concern.")
                    for s, t in zip(sources, themes, strict=True)]
        recommendations = [
            Recommendation(text=f"Recommendation text {i:03d}.", short_title=f"Rec {i:03d}",
                           addressee=f"Addressee {i % 5}", source=sources[i], themes=[themes[i]])
            for i in range(n)]
        cases = [Case(title=f"Case {i:03d}", person=persons[i], themes=[themes[i]])
                 for i in range(n)]
        events = [DialogueEvent(title=f"Dialogue round {i:03d}", starts_on=start + timedelta(i))
                  for i in range(n)]
        meetings = [Meeting(title=f"Meeting {i:03d}", event=events[i],
                            starts_at=datetime(2025, 1, 1, 9, tzinfo=UTC) + timedelta(days=i),
                            their_attendees=[persons[i]], our_attendees=[users[i]],
                            themes=[themes[i]])
                    for i in range(n)]
        raisings = [Raising(meeting=m, recommendation=recommendations[i], person=persons[i])
                    for i, m in enumerate(meetings)]
        follow_ups = [FollowUp(meeting=m, description=f"Follow-up {i:03d}",
                               direction=Direction.OURS, owner_user=users[i],
                               status=FollowUpStatus.OPEN, due_on=start + timedelta(i),
                               recommendation=recommendations[i])
                      for i, m in enumerate(meetings)]
        db.session.add_all([*users, *organisations, *persons, *posts, *themes, *sources,
                            *findings, *recommendations, *cases, *events, *meetings, *raisings,
                            *follow_ups])
        db.session.commit()
        ids = {"person_id": persons[0].id, "affiliation_id": posts[0].id,
               "organisation_id": organisations[0].id, "case_id": cases[0].id,
               "meeting_id": meetings[0].id, "event_id": events[0].id,
               "follow_up_id": follow_ups[0].id, "recommendation_id": recommendations[0].id,
               "source_id": sources[0].id, "finding_id": findings[0].id,
               "theme_id": themes[1].id, "user_id": users[0].id}
        db.session.remove()
    return ids
