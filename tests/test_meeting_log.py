"""The one-page meeting log: the service that saves it, and the page officers fill in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEvent,
    Direction,
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
from tests.factories import make_world
from tests.support.meeting_forms import log_form
from tests.support.pages import chosen_values, text_of


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

