"""Dialogue events: the list, the schedule page with preparation states, the form, archiving."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import Audience, DialogueEvent, MeetingStatus, Pack, PackFormat
from tests.factories import make_meeting, make_world
from tests.support.pages import text_of
from tests.support.queries import count_queries

DAY_ONE = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


@pytest.fixture()
def world(app):
    """The event and the people its meetings are with."""
    return make_world(app)



def event_form(**overrides) -> dict:
    """A valid event form."""
    data = {"title": "EU-Kazakhstan Subcommittee 2026", "kind": "subcommittee",
            "starts_on": "2026-11-03", "ends_on": "2026-11-04", "place": "Brussels",
            "counterpart_country": "Kazakhstan", "objectives": "Raise **article 274**."}
    data.update(overrides)
    return data


def test_create_an_event_and_see_it_listed(app, officer_client):
    response = officer_client.post("/events/new", data=event_form(), follow_redirects=True)
    body = text_of(response)
    assert "Event “EU-Kazakhstan Subcommittee 2026” created." in body
    assert "Subcommittee" in body and "Brussels" in body and "3 Nov 2026" in body
    assert "<strong>article 274</strong>" in response.get_data(as_text=True)
    assert "No meetings planned for this event yet." in body
    listing = text_of(officer_client.get("/events/"))
    assert "EU-Kazakhstan Subcommittee 2026" in listing
    found = text_of(officer_client.get("/events/?q=subcommittee"))
    assert "EU-Kazakhstan Subcommittee 2026" in found
    assert "No event matches" in text_of(officer_client.get("/events/?q=nothing-like-it"))


@pytest.mark.parametrize("overrides, message", [
    ({"title": ""}, "This field is required."),
    ({"title": "t" * 301}, "Field cannot be longer than 300 characters."),
    ({"starts_on": "2026-02-31"}, "Enter a real date as YYYY-MM-DD"),
    ({"ends_on": "2026-11-01"}, "The last day cannot be before the first day."),
    ({"kind": "party"}, "Not a valid choice"),
])
def test_bad_event_input_gets_a_message_and_keeps_values(app, officer_client, overrides,
                                                         message):
    response = officer_client.post("/events/new", data=event_form(**overrides))
    assert response.status_code == 200
    body = text_of(response)
    assert message in body
    assert "Brussels" in body and "Raise **article 274**." in body
    with app.app_context():
        assert db.session.scalar(select(func.count(DialogueEvent.id))) == 0


def test_event_page_is_a_schedule_with_preparation_states(app, officer_client, world):
    planned = make_meeting(app, "EEAS desk briefing", event_id=world["event"],
                           starts_at=DAY_ONE, their_attendee_ids=[world["anna"]])
    make_meeting(app, "Ministry consultation", event_id=world["event"],
                 starts_at=DAY_ONE + timedelta(days=1, hours=5),
                 their_attendee_ids=[world["bolat"]], status=MeetingStatus.HELD,
                 outcome="They promised a written reply.")
    make_meeting(app, "Early coffee", event_id=world["event"],
                 starts_at=DAY_ONE - timedelta(hours=1))
    with app.app_context():
        db.session.add(Pack(meeting_id=planned, audience=Audience.INTERNAL,
                            format=PackFormat.HTML, snapshot={}, filename="p.html",
                            content_type="text/html", content=b"<p>pack</p>"))
        db.session.commit()
    body = text_of(officer_client.get(f"/events/{world['event']}"))
    assert "Schedule" in body
    assert "Wednesday 10 Jun 2026" in body and "Thursday 11 Jun 2026" in body
    day_one = body[body.index("Wednesday 10 Jun 2026"):body.index("Thursday 11 Jun 2026")]
    assert day_one.index("Early coffee") < day_one.index("EEAS desk briefing")
    assert "08:00" in day_one and "09:00" in day_one
    briefing_row = day_one[day_one.index("EEAS desk briefing"):]
    assert "Pack issued" in briefing_row.split("</tr>")[0]
    coffee_row = day_one[day_one.index("Early coffee"):]
    assert "No pack yet" in coffee_row.split("</tr>")[0]
    day_two = body[body.index("Thursday 11 Jun 2026"):]
    assert "Ministry consultation" in day_two and "Held" in day_two
    assert "They promised a written reply." in day_two and "Bolat Zhylanbaev" in day_two


def test_event_page_queries_are_bounded(app, officer_client, world):
    def add(n, offset):
        for i in range(n):
            make_meeting(app, f"Bulk {offset + i}", event_id=world["event"],
                         starts_at=DAY_ONE + timedelta(hours=offset + i),
                         their_attendee_ids=[world["anna"]])

    def queries():
        officer_client.get(f"/events/{world['event']}")
        with count_queries(app) as statements:
            officer_client.get(f"/events/{world['event']}")
        return len(statements)

    add(10, 0)
    few = queries()
    add(40, 10)
    assert queries() == few


def test_edit_an_event_and_refuse_a_stale_save(app, officer_client, world):
    event_id = world["event"]
    form = text_of(officer_client.get(f"/events/{event_id}/edit"))
    assert 'value="EU-Kazakhstan Human Rights Dialogue 2026"' in form
    response = officer_client.post(f"/events/{event_id}/edit",
                                   data=event_form(version="1", title="Renamed dialogue"))
    assert response.status_code == 302
    with app.app_context():
        db.session.execute(text("UPDATE dialogue_events SET place='Almaty', version=version+1 "
                                "WHERE id=:i"), {"i": event_id})
        db.session.commit()
    response = officer_client.post(f"/events/{event_id}/edit",
                                   data=event_form(version="2", place="Geneva"))
    assert response.status_code == 409
    body = text_of(response)
    assert ("Someone else changed this record while you were working on it; your change "
            "was not saved.") in body
    assert "Almaty" in body and 'value="Geneva"' in body
    with app.app_context():
        assert db.session.get(DialogueEvent, event_id).place == "Almaty"


def test_archive_and_restore_an_event(app, officer_client, world):
    event_id = world["event"]
    response = officer_client.post(f"/events/{event_id}/archive", follow_redirects=True)
    assert "This event is archived" in text_of(response)
    assert "EU-Kazakhstan Human Rights Dialogue 2026" not in text_of(officer_client.get("/events/"))
    archived = text_of(officer_client.get("/events/?archived=1"))
    assert "Archived events" in archived and "EU-Kazakhstan Human Rights Dialogue 2026" in archived
    officer_client.post(f"/events/{event_id}/restore")
    assert "EU-Kazakhstan Human Rights Dialogue 2026" in text_of(officer_client.get("/events/"))


def test_a_viewer_reads_events_but_cannot_change_them(app, viewer_client, world):
    page = text_of(viewer_client.get(f"/events/{world['event']}"))
    assert "EU-Kazakhstan Human Rights Dialogue 2026" in page
    assert "Edit event" not in page and "Log a meeting" not in page and "Archive" not in page
    for url in ("/events/new", f"/events/{world['event']}/edit",
                f"/events/{world['event']}/archive"):
        response = viewer_client.post(url, data=event_form(version="1", title="Hacked"))
        assert response.status_code == 403
    with app.app_context():
        event = db.session.get(DialogueEvent, world["event"])
        assert event.title == "EU-Kazakhstan Human Rights Dialogue 2026"
        assert event.archived_at is None
        assert db.session.scalar(select(func.count(DialogueEvent.id))) == 1


def test_undeclared_event_fields_change_nothing(app, officer_client):
    officer_client.post("/events/new", data=event_form(archived_at="2020-01-01",
                                                        created_by_id="999", id="55"))
    with app.app_context():
        event = db.session.scalar(select(DialogueEvent))
        assert event.archived_at is None and event.id != 55 and event.created_by_id != 999
