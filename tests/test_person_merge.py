"""Merging two records of one person: chosen side by side, everything moved to the kept one,
the other archived as merged into it, audited, closed to viewers and to the uncleared."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Affiliation,
    AuditEvent,
    Case,
    Direction,
    FollowUp,
    Meeting,
    Organisation,
    OrganisationKind,
    Person,
    PersonName,
    Raising,
    Sensitivity,
    meeting_persons,
)
from app.services.data_protection.audit_log import AuditFilter, audit_events, with_merged_persons
from app.services.people.duplicate_merge import MergeRefused, merge_duplicates, plan_merge
from tests.factories import add, load


def _world(app, twin_sensitivity=Sensitivity.NORMAL) -> tuple[int, int]:
    """Two records of Marat Zhylanbaev, each with meetings, raisings and follow-ups; the
    Cyrillic one also with a post, a case and another spelling."""
    with app.app_context():
        org = Organisation(name="Ministry of Justice", kind=OrganisationKind.GOVERNMENT)
        kept = Person(full_name="Marat Zhylanbaev", email="marat@example.org",
                      notes="Met in Brussels.", lawful_basis="legitimate interest")
        twin = Person(full_name="Марат Жыланбаев", phone="+7 701 000 0000", country="Kazakhstan",
                      notes="Prefers Russian.", sensitivity=twin_sensitivity,
                      other_names=[PersonName(name="Marat Jylanbayev", script="Latin")])
        db.session.add_all([org, kept, twin])
        db.session.flush()
        for n, person in enumerate((kept, twin, twin)):
            meeting = Meeting(title=f"Meeting {n}", starts_at=datetime(2025, 3, n + 1, tzinfo=UTC),
                              their_attendees=[person])
            db.session.add(meeting)
            db.session.flush()
            db.session.add(Raising(meeting_id=meeting.id, person_id=person.id,
                                   talking_point=f"Point {n}"))
            db.session.add(FollowUp(meeting_id=meeting.id, description=f"Promise {n}",
                                    direction=Direction.THEIRS, owner_person_id=person.id))
        shared = Meeting(title="Both attended", starts_at=datetime(2025, 4, 1, tzinfo=UTC),
                         their_attendees=[kept, twin])
        db.session.add_all([shared, Affiliation(person=twin, organisation=org, role="Deputy"),
                            Case(title="Detention of M. Zh.", person_id=twin.id,
                                 sensitivity=twin_sensitivity)])
        db.session.commit()
        return kept.id, twin.id


def _count(model, column, person_id) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(column == person_id))


def test_merge_moves_meetings_raisings_and_follow_ups_to_the_kept_person(app):
    kept_id, twin_id = _world(app)
    with app.app_context():
        kept, twin = db.session.get(Person, kept_id), db.session.get(Person, twin_id)
        plan = plan_merge(db.session, kept, twin)
        assert plan.moving == {"posts": 1, "meetings": 3, "raisings": 2, "follow-ups": 2,
                               "cases": 1, "other spellings": 1}
        assert {f.name for f in plan.differing} == {
            "full_name", "email", "phone", "country", "lawful_basis", "notes"}
        merge_duplicates(db.session, kept, twin, {"phone": "other", "notes": "both"})
        db.session.commit()
        db.session.expire_all()
        kept, twin = db.session.get(Person, kept_id), db.session.get(Person, twin_id)
        attended = select(func.count()).select_from(meeting_persons)
        assert db.session.scalar(attended.where(meeting_persons.c.person_id == kept_id)) == 4
        assert db.session.scalar(attended.where(meeting_persons.c.person_id == twin_id)) == 0
        assert _count(Raising, Raising.person_id, kept_id) == 3
        assert _count(FollowUp, FollowUp.owner_person_id, kept_id) == 3
        assert _count(Case, Case.person_id, kept_id) == 1
        assert _count(Affiliation, Affiliation.person_id, kept_id) == 1
        for model, column in ((Raising, Raising.person_id), (FollowUp, FollowUp.owner_person_id),
                              (Case, Case.person_id), (Affiliation, Affiliation.person_id)):
            assert _count(model, column, twin_id) == 0
        assert kept.full_name == "Marat Zhylanbaev" and kept.email == "marat@example.org"
        assert kept.phone == "+7 701 000 0000"
        assert kept.country == "Kazakhstan"  # only the other record had one: the default
        assert kept.notes == "Met in Brussels.\n\n---\n\nPrefers Russian."
        assert {n.name for n in kept.other_names} == {"Марат Жыланбаев", "Marat Jylanbayev"}
        assert twin.is_archived and twin.merged_into_id == kept_id
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "merge")).one()
        assert (event.entity_type, event.entity_id) == ("Person", kept_id)
        assert event.changes["merged_person_id"] == twin_id
        assert event.changes["moved"]["raisings"] == 2
        # The other record's own history is found from the kept one.
        wanted = with_merged_persons(db.session, AuditFilter(entity_type="Person",
                                                             entity_id=kept_id))
        assert wanted.merged_ids == (twin_id,)
        found = db.session.scalars(audit_events(wanted)).all()
        assert any(e.entity_id == twin_id and e.action == "create" for e in found)


def test_a_merge_takes_the_other_name_and_never_lowers_a_sensitivity(app):
    kept_id, twin_id = _world(app, twin_sensitivity=Sensitivity.CONFIDENTIAL)
    with app.app_context():
        kept, twin = db.session.get(Person, kept_id), db.session.get(Person, twin_id)
        merge_duplicates(db.session, kept, twin, {"full_name": "other", "email": "nonsense"})
        db.session.commit()
        kept = db.session.get(Person, kept_id)
        assert kept.full_name == "Марат Жыланбаев" and kept.email == "marat@example.org"
        assert "Marat Zhylanbaev" in {n.name for n in kept.other_names}
        assert kept.sensitivity is Sensitivity.CONFIDENTIAL


def test_records_that_cannot_be_merged_are_refused(app):
    kept_id, twin_id = _world(app)
    with app.app_context():
        kept, twin = db.session.get(Person, kept_id), db.session.get(Person, twin_id)
        with pytest.raises(MergeRefused):
            plan_merge(db.session, kept, kept)
        merge_duplicates(db.session, kept, twin, {})
        db.session.commit()
        with pytest.raises(MergeRefused, match="already merged"):
            plan_merge(db.session, kept, twin)


def _page(client, kept_id, twin_id):
    return client.get(f"/persons/{kept_id}/merge/{twin_id}")


def test_the_person_page_offers_to_compare_and_merge(app, officer_client, viewer_client):
    kept_id, twin_id = _world(app)
    page = officer_client.get(f"/persons/{kept_id}").get_data(as_text=True)
    duplicates = page.split('id="possible-duplicates"')[1].split("</section>")[0]
    assert "Марат Жыланбаев" in duplicates
    assert f'href="/persons/{kept_id}/merge/{twin_id}"' in duplicates
    assert "Compare and merge" in duplicates


def test_viewers_neither_see_the_button_nor_open_the_page(app, client, make_user):
    kept_id, twin_id = _world(app)
    from tests.support.signing_in import login

    viewer = make_user("viewer", clearance="at_risk")
    login(client, viewer.email)
    page = client.get(f"/persons/{kept_id}").get_data(as_text=True)
    assert "Possible duplicates" in page and "Compare and merge" not in page
    assert _page(client, kept_id, twin_id).status_code == 403
    assert client.post(f"/persons/{kept_id}/merge/{twin_id}").status_code == 403
    assert load(app, Person, twin_id).merged_into_id is None


def test_side_by_side_page_and_merge_with_a_value_from_the_other(app, officer_client):
    kept_id, twin_id = _world(app)
    response = _page(officer_client, kept_id, twin_id)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "marat@example.org" in rows and "+7 701 000 0000" in rows and "Prefers Russian." in rows
    assert re.search(r'value="kept"[^>]*checked', rows.split("Email")[1])
    assert re.search(r'value="other"[^>]*checked', rows.split("Phone")[1])
    assert f'href="/persons/{twin_id}/merge/{kept_id}"' in page  # keep the other one instead
    moving = page.split('class="merge-moving"')[1].split("</ul>")[0]
    assert "<strong>3</strong> meetings" in moving and "<strong>2</strong> raisings" in moving
    assert "<strong>2</strong> follow-ups" in moving and "<strong>1</strong> case<" in moving
    assert "<strong>1</strong> post<" in moving and "other spelling<" in moving
    version = lambda name: re.search(rf'name="{name}" type="hidden" value="(\d+)"', page)[1]
    response = officer_client.post(f"/persons/{kept_id}/merge/{twin_id}", data={
        "kept_version": version("kept_version"), "other_version": version("other_version"),
        "choose_full_name": "other", "choose_email": "kept", "choose_notes": "kept"})
    assert response.status_code == 302 and response.headers["Location"] == f"/persons/{kept_id}"
    page = officer_client.get(f"/persons/{kept_id}").get_data(as_text=True)
    assert "Марат Жыланбаев (#" in page or "<h1>Марат Жыланбаев" in page
    assert "was merged into" in page and "Meeting 2" in page and "Meeting 0" in page
    twin_page = officer_client.get(f"/persons/{twin_id}").get_data(as_text=True)
    assert f'Merged into <a href="/persons/{kept_id}">' in twin_page
    assert "Restore" not in twin_page


def test_a_stale_merge_is_refused_and_changes_nothing(app, officer_client):
    kept_id, twin_id = _world(app)
    response = officer_client.post(f"/persons/{kept_id}/merge/{twin_id}", data={
        "kept_version": "1", "other_version": "0"})
    assert response.status_code == 409
    assert "Someone else changed this record" in response.get_data(as_text=True)
    assert load(app, Person, twin_id).merged_into_id is None


def test_bad_ids_and_hidden_persons_answer_404(app, officer_client):
    kept_id, twin_id = _world(app)
    at_risk = add(app, Person(full_name="Marat Zhylanbayev", sensitivity=Sensitivity.AT_RISK))
    for path in (f"/persons/{kept_id}/merge/{kept_id}", f"/persons/{kept_id}/merge/999999",
                 f"/persons/0/merge/{twin_id}", f"/persons/{kept_id}/merge/99999999999999",
                 f"/persons/{kept_id}/merge/{at_risk}", f"/persons/{at_risk}/merge/{kept_id}"):
        assert officer_client.get(path).status_code == 404, path
        assert officer_client.post(path).status_code == 404, path
    page = officer_client.get(f"/persons/{kept_id}").get_data(as_text=True)
    assert "Zhylanbayev" not in page  # the at-risk namesake is no possible duplicate here
    assert load(app, Person, at_risk).merged_into_id is None


def test_an_archived_record_is_refused_with_a_reason(app, officer_client):
    kept_id, twin_id = _world(app)
    officer_client.post(f"/persons/{twin_id}/archive")
    response = _page(officer_client, kept_id, twin_id)
    assert response.status_code == 409
    assert "is archived: restore the record first" in response.get_data(as_text=True)


def test_the_merge_needs_its_csrf_token(app, officer_client, csrf_on):
    kept_id, twin_id = _world(app)
    response = officer_client.post(f"/persons/{kept_id}/merge/{twin_id}",
                                   data={"kept_version": "1", "other_version": "1"})
    assert response.status_code in (400, 422)
    assert load(app, Person, twin_id).merged_into_id is None
    page = _page(officer_client, kept_id, twin_id).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    kept, twin = load(app, Person, kept_id), load(app, Person, twin_id)
    response = officer_client.post(f"/persons/{kept_id}/merge/{twin_id}", data={
        "csrf_token": token, "kept_version": kept.version, "other_version": twin.version})
    assert response.status_code == 302
    assert load(app, Person, twin_id).merged_into_id == kept_id


def test_erasing_the_kept_person_erases_the_merged_record_too(app):
    kept_id, twin_id = _world(app)
    with app.app_context():
        from app.services.data_protection.erasure import erase_person
        from app.services.data_protection.erasure_plan import tombstone_name

        kept, twin = db.session.get(Person, kept_id), db.session.get(Person, twin_id)
        merge_duplicates(db.session, kept, twin, {})
        db.session.commit()
        erase_person(db.session, kept_id, via="test")
        db.session.commit()
        twin = db.session.get(Person, twin_id)
        assert twin.is_erased and twin.full_name == tombstone_name(twin_id)
        assert twin.phone is None and twin.notes is None
        erased = db.session.scalars(select(AuditEvent.entity_id)
                                    .where(AuditEvent.action == "person_erased")).all()
        assert sorted(erased) == sorted([kept_id, twin_id])


def test_the_audit_log_of_the_kept_person_shows_the_merged_ones_history(app, admin_client):
    kept_id, twin_id = _world(app)
    with app.app_context():
        kept, twin = db.session.get(Person, kept_id), db.session.get(Person, twin_id)
        merge_duplicates(db.session, kept, twin, {})
        db.session.commit()
    page = admin_client.get(f"/admin/audit/?entity_type=Person&entity_id={kept_id}") \
        .get_data(as_text=True)
    assert f"With the history of the persons merged into this one: Person {twin_id}." in page
    assert f'<a href="/persons/{twin_id}">Person {twin_id}</a>' in page
    assert "merged_person_id" in page
