"""Shared set-up for the event and meeting tests: a small world of records, page text."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime

from app.extensions import db
from app.models import (
    Affiliation,
    Case,
    DialogueEvent,
    Meeting,
    Organisation,
    OrganisationKind,
    Person,
    PersonName,
    Recommendation,
    Sensitivity,
    Theme,
)


def make_world(app) -> dict:
    """An event, two officials (one with a Cyrillic spelling), a hidden person, a
    recommendation, a case and a theme; returns their ids."""
    with app.app_context():
        eeas = Organisation(name="European External Action Service", acronym="EEAS",
                            kind=OrganisationKind.EU_INSTITUTION)
        ministry = Organisation(name="Ministry of Foreign Affairs of Kazakhstan",
                                kind=OrganisationKind.GOVERNMENT)
        anna = Person(full_name="Anna Desk", country="Belgium")
        bolat = Person(full_name="Bolat Zhylanbaev", country="Kazakhstan",
                       other_names=[PersonName(name="Болат Жыланбаев", script="Cyrillic")])
        hidden = Person(full_name="Hidden Witness", sensitivity=Sensitivity.AT_RISK)
        theme = Theme(name="Freedom of expression")
        rec = Recommendation(text="Decriminalise defamation and repeal article 274.",
                             short_title="Repeal article 274", addressee="Kazakhstani authorities",
                             priority=1)
        case = Case(title="Case of a jailed journalist",
                    charges="Criminal Code art. 274")
        event_ = DialogueEvent(title="EU-Kazakhstan Human Rights Dialogue 2026",
                               starts_on=date(2026, 6, 10), ends_on=date(2026, 6, 11),
                               place="Astana", counterpart_country="Kazakhstan")
        db.session.add_all([eeas, ministry, anna, bolat, hidden, theme, rec, case, event_])
        db.session.add_all([
            Affiliation(person=anna, organisation=eeas, role="Desk Officer for Kazakhstan"),
            Affiliation(person=bolat, organisation=ministry, role="Deputy Minister"),
        ])
        db.session.commit()
        return {"anna": anna.id, "bolat": bolat.id, "hidden": hidden.id, "theme": theme.id,
                "rec": rec.id, "case": case.id, "event": event_.id, "eeas": eeas.id}


def make_meeting(app, title="Meeting with the EEAS desk", event_id=None,
                 starts_at=datetime(2026, 6, 10, 9, 0, tzinfo=UTC), **values) -> int:
    """A committed meeting; returns its id."""
    with app.app_context():
        attendees = values.pop("their_attendee_ids", [])
        meeting = Meeting(title=title, event_id=event_id, starts_at=starts_at, **values)
        if attendees:
            meeting.their_attendees = [db.session.get(Person, i) for i in attendees]
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def text_of(response) -> str:
    """A response's page as text, with HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))
