"""The meetings list (search, filters, bounded queries), the meeting page, archive, restore."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.models import (
    Audience,
    Direction,
    FollowUp,
    Meeting,
    MeetingStatus,
    Pack,
    PackFormat,
    Person,
    Raising,
    Stance,
)
from tests.factories import make_meeting, make_world
from tests.support.pages import text_of
from tests.support.queries import count_queries

START = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


@pytest.fixture()
def world(app):
    """The small world of records the meetings refer to."""
    return make_world(app)



@pytest.fixture()
def meetings(app, world):
    """Three meetings: with Anna at the event, with Bolat at the event, and an old one."""
    return {
        "anna": make_meeting(app, "EEAS desk briefing", event_id=world["event"], starts_at=START,
                             their_attendee_ids=[world["anna"]], place="Brussels"),
        "bolat": make_meeting(app, "Ministry consultation", event_id=world["event"],
                              starts_at=START + timedelta(days=1),
                              their_attendee_ids=[world["bolat"]],
                              notes="Talked about the new media law."),
        "old": make_meeting(app, "Last year's round-up", starts_at=datetime(
            2025, 3, 1, 14, tzinfo=UTC)),
    }


def listed(client, query="") -> list[str]:
    """The meeting titles the list shows for ``query``."""
    body = text_of(client.get(f"/meetings/{query}"))
    titles = ["EEAS desk briefing", "Ministry consultation", "Last year's round-up"]
    return [t for t in titles if t in body]


def test_list_shows_meetings_newest_first(officer_client, meetings):
    response = officer_client.get("/meetings/")
    body = text_of(response)
    assert "3 meetings" in body
    assert body.index("Ministry consultation") < body.index("EEAS desk briefing") \
        < body.index("Last year's round-up")
    assert "Anna Desk" in body and "EU-Kazakhstan Human Rights Dialogue 2026" in body


def test_search_and_filters(officer_client, meetings, world):
    assert listed(officer_client, "?q=desk") == ["EEAS desk briefing"]
    assert listed(officer_client, "?q=media+law") == ["Ministry consultation"]
    assert listed(officer_client, "?q=Жыланбаев") == ["Ministry consultation"]
    assert listed(officer_client, "?q=жыланбаев") == ["Ministry consultation"]
    assert listed(officer_client, "?q=MEDIA") == ["Ministry consultation"]
    assert listed(officer_client, "?q=Zhylanbaev") == ["Ministry consultation"]
    assert listed(officer_client, f"?event={world['event']}") == [
        "EEAS desk briefing", "Ministry consultation"]
    assert listed(officer_client, f"?person={world['anna']}") == ["EEAS desk briefing"]
    assert listed(officer_client, "?date_from=2026-01-01&date_to=2026-06-10") == [
        "EEAS desk briefing"]
    assert listed(officer_client, "?date_to=2025-12-31") == ["Last year's round-up"]


def test_bad_filters_get_a_message_not_a_500(officer_client, meetings):
    response = officer_client.get("/meetings/?date_from=2026-02-31&event=abc&person=99999")
    assert response.status_code == 200
    body = text_of(response)
    assert "Enter a real date as YYYY-MM-DD" in body
    assert len(listed(officer_client, "?date_from=2026-02-31")) == 3
    response = officer_client.get("/meetings/?date_from=2026-06-01&date_to=2026-05-01")
    assert "“To” cannot be before “From”." in text_of(response)


def test_list_uses_the_same_number_of_queries_for_10_and_200_meetings(app, officer_client,
                                                                      world):
    def add(n):
        with app.app_context():
            persons = [db.session.get(Person, world[name]) for name in ("anna", "bolat")]
            for i in range(n):
                meeting = Meeting(title=f"Bulk meeting {i}", event_id=world["event"],
                                  starts_at=START + timedelta(hours=i))
                meeting.their_attendees = persons
                db.session.add(meeting)
            db.session.commit()

    def queries():
        officer_client.get("/meetings/")  # warm up the session and the login
        with count_queries(app) as statements:
            response = officer_client.get("/meetings/?per_page=ignored")
        assert response.status_code == 200
        return len(statements)

    add(10)
    few = queries()
    add(190)
    many = queries()
    assert few == many, (few, many)
    assert "200 meetings" in text_of(officer_client.get("/meetings/"))
    assert "1–50 of 200" in text_of(officer_client.get("/meetings/"))
    assert "Bulk meeting 0" in text_of(officer_client.get("/meetings/?page=4"))


def test_meeting_page_shows_the_log_with_packs_and_follow_ups(app, officer_client, world):
    meeting_id = make_meeting(app, "Logged meeting", event_id=world["event"],
                              their_attendee_ids=[world["anna"]], status=MeetingStatus.HELD,
                              notes="- point one\n- [link](javascript:alert(1))")
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.raisings = [Raising(recommendation_id=world["rec"], person_id=world["anna"],
                                    response="We will consider it.", stance=Stance.NON_COMMITTAL,
                                    our_reply="Offer the legal analysis.")]
        db.session.add(FollowUp(meeting=meeting, description="Share the legal analysis",
                                direction=Direction.THEIRS, owner_person_id=world["anna"],
                                due_on=datetime(2020, 1, 1).date()))
        db.session.add(Pack(meeting=meeting, audience=Audience.INTERNAL, format=PackFormat.PDF,
                            snapshot={}, filename="p.pdf", content_type="application/pdf",
                            content=b"%PDF"))
        db.session.commit()
    body = text_of(officer_client.get(f"/meetings/{meeting_id}"))
    for expected in ("Logged meeting", "Anna Desk", "Desk Officer for Kazakhstan", "EEAS",
                     "Repeal article 274", "We will consider it.", "Non-committal",
                     "Offer the legal analysis.", "Share the legal analysis", "overdue",
                     "Talking-point packs", "Internal", "p.pdf", "point one", "Held"):
        assert expected in body, expected
    assert "href=\"javascript" not in body


def test_meeting_page_queries_do_not_grow_with_rows(app, officer_client, world):
    meeting_id = make_meeting(app, "Busy meeting", their_attendee_ids=[world["anna"],
                                                                      world["bolat"]])

    def add_rows(n):
        with app.app_context():
            meeting = db.session.get(Meeting, meeting_id)
            for i in range(n):
                meeting.raisings.append(Raising(recommendation_id=world["rec"],
                                                person_id=world["anna"], response=f"R{i}"))
                db.session.add(FollowUp(meeting=meeting, description=f"F{i}",
                                        direction=Direction.THEIRS,
                                        owner_person_id=world["bolat"]))
            db.session.commit()

    def queries():
        officer_client.get(f"/meetings/{meeting_id}")
        with count_queries(app) as statements:
            officer_client.get(f"/meetings/{meeting_id}")
        return len(statements)

    add_rows(2)
    few = queries()
    add_rows(30)
    assert queries() == few


def test_archive_and_restore_a_meeting(app, officer_client, meetings):
    response = officer_client.post(f"/meetings/{meetings['old']}/archive", follow_redirects=True)
    assert "Archived: it no longer shows in lists." in text_of(response)
    assert "This meeting is archived" in text_of(response)
    assert listed(officer_client) == ["EEAS desk briefing", "Ministry consultation"]
    # "Show archived" lists them too, marked, as on every list (?archived=1 or the box's y).
    for shown in ("?archived=1", "?archived=y"):
        assert listed(officer_client, shown) == [
            "EEAS desk briefing", "Ministry consultation", "Last year's round-up"]
    body = officer_client.get("/meetings/?archived=y&q=round-up").get_data(as_text=True)
    assert re.search(r"Last year&#39;s round-up</a> <span class=\"badge archived\">Archived", body)
    response = officer_client.post(f"/meetings/{meetings['old']}/restore", follow_redirects=True)
    assert "Restored." in text_of(response)
    assert len(listed(officer_client)) == 3


def test_unknown_meeting_is_a_404(officer_client):
    assert officer_client.get("/meetings/999").status_code == 404
    assert officer_client.get("/meetings/999/edit").status_code == 404
    assert officer_client.post("/meetings/999/archive").status_code == 404


def test_dashboard_links_upcoming_meetings(app, officer_client, world):
    soon = datetime.now(UTC) + timedelta(days=2)
    meeting_id = make_meeting(app, "Upcoming consultation", starts_at=soon)
    body = officer_client.get("/").get_data(as_text=True)
    assert f'href="/meetings/{meeting_id}"' in body and "Upcoming consultation" in body


def test_meeting_and_event_pages_link_to_the_records_they_name(app, officer_client, officer,
                                                              world):
    """The meeting page links its attendees, organisation, raised recommendations and cases,
    its pack, calendar file and follow-ups; the event page links its brief."""
    from flask import url_for

    meeting_id = make_meeting(app, "Linked meeting", event_id=world["event"],
                              their_attendee_ids=[world["anna"]])
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.raisings = [Raising(recommendation_id=world["rec"], person_id=world["anna"]),
                            Raising(case_id=world["case"])]
        chase = FollowUp(meeting=meeting, description="Chase the reply",
                         direction=Direction.OURS, owner_user_id=officer.id)
        db.session.add(chase)
        db.session.commit()
        follow_up_id = chase.id
    page = officer_client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert f'href="/persons/{world["anna"]}">Anna Desk</a>' in page
    assert f'href="/organisations/{world["eeas"]}">EEAS</a>' in page
    assert f'href="/recommendations/{world["rec"]}">Repeal article 274</a>' in page
    assert f'href="/cases/{world["case"]}">Case of a jailed journalist</a>' in page
    with app.test_request_context():
        chase_href = url_for("follow_ups.detail", follow_up_id=follow_up_id,
                             next=f"/meetings/{meeting_id}")
    assert f'href="/meetings/{meeting_id}/pack">Prepare a talking-point pack</a>' in page
    assert f'href="/calendar/meeting/{meeting_id}.ics">Add to calendar (.ics)</a>' in page
    assert f'href="{chase_href}">Chase the reply</a>' in page
    event_page = officer_client.get(f"/events/{world['event']}").get_data(as_text=True)
    assert f'href="/events/{world["event"]}/brief">Event brief</a>' in event_page


def test_restricted_people_and_cases_stay_hidden_on_meeting_pages(app, viewer_client, world):
    """A viewer cleared for normal records sees the meeting but not the at-risk attendee,
    nor what was raised about a case above their clearance, in lists, pages or search."""
    from app.models import Case, Sensitivity

    meeting_id = make_meeting(app, "Mixed meeting", event_id=world["event"],
                              their_attendee_ids=[world["anna"], world["hidden"]])
    with app.app_context():
        secret = Case(title="Secret case file", sensitivity=Sensitivity.CONFIDENTIAL)
        meeting = db.session.get(Meeting, meeting_id)
        meeting.raisings = [Raising(case=secret, response="Secret answer"),
                            Raising(recommendation_id=world["rec"], response="Open answer")]
        db.session.add(FollowUp(meeting=meeting, description="Visit the witness",
                                direction=Direction.THEIRS, owner_person_id=world["hidden"]))
        db.session.commit()
    pages = [text_of(viewer_client.get(url)) for url in (
        "/meetings/", f"/meetings/{meeting_id}", f"/events/{world['event']}",
        f"/meetings/{meeting_id}/edit", "/lookup/persons?q=Witness",
        "/lookup/users,persons?q=Witness", "/lookup/cases?q=Secret")]
    for body in pages:
        assert "Hidden Witness" not in body
        assert "Secret case file" not in body and "Secret answer" not in body
    assert "Open answer" in pages[1] and "Anna Desk" in pages[0]
    assert listed_for(viewer_client, "?q=Witness") == [], "search"
    # a hidden person's id behaves exactly like an id that does not exist
    def without_tokens(url):
        return re.sub(r'name="csrf_token" value="[^"]*"', "", text_of(viewer_client.get(url)))

    hidden = without_tokens(f"/meetings/?person={world['hidden']}")
    missing = without_tokens("/meetings/?person=999999")
    assert hidden.replace(str(world["hidden"]), "X") == missing.replace("999999", "X")
    assert "Hidden Witness" not in hidden


def listed_for(client, query: str) -> list[str]:
    """Titles of the meetings a list query shows."""
    body = text_of(client.get(f"/meetings/{query}"))
    return [t for t in ("Mixed meeting",) if t in body]
