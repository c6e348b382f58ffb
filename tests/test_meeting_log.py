"""The one-page meeting log: the service that saves it, and the page officers fill in."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import (
    Affiliation,
    AuditEvent,
    Direction,
    FollowUp,
    FollowUpChange,
    Meeting,
    Organisation,
    Person,
    Raising,
    Sensitivity,
    Stance,
    User,
)
from app.security.visibility import levels_for
from app.services.meetings.log import (
    FollowUpRow,
    MeetingLog,
    NewPerson,
    RaisingRow,
    save_meeting_log,
)
from tests.factories import make_meeting, make_world
from tests.support.meeting_forms import PAST, log_form
from tests.support.pages import text_of


@pytest.fixture()
def world(app):
    """The small world of records the meeting log refers to."""
    return make_world(app)


# ---- the service -----------------------------------------------------------------------------


def test_save_meeting_log_creates_everything_in_one_flush(app, app_context, world, officer):
    user = db.session.get(User, officer.id)
    log = MeetingLog(
        details={"title": "Service meeting",
                 "starts_at": datetime(2026, 6, 10, 9, tzinfo=UTC),
                 "event_id": world["event"]},
        our_attendee_ids=[user.id], their_attendee_ids=[world["anna"], world["anna"]],
        new_persons=[NewPerson("Dana New", "Brand New Foundation", "Director")],
        raisings=[RaisingRow(subject=f"r{world['rec']}", with_whom="new0",
                             response="Will look into it", stance=Stance.OPPOSED)],
        follow_ups=[FollowUpRow(description="Send report", owner="new0",
                                due_on=date.today() - timedelta(days=1)),
                    FollowUpRow(description="Call back", owner=f"u{user.id}")],
    )
    saved = save_meeting_log(db.session, Meeting(), log, user)
    meeting = saved.meeting
    assert meeting.id is not None
    assert [p.full_name for p in meeting.their_attendees] == ["Anna Desk", "Dana New"]
    dana = saved.new_persons[0]
    assert dana.affiliations[0].organisation.name == "Brand New Foundation"
    assert dana.affiliations[0].role == "Director"
    raising = meeting.raisings[0]
    assert raising.person is dana and raising.stance is Stance.OPPOSED
    theirs, ours = sorted(meeting.follow_ups, key=lambda f: f.description, reverse=True)
    assert theirs.direction is Direction.THEIRS and theirs.owner_person is dana
    assert ours.direction is Direction.OURS and ours.owner_user is user
    assert saved.past_due == [theirs]
    changes = db.session.scalars(select(FollowUpChange)).all()
    assert sorted(c.action for c in changes) == ["created", "created"]
    assert all(c.changed_by_id == user.id for c in changes)
    # the service flushes only: rolling back leaves nothing behind
    db.session.rollback()
    assert db.session.scalar(select(func.count(Meeting.id))) == 0
    assert db.session.scalar(select(func.count(Person.id)).where(
        Person.full_name == "Dana New")) == 0


def test_existing_organisation_is_reused_by_name_or_acronym(app, app_context, world, officer):
    user = db.session.get(User, officer.id)
    start = datetime(2026, 6, 10, tzinfo=UTC)
    log = MeetingLog(details={"title": "M", "starts_at": start},
                     new_persons=[NewPerson("Eve", "eeas", "Adviser")])
    save_meeting_log(db.session, Meeting(), log, user)
    db.session.commit()
    assert db.session.scalar(select(func.count(Organisation.id))) == 2
    eve = db.session.scalar(select(Person).where(Person.full_name == "Eve"))
    assert eve.affiliations[0].organisation.acronym == "EEAS"


def test_editing_rows_updates_removes_and_reschedules(app, app_context, world, officer):
    user = db.session.get(User, officer.id)
    start = datetime(2026, 6, 10, 9, tzinfo=UTC)
    first = MeetingLog(details={"title": "M", "starts_at": start},
                       their_attendee_ids=[world["anna"]],
                       raisings=[RaisingRow(subject=f"t{world['theme']}"),
                                 RaisingRow(subject=f"r{world['rec']}")],
                       follow_ups=[FollowUpRow("Send list", f"u{user.id}", date(2026, 7, 1))])
    meeting = save_meeting_log(db.session, Meeting(), first, user).meeting
    db.session.commit()
    version = meeting.version
    theme_row, rec_row = meeting.raisings
    follow_up = meeting.follow_ups[0]
    second = MeetingLog(
        details={"title": "M (edited)", "starts_at": start},
        their_attendee_ids=[world["anna"]],
        raisings=[RaisingRow(subject=f"t{world['theme']}", raising_id=theme_row.id, remove=True),
                  RaisingRow(subject=f"r{world['rec']}", raising_id=rec_row.id,
                             with_whom=f"p{world['anna']}", response="Yes")],
        follow_ups=[FollowUpRow("Send list", f"u{user.id}", date(2026, 7, 15),
                                follow_up_id=follow_up.id)])
    save_meeting_log(db.session, meeting, second, user)
    db.session.commit()
    assert meeting.version == version + 1
    assert [r.subject for r in meeting.raisings] == ["Repeal article 274"]
    assert meeting.raisings[0].response == "Yes"
    assert db.session.get(Raising, theme_row.id) is None
    assert follow_up.due_on == date(2026, 7, 15)
    actions = [(c.action, c.from_due_on, c.to_due_on) for c in
               db.session.scalars(select(FollowUpChange).order_by(FollowUpChange.id))]
    assert actions == [("created", None, date(2026, 7, 1)),
                       ("rescheduled", date(2026, 7, 1), date(2026, 7, 15))]


def test_rows_the_user_cannot_see_are_never_touched(app, app_context, world, officer):
    """A raising about a hidden case survives an edit by a user not cleared for it."""
    user = db.session.get(User, officer.id)
    from app.models import Case

    secret_case = Case(title="Secret case", sensitivity=Sensitivity.AT_RISK)
    meeting = Meeting(title="M", starts_at=datetime(2026, 6, 10, tzinfo=UTC))
    meeting.raisings = [Raising(case=secret_case, response="hidden answer")]
    db.session.add_all([secret_case, meeting])
    db.session.commit()
    meeting_id = meeting.id
    db.session.expunge_all()
    with levels_for(db.session, (Sensitivity.NORMAL,)):
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.raisings == []
        log = MeetingLog(details={"title": "M2"},
                         raisings=[RaisingRow(subject=f"r{world['rec']}")])
        save_meeting_log(db.session, meeting, log, user)
        db.session.commit()
    db.session.expunge_all()
    responses = sorted(str(r.response) for r in db.session.scalars(select(Raising)))
    assert responses == ["None", "hidden answer"]


# ---- the page --------------------------------------------------------------------------------


def test_log_a_meeting_on_one_page_and_find_it_on_the_meeting_page(
        app, officer_client, officer, world):
    form_page = officer_client.get(f"/meetings/new?event_id={world['event']}")
    body = text_of(form_page)
    assert "Log a meeting" in body and "Raised item 1" in body and "Follow-up 1" in body
    assert chosen_values(body, "event_id") == {str(world["event"])}
    assert 'value="EU-Kazakhstan Human Rights Dialogue 2026"' in body or \
        f'value="{world["event"]}" selected' in body or 'selected' in body

    response = officer_client.post("/meetings/new", data=log_form(world, officer.id))
    assert response.status_code == 302, text_of(response)[:3000]
    shown = officer_client.get(response.headers["Location"], follow_redirects=True)
    body = text_of(shown)
    for expected in ("Side meeting with the EEAS desk", "EEAS building, room 4", "Held",
                     "Freedom of expression",
                     "Anna Desk", "Bolat Zhylanbaev", "Chris Newcomer", "Political Officer",
                     "Repeal article 274", "The EEAS will mention it in the plenary.",
                     "Supportive", "Ask for it in the joint press release too.",
                     "Case of a jailed journalist", "Not aware of the case.", "Non-committal",
                     "Send the updated case list", "Raise article 274 in the plenary",
                     "Olga Officer", "Agreed to share the case list.",
                     "EU-Kazakhstan Human Rights Dialogue 2026", "Talking-point packs",
                     "Meeting “Side meeting with the EEAS desk” saved.",
                     "New stakeholder Chris Newcomer added."):
        assert expected in body, expected
    raw = shown.get_data(as_text=True)
    assert "<strong>Candid</strong>" in raw and "<script>alert" not in raw
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.starts_at == datetime(2026, 6, 10, 9, 30, tzinfo=UTC)
        assert meeting.ends_at == datetime(2026, 6, 10, 10, 15, tzinfo=UTC)
        assert len(meeting.their_attendees) == 3
        chris = db.session.scalar(select(Person).where(Person.full_name == "Chris Newcomer"))
        assert chris.affiliations[0].organisation_id == world["eeas"]
        assert db.session.scalar(select(func.count(FollowUpChange.id)).where(
            FollowUpChange.action == "created")) == 2
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.entity_type == "Meeting", AuditEvent.action == "create")) == 1


def chosen_values(raw_html: str, name: str) -> set[str]:
    """The values the page shows as chosen for the select, lookup field or checkboxes called
    ``name``."""
    hidden = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*type="hidden"[^>]*>'
                       rf'|<input[^>]*type="hidden"[^>]*name="{re.escape(name)}"[^>]*>', raw_html)
    if hidden:
        return {re.search(r'value="([^"]*)"', hidden.group(0)).group(1)}
    select_block = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>',
                             raw_html, re.DOTALL)
    if select_block:
        options = re.findall(r"<option([^>]*)>", select_block.group(1))
        return {re.search(r'value="([^"]*)"', o).group(1) for o in options
                if re.search(r"\bselected\b", o)}
    boxes = re.findall(rf'<input([^>]*name="{re.escape(name)}"[^>]*)>', raw_html)
    return {re.search(r'value="([^"]*)"', b).group(1) for b in boxes
            if re.search(r"\bchecked\b", b)}


def field_value(raw_html: str, name: str) -> str:
    """The value the page shows in the text input or text area called ``name``."""
    area = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>\r?\n?(.*?)</textarea>',
                     raw_html, re.DOTALL)
    if area:
        return html.unescape(area.group(1))
    box = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', raw_html)
    value = re.search(r'value="([^"]*)"', box.group(0)) if box else None
    return html.unescape(value.group(1)) if value else ""


def test_a_validation_error_keeps_every_value_entered(officer_client, officer, world):
    data = log_form(world, officer.id, meeting_date="2026-02-31")
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 422
    raw = response.get_data(as_text=True)
    body = text_of(response)
    assert "Enter a real date" in body and "Nothing has been saved yet" in body
    for name, value in data.items():
        if re.search(r"(owner|with_whom|subject|link|event_id|stance|format|status)$", name) \
                or name in ("our_attendees", "their_attendees", "themes"):
            expected = set(value) if isinstance(value, list) else {value}
            assert chosen_values(raw, name) == expected, name
        else:
            assert field_value(raw, name) == value, name
    with officer_client.application.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 0
        assert db.session.scalar(select(func.count(Person.id)).where(
            Person.full_name == "Chris Newcomer")) == 0


@pytest.mark.parametrize("overrides, message", [
    ({"title": "x" * 301}, "Field cannot be longer than 300 characters."),
    ({"meeting_date": ""}, "Enter a date."),
    ({"starts_time": "25:99"}, "Enter a time as HH:MM, e.g. 14:00."),
    ({"starts_time": "", "status": "planned"}, "only a held meeting may leave it out"),
    ({"starts_time": "", "ends_time": "11:00"}, "Enter the start time too"),
    ({"ends_time": "09:00"}, "The end time must be after the start time."),
    ({"raisings-0-subject": ""}, "Choose the recommendation, case or theme that was raised"),
    ({"follow_ups-0-owner": ""}, "Choose who committed: one of us or one of them."),
    ({"follow_ups-0-description": ""}, "Say what was committed"),
    ({"follow_ups-0-due_on": "2026-13-01"}, "Enter a real date as YYYY-MM-DD"),
    ({"raisings-0-with_whom": "p999999"}, "Not a valid choice"),
    ({"raisings-0-subject": "r999999"}, "That item is not in Parley, or not available to you."),
    ({"raisings-0-subject": "x1"}, "That item is not in Parley, or not available to you."),
    ({"their_attendees": ["abc"]}, "That person is not in Parley, or not available to you."),
    ({"follow_ups-0-owner": "u999999"}, "That person is not in Parley, or not available to you."),
    ({"purpose": "x" * 20001}, "Field cannot be longer than 20000 characters."),
    ({"new_persons-0-full_name": "", "raisings-1-with_whom": ""}, "Enter the new person's name"),
    ({"event_id": "999999"}, "That dialogue event is not in Parley, or not available to you."),
    ({"event_id": "", "event_id-text": "no such event"}, "No dialogue event matches “no such event”."),
    ({"status": "exploded"}, "Not a valid choice"),
])
def test_bad_input_gets_a_message_beside_the_field_and_saves_nothing(
        app, officer_client, officer, world, overrides, message):
    response = officer_client.post("/meetings/new", data=log_form(world, officer.id, **overrides))
    assert response.status_code == 422
    body = text_of(response)
    assert message in body
    assert 'class="error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 0


def test_raised_with_someone_who_is_not_an_attendee_is_refused(officer_client, officer, world):
    data = log_form(world, officer.id, their_attendees=[str(world["bolat"])])
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 422
    assert "Choose one of their attendees" in text_of(response)
    assert "Please correct the highlighted fields." in text_of(response)


def test_past_due_date_is_saved_with_a_warning(app, officer_client, officer, world):
    data = log_form(world, officer.id, **{"follow_ups-0-due_on": PAST})
    response = officer_client.post("/meetings/new", data=data, follow_redirects=True)
    body = text_of(response)
    assert "which is already past: it is listed as overdue" in body
    assert "overdue" in body
    with app.app_context():
        follow_up = db.session.scalar(select(FollowUp).where(
            FollowUp.description == "Send the updated case list"))
        assert follow_up.due_on.isoformat() == PAST
    # and the edit form flags the date beside the field
    with app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id))
    edit = text_of(officer_client.get(f"/meetings/{meeting_id}/edit"))
    assert "This date is already past" in edit


def test_more_rows_keeps_values_and_saves_nothing(app, officer_client, officer, world):
    data = log_form(world, officer.id, more="raisings")
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 200
    body = text_of(response)
    assert "Raised item 3" in body and "raisings-2-subject" in body
    assert "Raised item 4" not in body
    assert "The EEAS will mention it in the plenary." in body
    assert "Chris Newcomer" in body
    assert "Please correct" not in body
    data = log_form(world, officer.id, more="follow_ups")
    body = text_of(officer_client.post("/meetings/new", data=data))
    assert "Follow-up 3" in body
    body = text_of(officer_client.post("/meetings/new", data=log_form(
        world, officer.id, more="new_persons")))
    assert "New person 2" in body
    assert 'value="new1">New person 2 (from the form above)</option>' in body
    with app.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 0


def test_edit_form_shows_the_saved_log_and_saves_changes(app, officer_client, officer, world):
    officer_client.post("/meetings/new", data=log_form(world, officer.id))
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        meeting_id, version = meeting.id, meeting.version
        raising_ids = [r.id for r in meeting.raisings]
    body = text_of(officer_client.get(f"/meetings/{meeting_id}/edit"))
    assert "Edit meeting log" in body
    assert "The EEAS will mention it in the plenary." in body and "Remove this item" in body
    data = log_form(world, officer.id, version=str(version), title="Renamed meeting",
                    **{"raisings-0-raising_id": str(raising_ids[0]),
                       "raisings-1-raising_id": str(raising_ids[1]), "raisings-1-remove": "y",
                       "new_persons-0-full_name": "", "new_persons-0-organisation": "",
                       "new_persons-0-role": "", "raisings-1-with_whom": ""})
    data.pop("follow_ups-0-description")
    data.pop("follow_ups-0-owner")
    data.pop("follow_ups-0-due_on")
    data.pop("follow_ups-0-link")
    response = officer_client.post(f"/meetings/{meeting_id}/edit", data=data)
    assert response.status_code == 302, text_of(response)[:2000]
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.title == "Renamed meeting"
        assert [r.id for r in meeting.raisings] == [raising_ids[0]]
        assert db.session.scalar(select(func.count(Person.id)).where(
            Person.full_name == "Chris Newcomer")) == 1  # not created twice


def test_stale_save_is_refused_with_the_newer_values(app, officer_client, officer, world):
    meeting_id = make_meeting(app, title="Original title", their_attendee_ids=[world["anna"]])
    with app.app_context():
        db.session.execute(text("UPDATE meetings SET title='Their newer title', "
                                "version=version+1 WHERE id=:i"), {"i": meeting_id})
        db.session.commit()
    data = log_form(world, officer.id, version="1", title="My title")
    response = officer_client.post(f"/meetings/{meeting_id}/edit", data=data)
    assert response.status_code == 409
    body = text_of(response)
    assert ("Someone else changed this record while you were working on it; your change "
            "was not saved.") in body
    assert "Their newer title" in body and 'value="My title"' in body
    assert 'name="version" type="hidden" value="2"' in body
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).title == "Their newer title"


@pytest.mark.truncate("a second writer commits through its own connection while the request is in flight")
def test_a_save_racing_another_is_refused_too(app, officer_client, officer, world, monkeypatch):
    """StaleDataError (the other save lands after the version check) gives the same message."""
    from app.meetings import routes

    meeting_id = make_meeting(app, title="Original title")
    real = routes.save_meeting_log

    def racing(session, meeting, data, user):
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE meetings SET title='Raced in', version=version+1 "
                              "WHERE id=:i"), {"i": meeting_id})
        return real(session, meeting, data, user)

    monkeypatch.setattr(routes, "save_meeting_log", racing)
    response = officer_client.post(f"/meetings/{meeting_id}/edit",
                                   data=log_form(world, officer.id, version="1"))
    assert response.status_code == 409
    body = text_of(response)
    assert "Someone else changed this record" in body and "Raced in" in body
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).title == "Raced in"
        assert db.session.scalar(select(func.count(Person.id)).where(
            Person.full_name == "Chris Newcomer")) == 0


def test_undeclared_fields_change_nothing(app, officer_client, officer, world):
    data = log_form(world, officer.id, created_by_id="999", archived_at="2020-01-01",
                    id="77", **{"new_persons-0-sensitivity": "at_risk",
                                "raisings-0-meeting_id": "999", "follow_ups-0-status": "done",
                                "follow_ups-0-direction": "theirs", "sensitivity": "at_risk"})
    assert officer_client.post("/meetings/new", data=data).status_code == 302
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.id != 77 and meeting.archived_at is None
        assert meeting.created_by_id == officer.id
        chris = db.session.scalar(select(Person).where(Person.full_name == "Chris Newcomer"))
        assert chris.sensitivity is Sensitivity.NORMAL
        ours = db.session.scalar(select(FollowUp).where(
            FollowUp.description == "Send the updated case list"))
        assert ours.status.value == "open" and ours.direction is Direction.OURS
        assert all(r.meeting_id == meeting.id for r in db.session.scalars(select(Raising)))


def test_a_viewer_reads_but_cannot_log_or_edit(app, client, make_user, viewer, world):
    from tests.support.signing_in import login

    officer = make_user("officer")
    meeting_id = make_meeting(app, title="Read-only meeting")
    login(client, viewer.email)
    page = text_of(client.get(f"/meetings/{meeting_id}"))
    assert "Read-only meeting" in page and "Edit the log" not in page
    for url in ("/meetings/new", f"/meetings/{meeting_id}/edit",
                f"/meetings/{meeting_id}/archive"):
        response = client.post(url, data=log_form(world, officer.id, version="1"))
        assert response.status_code == 403
        assert "Your role does not allow this action." in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 1
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.title == "Read-only meeting" and meeting.archived_at is None


def test_person_lookup_finds_names_spellings_and_organisations(app, officer_client, world):
    def names(q):
        found = officer_client.get("/lookup/persons", query_string={"q": q}).json["results"]
        return [r["label"] for r in found]

    assert names("EEAS") == ["Anna Desk"]
    assert names("Жыланбаев") == ["Bolat Zhylanbaev"]
    assert names("жыланбаев") == ["Bolat Zhylanbaev"]
    assert names("eeas") == ["Anna Desk"]
    assert names("zhylan") == ["Bolat Zhylanbaev"]
    assert names("Ministry") == ["Bolat Zhylanbaev"]
    assert names("bolat deputy") == ["Bolat Zhylanbaev"]
    assert names("nobody here") == []
    result = officer_client.get("/lookup/persons?q=anna").json["results"][0]
    assert result == {"value": str(world["anna"]), "label": "Anna Desk",
                      "detail": "Desk Officer for Kazakhstan, EEAS", "group": "Stakeholders"}


def test_hidden_persons_are_neither_offered_nor_accepted(app, client, make_user, world):
    from tests.support.signing_in import login

    officer = make_user("officer", clearance="normal", email="low@parley.example")
    login(client, officer.email)
    assert client.get("/lookup/persons?q=Hidden").json["results"] == []
    assert client.get("/lookup/persons?q=Anna").json["results"][0]["label"] == "Anna Desk"
    form = text_of(client.get("/meetings/new"))
    assert "Hidden Witness" not in form
    data = log_form(world, officer.id, their_attendees=[str(world["hidden"])])
    data["raisings-0-with_whom"] = ""
    response = client.post("/meetings/new", data=data)
    assert response.status_code == 422
    assert "That person is not in Parley, or not available to you." in text_of(response)


def test_affiliation_is_created_for_a_new_person_without_organisation_only_when_given(
        app, officer_client, officer, world):
    data = log_form(world, officer.id, **{"new_persons-0-organisation": "",
                                          "new_persons-0-role": ""})
    assert officer_client.post("/meetings/new", data=data).status_code == 302
    with app.app_context():
        chris = db.session.scalar(select(Person).where(Person.full_name == "Chris Newcomer"))
        assert db.session.scalar(select(func.count(Affiliation.id)).where(
            Affiliation.person_id == chris.id)) == 0


def test_rows_of_another_meeting_cannot_be_changed_through_this_one(
        app, officer_client, officer, world):
    other_id = make_meeting(app, "Other meeting", their_attendee_ids=[world["anna"]])
    with app.app_context():
        other = db.session.get(Meeting, other_id)
        other.raisings = [Raising(theme_id=world["theme"], response="Untouched answer")]
        db.session.commit()
        foreign_id = other.raisings[0].id
    data = log_form(world, officer.id, **{"raisings-0-raising_id": str(foreign_id),
                                          "raisings-1-raising_id": "not-a-number"})
    assert officer_client.post("/meetings/new", data=data).status_code == 302
    with app.app_context():
        foreign = db.session.get(Raising, foreign_id)
        assert foreign.response == "Untouched answer" and foreign.meeting_id == other_id
        new = db.session.scalar(select(Meeting).where(Meeting.title != "Other meeting"))
        assert [r.response for r in new.raisings] == ["Not aware of the case."]


def test_closed_follow_ups_show_their_status_and_no_overdue_warning(app, officer_client, world):
    from app.models import FollowUpStatus

    meeting_id = make_meeting(app, "Old meeting", their_attendee_ids=[world["anna"]])
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        for description, status in (("Kept promise", FollowUpStatus.DONE),
                                    ("Still waiting", FollowUpStatus.OPEN)):
            db.session.add(FollowUp(meeting=meeting, description=description, status=status,
                                    direction=Direction.THEIRS, owner_person_id=world["anna"],
                                    due_on=date(2020, 1, 1)))
        db.session.commit()
    body = text_of(officer_client.get(f"/meetings/{meeting_id}/edit"))
    assert "Kept" in body and "Pending" in body
    assert body.count("This date is already past") == 1


def test_logging_from_an_event_starts_today_as_held_and_planning_on_its_first_day(
        officer_client, world):
    body = officer_client.get(f"/meetings/new?event_id={world['event']}").get_data(as_text=True)
    assert f'name="meeting_date" required type="date" value="{date.today().isoformat()}"' in body
    assert '<option selected value="held">' in body
    planned = officer_client.get(f"/meetings/new?event_id={world['event']}&plan=1")
    body = planned.get_data(as_text=True)
    assert 'name="meeting_date" required type="date" value="2026-06-10"' in body
    # the event's first day is already past, so the meeting it plans was held
    assert '<option selected value="held">' in body
    assert chosen_values(body, "event_id") == {str(world["event"])}
    assert 'value="EU-Kazakhstan Human Rights Dialogue 2026"' in body
    assert officer_client.get("/meetings/new?event_id=abc").status_code == 200


def test_an_edit_by_someone_not_cleared_keeps_hidden_attendees(app, client, make_user, world):
    from tests.support.signing_in import login

    meeting_id = make_meeting(app, "Meeting with a witness",
                              their_attendee_ids=[world["anna"], world["hidden"]])
    low = make_user("officer", clearance="normal", email="low@parley.example")
    login(client, low.email)
    form = text_of(client.get(f"/meetings/{meeting_id}/edit"))
    assert "Hidden Witness" not in form
    data = log_form(world, low.id, version="1", title="Renamed by a normal-clearance officer",
                    their_attendees=[str(world["anna"])],
                    **{"new_persons-0-full_name": "", "new_persons-0-organisation": "",
                       "new_persons-0-role": "", "raisings-1-with_whom": ""})
    assert client.post(f"/meetings/{meeting_id}/edit", data=data).status_code == 302
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.title == "Renamed by a normal-clearance officer"
        assert {p.full_name for p in meeting.their_attendees} == {"Anna Desk", "Hidden Witness"}


def test_rows_naming_hidden_people_are_kept_through_an_edit(app, client, make_user, world):
    """A raising with, or a follow-up owned by, a person above the editor's clearance is not
    shown (derived sensitivity), not offered in the form, and survives the save unchanged."""
    from tests.support.signing_in import login

    meeting_id = make_meeting(app, "Meeting with rows about a witness",
                              their_attendee_ids=[world["anna"], world["hidden"]])
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.raisings = [Raising(theme_id=world["theme"], person_id=world["hidden"],
                                    response="Answer of the witness")]
        db.session.add(FollowUp(meeting=meeting, description="Witness sends documents",
                                direction=Direction.THEIRS, owner_person_id=world["hidden"]))
        db.session.commit()
    low = make_user("officer", clearance="normal", email="low@parley.example")
    login(client, low.email)
    shown = text_of(client.get(f"/meetings/{meeting_id}"))
    assert "Answer of the witness" not in shown and "Witness sends documents" not in shown
    assert "with the meeting as a whole" not in shown and "not cleared to see" not in shown
    form = text_of(client.get(f"/meetings/{meeting_id}/edit"))
    assert "Answer of the witness" not in form and "Witness sends documents" not in form
    data = {"version": "1", "title": "Edited", "meeting_date": "2026-06-10",
            "starts_time": "09:00", "format": "in_person", "status": "held", "event_id": "",
            "their_attendees": [str(world["anna"])]}
    response = client.post(f"/meetings/{meeting_id}/edit", data=data)
    assert response.status_code == 302, text_of(response)[:2000]
    with app.app_context():
        raising = db.session.scalar(select(Raising))
        assert raising.person_id == world["hidden"] and raising.response == "Answer of the witness"
        follow_up = db.session.scalar(select(FollowUp))
        assert follow_up.owner_person_id == world["hidden"] and follow_up.archived_at is None


def test_a_new_person_close_to_an_existing_one_is_held_until_confirmed(
        app, officer_client, officer, world):
    data = log_form(world, officer.id, **{"new_persons-0-full_name": "Anna  desk",
                                          "raisings-1-with_whom": ""})
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 422
    body = text_of(response)
    assert "A new person may already be in Parley." in body
    warning = re.search(r'<div class="duplicate-warning".*?</div>', body, re.DOTALL).group(0)
    assert "Already in Parley?" in warning and "Anna Desk" in warning
    assert "Create anyway: this is a different person" in body
    assert field_value(response.get_data(as_text=True), "follow_ups-0-description") == \
        "Send the updated case list"
    with app.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 0
    data["new_persons-0-create_anyway"] = "y"
    assert officer_client.post("/meetings/new", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Person.id)).where(
            Person.full_name == "Anna  desk")) == 1


def test_a_held_meeting_needs_neither_title_nor_hour_and_gets_a_title_from_who_was_there(
        app, officer_client, officer, world):
    data = log_form(world, officer.id, title="", starts_time="", ends_time="",
                    meeting_date="2026-06-11")
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 302, text_of(response)[:2000]
    with app.app_context():
        meeting = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        assert meeting.title.startswith("Meeting with ")
        assert "Chris Newcomer" in meeting.title
        assert meeting.time_known is False
        assert meeting.status.value == "held"
    page = text_of(officer_client.get(response.headers["Location"]))
    # the day alone: no hour next to it (the record's own timestamps below carry one)
    assert re.search(r"11 Jun 2026(?!,? \d)", page) and "11 Jun 2026, 12:00" not in page


def test_new_follow_up_rows_start_with_me_and_a_row_holding_only_that_stays_blank(
        app, officer_client, officer, world):
    body = officer_client.get("/meetings/new").get_data(as_text=True)
    assert f'name="follow_ups-0-owner" type="hidden" value="u{officer.id}"' in body \
        or f'value="u{officer.id}"' in body.split('data-lookup-name="follow_ups-0-owner"')[1][:600]
    assert body.count('name="raisings-') >= 3 * 5  # three raising rows to start
    data = log_form(world, officer.id)
    for key in [k for k in data if k.startswith("follow_ups-")]:
        del data[key]
    data["follow_ups-0-owner"] = f"u{officer.id}"  # the untouched default
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 302, text_of(response)[:2000]
    with app.app_context():
        meeting = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        assert meeting.follow_ups == []


def test_a_delegation_brings_everyone_with_a_current_post_there(app, officer_client, officer, world):
    data = log_form(world, officer.id, their_attendees=[], **{"raisings-0-with_whom": "",
                                                             "raisings-1-with_whom": "",
                                                             "follow_ups-1-owner": f"u{officer.id}"})
    data["delegation"] = str(world["eeas"])
    response = officer_client.post("/meetings/new", data=data)
    assert response.status_code == 302, text_of(response)[:3000]
    with app.app_context():
        meeting = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        names = {p.full_name for p in meeting.their_attendees}
        posted = {a.person.full_name for a in db.session.scalars(
            select(Affiliation).where(Affiliation.organisation_id == world["eeas"],
                                      Affiliation.end_on.is_(None)))}
        assert posted and posted <= names
