"""Case pages: dated updates newest first, may-be-named shown clearly, filters, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.extensions import db
from app.models import (
    Case,
    CaseStatus,
    CaseUpdate,
    Meeting,
    Person,
    Raising,
    Sensitivity,
    Stance,
    Theme,
)
from tests.factories import add, load
from tests.support.queries import count_queries


def test_officer_adds_a_case_for_a_person(app, officer_client):
    person = Person(full_name="Aset Mataev")
    theme = Theme(name="Expression")
    add(app, person, theme)
    response = officer_client.post("/cases/new", data={
        "title": "Aset Mataev", "person_id": person.id, "status": "on_trial",
        "charges": "Criminal Code art. 274", "sensitivity": "normal", "may_be_named": "y",
        "themes": [theme.id]})
    assert response.status_code == 302
    page = officer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Criminal Code art. 274" in page and "On trial" in page
    assert f'href="/persons/{person.id}"' in page
    assert "May be named" in page and "Do not name" not in page


def test_case_not_cleared_for_naming_says_so(app, officer_client):
    case_id = add(app, Case(title="Quiet case", may_be_named=False))
    page = officer_client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Do not name" in page


def test_updates_newest_first_and_a_new_status_moves_the_case(app, officer_client):
    case_id = add(app, Case(title="Zhanar", status=CaseStatus.UNDER_INVESTIGATION))
    add(app, CaseUpdate(case_id=case_id, happened_on=date(2025, 1, 5), text="Questioned"))
    response = officer_client.post(f"/cases/{case_id}/updates", data={
        "happened_on": "2026-02-10", "text": "Sentenced to five years",
        "new_status": "convicted"})
    assert response.status_code == 302
    page = officer_client.get(f"/cases/{case_id}").get_data(as_text=True)
    updates = page.split('id="updates"')[1].split("</section>")[0]
    assert updates.index("Sentenced to five years") < updates.index("Questioned")
    assert "Olga Officer" in updates
    assert load(app, Case, case_id).status is CaseStatus.CONVICTED


def test_update_bad_input_and_undeclared_fields(app, officer_client):
    case_id = add(app, Case(title="Guarded", sensitivity=Sensitivity.CONFIDENTIAL))
    future = (date.today() + timedelta(days=2)).isoformat()
    for data, message in (({"happened_on": "2026-02-31", "text": "x"}, "Enter a real date"),
                          ({"happened_on": future, "text": "x"}, "cannot be in the future"),
                          ({"happened_on": "2026-01-01", "text": ""}, "This field is required."),
                          ({"happened_on": "2026-01-01", "text": "x", "new_status": "bogus"},
                           "Not a valid choice")):
        response = officer_client.post(f"/cases/{case_id}/updates", data=data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    officer_client.post(f"/cases/{case_id}/updates", data={
        "happened_on": "2026-01-01", "text": "Fine", "sensitivity": "normal",
        "may_be_named": "y", "case_id": "999"})
    case = load(app, Case, case_id)
    assert case.sensitivity is Sensitivity.CONFIDENTIAL and case.may_be_named is False


def test_case_page_shows_where_it_was_raised(app, officer_client):
    case = Case(title="Marat Zhylanbaev")
    diplomat = Person(full_name="Sofie Brandt-Larsen")
    meeting = Meeting(title="EEAS desk", starts_at=datetime(2026, 3, 2, 14, tzinfo=UTC))
    add(app, case, diplomat, meeting)
    add(app, Raising(meeting_id=meeting.id, case_id=case.id, person_id=diplomat.id,
                     response="Will raise his health", stance=Stance.SUPPORTIVE))
    page = officer_client.get(f"/cases/{case.id}").get_data(as_text=True)
    raised = page.split('id="raised"')[1]
    assert "EEAS desk" in raised and "Sofie Brandt-Larsen" in raised
    assert "Will raise his health" in raised and "Supportive" in raised


def test_filters_and_search(app, officer_client):
    theme = Theme(name="LGBTIQ+")
    add(app, theme)
    add(app, Case(title="Detained blogger", status=CaseStatus.DETAINED, charges="art. 174"),
        Case(title="Activist", status=CaseStatus.RELEASED, themes=[]))
    with app.app_context():
        case = Case(title="Themed case", themes=[db.session.get(Theme, theme.id)])
        db.session.add(case)
        db.session.commit()
    page = officer_client.get("/cases/?status=detained").get_data(as_text=True)
    assert "Detained blogger" in page and "Activist" not in page
    page = officer_client.get(f"/cases/?theme={theme.id}").get_data(as_text=True)
    assert "Themed case" in page and "Detained blogger" not in page
    page = officer_client.get("/cases/?q=174").get_data(as_text=True)
    assert "Detained blogger" in page and "Themed case" not in page


def test_edit_stale_and_viewer_refused(app, officer_client, viewer, client):
    case_id = add(app, Case(title="Original"))
    data = {"title": "Mine", "status": "detained", "sensitivity": "normal", "version": "1"}
    assert officer_client.post(f"/cases/{case_id}/edit", data=data).status_code == 302
    late = officer_client.post(f"/cases/{case_id}/edit", data={**data, "title": "Late"})
    assert late.status_code == 409
    text = late.get_data(as_text=True)
    assert "Someone else changed this record" in text
    assert load(app, Case, case_id).title == "Mine"


def test_viewer_cannot_add_updates_or_archive(app, viewer_client):
    case_id = add(app, Case(title="Public case"))
    page = viewer_client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Public case" in page and "Add an update" not in page
    assert viewer_client.post(f"/cases/{case_id}/updates", data={
        "happened_on": "2026-01-01", "text": "x"}).status_code == 403
    assert viewer_client.post(f"/cases/{case_id}/archive").status_code == 403
    with app.app_context():
        assert db.session.get(Case, case_id).updates == []
    assert load(app, Case, case_id).archived_at is None


def test_notes_script_is_not_rendered(app, officer_client):
    case_id = add(app, Case(title="Noted", notes="<script>alert('x')</script> *careful*"))
    page = officer_client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "<script>alert" not in page and "<em>careful</em>" in page


def test_archive_and_restore(app, officer_client):
    case_id = add(app, Case(title="Archivable case"))
    officer_client.post(f"/cases/{case_id}/archive")
    assert "Archivable case" not in officer_client.get("/cases/").get_data(as_text=True)
    assert "Archivable case" in officer_client.get("/cases/?archived=y").get_data(as_text=True)
    officer_client.post(f"/cases/{case_id}/restore")
    assert "Archivable case" in officer_client.get("/cases/").get_data(as_text=True)


def test_list_query_count_does_not_grow(app, officer_client):
    def fill(n):
        with app.app_context():
            for i in range(n):
                person = Person(full_name=f"Person {i}")
                case = Case(title=f"Case {i}", person=person)
                db.session.add_all([person, case,
                                    CaseUpdate(case=case, happened_on=date(2026, 1, 1), text="u")])
            db.session.commit()

    fill(10)
    with count_queries(app) as few:
        officer_client.get("/cases/")
    fill(190)
    with count_queries(app) as many:
        officer_client.get("/cases/")
    assert len(few) == len(many)


def test_case_page_query_count_does_not_grow(app, officer_client, officer):
    case_id = add(app, Case(title="Busy case"))

    def fill(start, n):
        with app.app_context():
            for i in range(start, start + n):
                meeting = Meeting(title=f"Meeting {i}",
                                  starts_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=i))
                person = Person(full_name=f"Official {i}")
                db.session.add_all([meeting, person])
                db.session.flush()
                db.session.add(Raising(meeting_id=meeting.id, case_id=case_id,
                                       person_id=person.id))
                db.session.add(CaseUpdate(case_id=case_id, text=f"Update {i}",
                                          happened_on=date(2025, 1, 1) + timedelta(days=i),
                                          recorded_by_id=officer.id))
            db.session.commit()

    fill(0, 10)
    with count_queries(app) as few:
        officer_client.get(f"/cases/{case_id}")
    fill(10, 190)
    with count_queries(app) as many:
        page = officer_client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Update 199" in page and "Official 199" in page
    assert len(few) == len(many)


def test_long_texts_have_a_limit(app, officer_client):
    response = officer_client.post("/cases/new", data={
        "title": "Long", "status": "detained", "sensitivity": "normal",
        "charges": "c" * 20_001})
    assert "Field cannot be longer than 20000 characters." in response.get_data(as_text=True)
