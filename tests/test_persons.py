"""Stakeholder pages: names in any script, duplicates, posts, the profile, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Affiliation,
    Direction,
    FollowUp,
    FollowUpStatus,
    ImplementationStatus,
    Meeting,
    Organisation,
    OrganisationKind,
    Person,
    PersonName,
    Raising,
    Recommendation,
    Sensitivity,
    Stance,
    Theme,
)
from tests.factories import add, load
from tests.support.queries import count_queries


def _new_person(client, **fields):
    data = {"full_name": "Aliya Nurlanova", "sensitivity": "normal", **fields}
    return client.post("/persons/new", data=data)


def test_officer_adds_a_person_with_other_spellings(app, officer_client):
    response = _new_person(officer_client, other_spellings="Алия Нурланова\nAliia Nurlanova\n\n",
                           country="Kazakhstan")
    assert response.status_code == 302
    page = officer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Aliya Nurlanova" in page and "Алия Нурланова" in page and "Aliia Nurlanova" in page
    with app.app_context():
        scripts = {n.name: n.script for n in db.session.scalars(select(PersonName))}
    assert scripts == {"Алия Нурланова": "Cyrillic", "Aliia Nurlanova": "Latin"}


def test_search_matches_any_spelling_in_any_case(app, officer_client):
    person = Person(full_name="Marat Zhylanbaev",
                    other_names=[PersonName(name="Марат Жыланбаев", script="Cyrillic")])
    add(app, person, Person(full_name="Someone Else"))
    for term in ("Жыланбаев", "жыланбаев", "ЖЫЛАНБАЕВ", "Zhylanbaev", "zhylANBAEV"):
        page = officer_client.get("/persons/", query_string={"q": term}).get_data(as_text=True)
        assert "Marat Zhylanbaev" in page, term
        assert "Someone Else" not in page, term
    page = officer_client.get("/persons/?q=%25").get_data(as_text=True)
    assert "No stakeholder matches." in page


def test_search_ignores_case_around_letters_outside_ascii(app, officer_client):
    """A term of ASCII letters is compared by SQLite's own LIKE; names holding other letters
    are still found by their ASCII part, and a term with other letters is folded in full."""
    add(app, Person(full_name="ÖMER Abdulla-Şahin"), Person(full_name="Ömür Абдулла"))
    found = lambda term: [name for name in ("ÖMER Abdulla-Şahin", "Ömür Абдулла") if name in
                          officer_client.get("/persons/", query_string={"q": term})
                          .get_data(as_text=True)]
    assert found("ABDULLA-") == ["ÖMER Abdulla-Şahin"]
    assert found("mer abd") == ["ÖMER Abdulla-Şahin"]
    assert found("ömer") == ["ÖMER Abdulla-Şahin"]
    assert found("ö") == ["ÖMER Abdulla-Şahin", "Ömür Абдулла"]
    assert found("АБДУЛЛА") == ["Ömür Абдулла"]  # Cyrillic, folded
    assert found("sahin") == []  # Ş is not S


def test_demo_finds_zhylanbaev_by_cyrillic_and_latin(demo, officer_client):
    for term in ("Жыланбаев", "Zhylanbaev"):
        page = officer_client.get("/persons/", query_string={"q": term}).get_data(as_text=True)
        assert "Marat Zhylanbaev" in page, term


def test_likely_duplicate_needs_create_anyway(app, officer_client):
    add(app, Person(full_name="Marat Zhylanbaev",
                    other_names=[PersonName(name="Марат Жыланбаев", script="Cyrillic")]))
    response = _new_person(officer_client, full_name="Marat Zhilanbaev")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Possible duplicate:" in text and "Marat Zhylanbaev" in text
    assert "Create anyway" in text
    response = _new_person(officer_client, full_name="Марат Жыланбаев")
    assert "Possible duplicate:" in response.get_data(as_text=True)
    response = _new_person(officer_client, full_name="Marat Zhilanbaev", create_anyway="y")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Person.id))) == 2


def test_no_duplicate_warning_for_a_new_name(officer_client):
    response = officer_client.get("/persons/new").get_data(as_text=True)
    assert "Create anyway" not in response
    assert _new_person(officer_client, full_name="Completely New").status_code == 302


def test_filters_by_organisation_country_and_sensitivity(app, officer_client):
    org = Organisation(name="EEAS", kind=OrganisationKind.EU_INSTITUTION)
    anna = Person(full_name="Anna EEAS", country="Belgium")
    kai = Person(full_name="Kai Confidential", country="Kazakhstan",
                 sensitivity=Sensitivity.CONFIDENTIAL)
    add(app, org, anna, kai)
    add(app, Affiliation(person_id=anna.id, organisation_id=org.id, role="Desk"))
    page = officer_client.get(f"/persons/?organisation={org.id}").get_data(as_text=True)
    assert "Anna EEAS" in page and "Kai Confidential" not in page
    page = officer_client.get("/persons/?country=Kazakhstan").get_data(as_text=True)
    assert "Kai Confidential" in page and "Anna EEAS" not in page
    page = officer_client.get("/persons/?sensitivity=confidential").get_data(as_text=True)
    assert "Kai Confidential" in page and "Anna EEAS" not in page


def test_viewer_sees_only_cleared_persons_and_cannot_write(app, viewer_client):
    open_id, hidden_id = add(app, Person(full_name="Open Person"),
                             Person(full_name="Hidden Person", sensitivity=Sensitivity.AT_RISK))
    page = viewer_client.get("/persons/").get_data(as_text=True)
    assert "Open Person" in page and "Hidden Person" not in page
    assert viewer_client.get(f"/persons/{hidden_id}").status_code == 404
    found = viewer_client.get("/persons/?q=Hidden").get_data(as_text=True)
    assert "Hidden Person" not in found and "No stakeholder matches." in found
    response = viewer_client.post(f"/persons/{open_id}/edit", data={
        "full_name": "Renamed", "sensitivity": "normal", "version": "1"})
    assert response.status_code == 403
    assert viewer_client.post("/persons/new", data={"full_name": "X"}).status_code == 403
    assert load(app, Person, open_id).full_name == "Open Person"


def test_officer_cannot_give_a_sensitivity_above_their_clearance(officer_client):
    form = officer_client.get("/persons/new").get_data(as_text=True)
    assert 'value="confidential"' in form and 'value="at_risk"' not in form
    response = _new_person(officer_client, sensitivity="at_risk")
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_edit_keeps_other_spellings_in_step_and_refuses_stale_saves(app, officer_client):
    person_id = add(app, Person(full_name="Old", other_names=[PersonName(name="Олд")]))
    form = officer_client.get(f"/persons/{person_id}/edit").get_data(as_text=True)
    assert "Олд" in form
    response = officer_client.post(f"/persons/{person_id}/edit", data={
        "full_name": "New", "other_spellings": "Нью\nNyu", "sensitivity": "normal",
        "version": "1"})
    assert response.status_code == 302
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert sorted(n.name for n in person.other_names) == ["Nyu", "Нью"]
        version = person.version
    stale = officer_client.post(f"/persons/{person_id}/edit", data={
        "full_name": "Mine", "sensitivity": "normal", "version": str(version - 1)})
    text = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "Someone else changed this record" in text and "New" in text
    assert load(app, Person, person_id).full_name == "New"


def test_undeclared_fields_change_nothing(app, officer_client, make_user):
    other = make_user("officer")
    person_id = add(app, Person(full_name="Plain"))
    officer_client.post(f"/persons/{person_id}/edit", data={
        "full_name": "Plain", "sensitivity": "normal", "version": "1",
        "created_by_id": str(other.id), "archived_at": "2020-01-01", "id": "999"})
    person = load(app, Person, person_id)
    assert person.created_by_id is None and person.archived_at is None and person.id == person_id


def test_post_end_before_start_and_impossible_dates_are_refused(app, officer_client):
    org = Organisation(name="MFA", kind=OrganisationKind.GOVERNMENT)
    person = Person(full_name="Post Holder")
    add(app, org, person)
    url = f"/persons/{person.id}/posts/new"
    response = officer_client.post(url, data={"organisation_id": org.id, "role": "Minister",
                                              "start_on": "2024-05-01", "end_on": "2023-01-01"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in text
    response = officer_client.post(url, data={"organisation_id": org.id, "role": "Minister",
                                              "start_on": "2025-02-31"})
    assert "Enter a real date" in response.get_data(as_text=True)
    response = officer_client.post(url, data={"organisation_id": "", "role": ""})
    assert response.get_data(as_text=True).count("This field is required.") == 1
    assert "Choose an organisation: type part of the name" in response.get_data(as_text=True)
    response = officer_client.post(url, data={"organisation_id": org.id, "role": "Minister",
                                              "start_on": "2024-05-01"})
    assert response.status_code == 302
    page = officer_client.get(f"/persons/{person.id}").get_data(as_text=True)
    assert "Minister" in page and "MFA" in page


def test_post_can_be_ended_and_shows_as_past(app, officer_client):
    org = Organisation(name="MFA", kind=OrganisationKind.GOVERNMENT)
    person = Person(full_name="Post Holder")
    add(app, org, person)
    post_id = add(app, Affiliation(person_id=person.id, organisation_id=org.id, role="Deputy",
                                   start_on=date(2020, 1, 1)))
    response = officer_client.post(f"/persons/{person.id}/posts/{post_id}/edit", data={
        "organisation_id": org.id, "role": "Deputy", "start_on": "2020-01-01",
        "end_on": "2022-06-30", "version": "1"})
    assert response.status_code == 302
    page = officer_client.get(f"/persons/{person.id}").get_data(as_text=True)
    assert "Past posts" in page and "30 Jun 2022" in page


def test_notes_are_rendered_without_scripts(app, officer_client):
    person_id = add(app, Person(full_name="Noted", notes="**bold** <script>alert(1)</script>"))
    page = officer_client.get(f"/persons/{person_id}").get_data(as_text=True)
    assert "<strong>bold</strong>" in page
    assert "<script>alert(1)</script>" not in page


def _profile_world(app, n: int, person_id: int | None = None, user_id: int | None = None):
    """Add ``n`` meetings with the person, each with a raising and a commitment each way."""
    with app.app_context():
        if person_id is None:
            theme = Theme(name="Freedom of expression")
            rec = Recommendation(text="Repeal article 274", addressee="Kazakhstani authorities",
                                 themes=[theme], status=ImplementationStatus.NOT_STARTED)
            person = Person(full_name="Deputy Minister")
            db.session.add_all([theme, rec, person])
            db.session.flush()
            person_id = person.id
        person = db.session.get(Person, person_id)
        rec = db.session.scalars(select(Recommendation)).first()
        start = datetime(2025, 1, 1, 10, tzinfo=UTC)
        for i in range(n):
            meeting = Meeting(title=f"Meeting {i:03d}", starts_at=start + timedelta(days=i),
                              their_attendees=[person])
            db.session.add(meeting)
            db.session.flush()
            db.session.add(Raising(meeting_id=meeting.id, recommendation_id=rec.id,
                                   person_id=person.id, response=f"Answer {i:03d}",
                                   stance=Stance.OPPOSED if i % 2 else Stance.NON_COMMITTAL))
            db.session.add(FollowUp(meeting_id=meeting.id, description=f"They send {i:03d}",
                                    direction=Direction.THEIRS, owner_person_id=person.id,
                                    status=FollowUpStatus.DONE if i == 0 else FollowUpStatus.OPEN))
            db.session.add(FollowUp(meeting_id=meeting.id, description=f"We send {i:03d}",
                                    direction=Direction.OURS, owner_user_id=user_id))
        db.session.commit()
        return person_id


def test_profile_shows_meetings_raisings_stances_and_commitments(app, officer_client, officer):
    person_id = _profile_world(app, 3, user_id=officer.id)
    with app.app_context():
        db.session.add(FollowUp(description="Promise broken", direction=Direction.THEIRS,
                                owner_person_id=person_id, status=FollowUpStatus.BROKEN))
        db.session.commit()
    page = officer_client.get(f"/persons/{person_id}").get_data(as_text=True)
    meetings = page.split('id="meetings"')[1]
    order = [meetings.index(f"Meeting {i:03d}") for i in (2, 1, 0)]
    assert order == sorted(order)
    assert "Repeal article 274" in page and "Answer 001" in page
    stances = page.split('id="stances"')[1].split("</section>")[0]
    assert "Freedom of expression" in stances
    assert "Opposed" in stances and "Non-committal" in stances
    theirs = page.split('id="their-commitments"')[1].split("</section>")[0]
    assert "Kept" in theirs and "Pending" in theirs and "Broken" in theirs
    ours = page.split('id="our-commitments"')[1].split("</section>")[0]
    assert "We send 002" in ours and "Olga Officer" in ours


def test_profile_query_count_does_not_grow(app, officer_client, officer):
    person_id = _profile_world(app, 12, user_id=officer.id)
    officer_client.get(f"/persons/{person_id}")
    with count_queries(app) as few:
        officer_client.get(f"/persons/{person_id}")
    _profile_world(app, 188, person_id=person_id, user_id=officer.id)
    with count_queries(app) as many:
        page = officer_client.get(f"/persons/{person_id}").get_data(as_text=True)
    assert page.count("Meeting 187") >= 1 and "Answer 187" in page
    assert "Answer 150" not in page and "All 200" in page
    assert len(few) == len(many)


def test_list_query_count_does_not_grow(app, officer_client):
    def fill(start, n):
        with app.app_context():
            org = Organisation(name=f"Org {start}", kind=OrganisationKind.CSO)
            db.session.add(org)
            for i in range(start, start + n):
                person = Person(full_name=f"Person {i:03d}",
                                other_names=[PersonName(name=f"Персона {i}")])
                db.session.add(person)
                db.session.add(Affiliation(person=person, organisation=org, role="Member"))
            db.session.commit()

    fill(0, 10)
    with count_queries(app) as few:
        officer_client.get("/persons/")
    fill(10, 190)
    with count_queries(app) as many:
        page = officer_client.get("/persons/").get_data(as_text=True)
    assert "Next" in page
    assert len(few) == len(many)
    assert "Person 060" in officer_client.get("/persons/?page=2").get_data(as_text=True)


def test_archive_and_restore_a_person(app, officer_client):
    person_id = add(app, Person(full_name="Archie Ved"))
    officer_client.post(f"/persons/{person_id}/archive")
    assert "Archie Ved" not in officer_client.get("/persons/").get_data(as_text=True)
    assert "Archie Ved" in officer_client.get("/persons/?archived=y").get_data(as_text=True)
    page = officer_client.get(f"/persons/{person_id}").get_data(as_text=True)
    assert "Archived on" in page and "Restore" in page
    officer_client.post(f"/persons/{person_id}/restore")
    assert "Archie Ved" in officer_client.get("/persons/").get_data(as_text=True)




@pytest.mark.truncate("a second writer commits through its own connection while the request is in flight")
def test_a_save_racing_another_is_refused_not_overwritten(app, officer_client, monkeypatch):
    """Two saves in flight at once: the loser gets the stale notice (StaleDataError is caught)."""
    from sqlalchemy import update

    from app.persons import routes

    person_id = add(app, Person(full_name="Before"))
    original = routes._apply

    def racing_apply(form, person):
        with db.engine.begin() as other:
            other.execute(update(Person.__table__).where(Person.__table__.c.id == person_id)
                          .values(full_name="Racer", version=Person.__table__.c.version + 1))
        original(form, person)

    monkeypatch.setattr(routes, "_apply", racing_apply)
    response = officer_client.post(f"/persons/{person_id}/edit", data={
        "full_name": "Loser", "sensitivity": "normal", "version": "1"})
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this record" in text and "Racer" in text
    assert load(app, Person, person_id).full_name == "Racer"


@pytest.mark.truncate("the audit of restricted views is written through a connection of its own "
                       "(app/security/restricted_access.py), apart from the request's session")
def test_viewing_a_restricted_person_is_audited(app, officer_client, officer):
    from app.models import AuditEvent

    person_id = add(app, Person(full_name="Guarded", sensitivity=Sensitivity.CONFIDENTIAL))
    assert officer_client.get(f"/persons/{person_id}").status_code == 200
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "viewed_restricted", AuditEvent.entity_type == "Person"))
        assert event.entity_id == person_id and event.user_id == officer.id


def test_a_post_recorded_by_mistake_can_be_removed(app, officer_client):
    org = Organisation(name="MFA", kind=OrganisationKind.GOVERNMENT)
    person = Person(full_name="Post Holder")
    add(app, org, person)
    post_id = add(app, Affiliation(person_id=person.id, organisation_id=org.id, role="Typo post"))
    assert "Typo post" in officer_client.get(f"/persons/{person.id}").get_data(as_text=True)
    officer_client.post(f"/persons/{person.id}/posts/{post_id}/archive")
    assert "Typo post" not in officer_client.get(f"/persons/{person.id}").get_data(as_text=True)
    other = add(app, Person(full_name="Other"))
    assert officer_client.post(f"/persons/{other}/posts/{post_id}/archive").status_code == 404


def test_person_email_must_look_like_one(officer_client):
    response = _new_person(officer_client, full_name="Mail Person", email="not-an-address")
    assert "Not a valid email address." in response.get_data(as_text=True)


def test_profile_hides_raisings_of_cases_the_viewer_is_not_cleared_for(app, viewer_client):
    from app.models import Case

    official = Person(full_name="Open Official")
    hidden_case = Case(title="Secret Case", sensitivity=Sensitivity.AT_RISK)
    meeting = Meeting(title="Side meeting", starts_at=datetime(2026, 3, 1, tzinfo=UTC),
                      their_attendees=[])
    add(app, official, hidden_case, meeting)
    add(app, Raising(meeting_id=meeting.id, case_id=hidden_case.id, person_id=official.id,
                     response="Hidden answer"),
        FollowUp(meeting_id=meeting.id, description="Open promise", direction=Direction.THEIRS,
                 owner_person_id=official.id))
    page = viewer_client.get(f"/persons/{official.id}").get_data(as_text=True)
    assert "Open promise" in page
    assert "Secret Case" not in page and "Hidden answer" not in page
