"""Organisation pages: list with search and filters, create, edit, stale save, archive."""

from __future__ import annotations

from app.models import Affiliation, Organisation, OrganisationKind, Person, Sensitivity
from tests.factories import add, load
from tests.support.queries import count_queries


def test_officer_adds_an_organisation_and_finds_it(officer_client):
    response = officer_client.post("/organisations/new", data={
        "name": "Delegation of the EU to Kazakhstan", "acronym": "EUDEL", "kind": "eu_institution",
        "country": "Kazakhstan", "notes": "Meets us **quarterly**."})
    assert response.status_code == 302
    page = officer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Delegation of the EU to Kazakhstan" in page
    assert "<strong>quarterly</strong>" in page
    listing = officer_client.get("/organisations/?q=eudel").get_data(as_text=True)
    assert "Delegation of the EU to Kazakhstan" in listing


def test_list_filters_by_kind_and_country(app, officer_client):
    add(app, Organisation(name="Foreign Ministry", kind=OrganisationKind.GOVERNMENT,
                          country="Kazakhstan"),
        Organisation(name="German Embassy", kind=OrganisationKind.MEMBER_STATE, country="Germany"))
    page = officer_client.get("/organisations/?kind=government").get_data(as_text=True)
    assert "Foreign Ministry" in page and "German Embassy" not in page
    page = officer_client.get("/organisations/?country=Germany").get_data(as_text=True)
    assert "German Embassy" in page and "Foreign Ministry" not in page
    page = officer_client.get("/organisations/?kind=bogus").get_data(as_text=True)
    assert "German Embassy" in page


def test_missing_and_over_long_fields_get_messages(officer_client):
    page = officer_client.post("/organisations/new", data={"name": "", "kind": "cso"})
    assert page.status_code == 200
    assert "This field is required." in page.get_data(as_text=True)
    page = officer_client.post("/organisations/new", data={"name": "x" * 301, "kind": "cso",
                                                           "acronym": "A" * 51})
    text = page.get_data(as_text=True)
    assert "Field cannot be longer than 300 characters." in text
    assert "Field cannot be longer than 50 characters." in text
    assert "x" * 301 in text  # the value is kept


def test_stale_save_is_refused_and_shows_newer_values(app, officer_client):
    org_id = add(app, Organisation(name="Old name", kind=OrganisationKind.CSO))
    form = officer_client.get(f"/organisations/{org_id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in form
    from app.extensions import db
    with app.app_context():
        db.session.get(Organisation, org_id).name = "Their name"
        db.session.commit()
    response = officer_client.post(f"/organisations/{org_id}/edit", data={
        "name": "My name", "kind": "cso", "version": "1"})
    text = response.get_data(as_text=True)
    assert "Someone else changed this record" in text
    assert "Their name" in text and "My name" in text
    assert load(app, Organisation, org_id).name == "Their name"


def test_archive_hides_from_list_and_restore_brings_back(app, officer_client):
    org_id = add(app, Organisation(name="Archivable NGO", kind=OrganisationKind.CSO))
    officer_client.post(f"/organisations/{org_id}/archive")
    assert "Archivable NGO" not in officer_client.get("/organisations/").get_data(as_text=True)
    shown = officer_client.get("/organisations/?archived=y").get_data(as_text=True)
    assert "Archivable NGO" in shown and "Archived" in shown
    officer_client.post(f"/organisations/{org_id}/restore")
    assert "Archivable NGO" in officer_client.get("/organisations/").get_data(as_text=True)


def test_viewer_reads_but_cannot_write(app, viewer_client):
    org_id = add(app, Organisation(name="Read-only", kind=OrganisationKind.CSO))
    assert "Read-only" in viewer_client.get(f"/organisations/{org_id}").get_data(as_text=True)
    response = viewer_client.post(f"/organisations/{org_id}/edit", data={
        "name": "Changed", "kind": "cso", "version": "1"})
    assert response.status_code == 403
    assert viewer_client.post(f"/organisations/{org_id}/archive").status_code == 403
    record = load(app, Organisation, org_id)
    assert record.name == "Read-only" and record.archived_at is None


def test_detail_lists_current_and_past_people(app, officer_client):
    from datetime import date
    org = Organisation(name="EEAS", kind=OrganisationKind.EU_INSTITUTION)
    now = Person(full_name="Anna Now")
    then = Person(full_name="Ben Before")
    add(app, org, now, then)
    add(app, Affiliation(person_id=now.id, organisation_id=org.id, role="Desk officer"),
        Affiliation(person_id=then.id, organisation_id=org.id, role="Head",
                    start_on=date(2020, 1, 1), end_on=date(2022, 1, 1)))
    text = officer_client.get(f"/organisations/{org.id}").get_data(as_text=True)
    current, past = text.split("Formerly here")
    assert "Anna Now" in current and "Desk officer" in current
    assert "Ben Before" in past


def test_list_query_count_does_not_grow(app, officer_client):
    def fill(n):
        add(app, *[Organisation(name=f"Org {i}", kind=OrganisationKind.CSO) for i in range(n)])

    fill(10)
    with count_queries(app) as few:
        officer_client.get("/organisations/")
    fill(190)
    with count_queries(app) as many:
        officer_client.get("/organisations/")
    assert len(few) == len(many)


def test_viewer_does_not_see_restricted_people_on_an_organisation(app, viewer_client):
    org = Organisation(name="Coalition NGO", kind=OrganisationKind.CSO)
    open_person = Person(full_name="Open Member")
    hidden = Person(full_name="Hidden Member", sensitivity=Sensitivity.AT_RISK)
    add(app, org, open_person, hidden)
    add(app, Affiliation(person_id=open_person.id, organisation_id=org.id, role="Director"),
        Affiliation(person_id=hidden.id, organisation_id=org.id, role="Researcher"))
    page = viewer_client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert "Open Member" in page
    assert "Hidden Member" not in page and "Researcher" not in page
