"""Recommendation pages: filters, status history with evidence, where it was raised."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    ImplementationStatus,
    Meeting,
    Person,
    Raising,
    Recommendation,
    RecommendationStatusChange,
    Source,
    Stance,
    Theme,
)
from tests.factories import add, load
from tests.support.queries import count_queries


def _rec(**fields):
    values = {"text": "Repeal article 274 of the Criminal Code",
              "addressee": "Kazakhstani authorities", **fields}
    return Recommendation(**values)


def test_officer_adds_a_recommendation_with_themes_and_source(app, officer_client):
    theme = Theme(name="Freedom of expression")
    source = Source(title="Joint briefing 2026")
    add(app, theme, source)
    response = officer_client.post("/recommendations/new", data={
        "text": "Release imprisoned journalists", "short_title": "Release journalists",
        "addressee": "Kazakhstani authorities", "priority": "1", "source_id": source.id,
        "themes": [theme.id]})
    assert response.status_code == 302
    page = officer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Release journalists" in page and "Release imprisoned journalists" in page
    assert "Freedom of expression" in page and "Joint briefing 2026" in page
    assert "Not started" in page


def test_bad_input_gets_messages(officer_client):
    response = officer_client.post("/recommendations/new", data={
        "text": "", "addressee": "x" * 201, "priority": "9", "short_title": "t" * 201,
        "themes": ["99999"]})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This field is required." in text
    assert "Field cannot be longer than 200 characters." in text
    assert "Give a priority from 1 to 5." in text
    response = officer_client.post("/recommendations/new", data={
        "text": "x", "addressee": "EU", "priority": "abc"})
    assert "Give a priority from 1 to 5." in response.get_data(as_text=True)


def test_filters_by_theme_including_subthemes_addressee_and_status(app, officer_client):
    parent = Theme(name="Expression")
    add(app, parent)
    child = Theme(name="Media", parent_id=parent.id)
    other = Theme(name="Torture")
    add(app, child, other)
    add(app, _rec(text="Protect media", themes=[child]),
        _rec(text="End torture", themes=[other], addressee="EU",
             status=ImplementationStatus.PARTIAL))
    page = officer_client.get(f"/recommendations/?theme={parent.id}").get_data(as_text=True)
    assert "Protect media" in page and "End torture" not in page
    page = officer_client.get("/recommendations/?addressee=EU").get_data(as_text=True)
    assert "End torture" in page and "Protect media" not in page
    page = officer_client.get("/recommendations/?status=partial").get_data(as_text=True)
    assert "End torture" in page and "Protect media" not in page
    page = officer_client.get("/recommendations/?q=MEDIA").get_data(as_text=True)
    assert "Protect media" in page and "End torture" not in page


def test_status_change_is_recorded_with_date_evidence_and_who(app, officer_client):
    rec_id = add(app, _rec())
    response = officer_client.post(f"/recommendations/{rec_id}/status", data={
        "to_status": "partial", "changed_on": "2026-03-01",
        "evidence": "Amendment adopted by the *Mazhilis*"})
    assert response.status_code == 302
    page = officer_client.get(f"/recommendations/{rec_id}").get_data(as_text=True)
    history = page.split('id="history"')[1].split("</section>")[0]
    assert "1 Mar 2026" in history and "Partial" in history and "Not started" in history
    assert "Olga Officer" in history and "<em>Mazhilis</em>" in history
    assert load(app, Recommendation, rec_id).status is ImplementationStatus.PARTIAL


def test_status_change_bad_dates_are_refused(app, officer_client):
    rec_id = add(app, _rec())
    future = (date.today() + timedelta(days=3)).isoformat()
    for value, message in (("2026-02-31", "Enter a real date"),
                           (future, "cannot be in the future"), ("", "Enter a date.")):
        response = officer_client.post(f"/recommendations/{rec_id}/status", data={
            "to_status": "implemented", "changed_on": value})
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(RecommendationStatusChange)).all() == []


def test_backdated_change_does_not_override_a_later_one(app, officer_client):
    rec_id = add(app, _rec())
    officer_client.post(f"/recommendations/{rec_id}/status", data={
        "to_status": "implemented", "changed_on": "2026-03-01"})
    officer_client.post(f"/recommendations/{rec_id}/status", data={
        "to_status": "in_progress", "changed_on": "2025-06-01"})
    assert load(app, Recommendation, rec_id).status is ImplementationStatus.IMPLEMENTED


def test_edit_ignores_undeclared_status_and_refuses_stale_saves(app, officer_client):
    rec_id = add(app, _rec())
    response = officer_client.post(f"/recommendations/{rec_id}/edit", data={
        "text": "Changed text", "addressee": "EU", "priority": "2", "version": "1",
        "status": "implemented", "created_by_id": "5"})
    assert response.status_code == 302
    rec = load(app, Recommendation, rec_id)
    assert rec.text == "Changed text" and rec.status is ImplementationStatus.NOT_STARTED
    assert rec.created_by_id is None
    response = officer_client.post(f"/recommendations/{rec_id}/edit", data={
        "text": "Late text", "addressee": "EU", "priority": "2", "version": "1"})
    text = response.get_data(as_text=True)
    assert "Someone else changed this record" in text and "Changed text" in text
    assert load(app, Recommendation, rec_id).text == "Changed text"


def test_page_shows_every_meeting_and_stakeholder_it_was_raised_with(app, officer_client):
    rec = _rec(short_title="Repeal 274")
    person = Person(full_name="Deputy Minister Aliyev")
    meeting = Meeting(title="Side meeting with MFA",
                      starts_at=datetime(2026, 3, 10, 9, tzinfo=UTC))
    add(app, rec, person, meeting)
    add(app, Raising(meeting_id=meeting.id, recommendation_id=rec.id, person_id=person.id,
                     response="It is a security matter", stance=Stance.OPPOSED))
    page = officer_client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    raised = page.split('id="raised"')[1]
    assert "Side meeting with MFA" in raised and "Deputy Minister Aliyev" in raised
    assert "It is a security matter" in raised and "Opposed" in raised
    assert "10 Mar 2026" in raised


def test_viewer_cannot_change_status(app, viewer_client):
    rec_id = add(app, _rec())
    page = viewer_client.get(f"/recommendations/{rec_id}").get_data(as_text=True)
    assert "Change status" not in page
    response = viewer_client.post(f"/recommendations/{rec_id}/status", data={
        "to_status": "implemented", "changed_on": "2026-01-01"})
    assert response.status_code == 403
    assert load(app, Recommendation, rec_id).status is ImplementationStatus.NOT_STARTED


def test_archive_and_restore(app, officer_client):
    rec_id = add(app, _rec(short_title="Archivable rec"))
    officer_client.post(f"/recommendations/{rec_id}/archive")
    assert "Archivable rec" not in officer_client.get("/recommendations/").get_data(as_text=True)
    assert "Archivable rec" in officer_client.get(
        "/recommendations/?archived=y").get_data(as_text=True)
    officer_client.post(f"/recommendations/{rec_id}/restore")
    assert "Archivable rec" in officer_client.get("/recommendations/").get_data(as_text=True)


def test_list_query_count_does_not_grow(app, officer_client):
    theme = Theme(name="Expression")
    add(app, theme)

    def fill(n):
        with app.app_context():
            t = db.session.get(Theme, theme.id)
            db.session.add_all([_rec(text=f"Rec {i}", themes=[t]) for i in range(n)])
            db.session.commit()

    fill(10)
    with count_queries(app) as few:
        officer_client.get("/recommendations/")
    fill(190)
    with count_queries(app) as many:
        officer_client.get("/recommendations/")
    assert len(few) == len(many)


def test_page_query_count_does_not_grow_with_raisings(app, officer_client):
    rec_id = add(app, _rec())

    def fill(start, n):
        with app.app_context():
            for i in range(start, start + n):
                person = Person(full_name=f"Official {i}")
                meeting = Meeting(title=f"Meeting {i}", starts_at=datetime(2026, 1, 1, tzinfo=UTC)
                                  + timedelta(days=i))
                db.session.add_all([person, meeting])
                db.session.flush()
                db.session.add(Raising(meeting_id=meeting.id, recommendation_id=rec_id,
                                       person_id=person.id, stance=Stance.SUPPORTIVE))
                db.session.add(RecommendationStatusChange(
                    recommendation_id=rec_id, to_status=ImplementationStatus.PARTIAL,
                    changed_on=date(2025, 1, 1) + timedelta(days=i)))
            db.session.commit()

    fill(0, 10)
    with count_queries(app) as few:
        officer_client.get(f"/recommendations/{rec_id}")
    fill(10, 190)
    with count_queries(app) as many:
        page = officer_client.get(f"/recommendations/{rec_id}").get_data(as_text=True)
    assert "Official 199" in page
    assert len(few) == len(many)


def test_archived_theme_and_source_survive_an_edit(app, officer_client):
    from app.models.base import utcnow

    theme = Theme(name="Old theme", archived_at=utcnow())
    source = Source(title="Old source", archived_at=utcnow())
    add(app, theme, source)
    rec_id = add(app, _rec(themes=[], source_id=source.id))
    with app.app_context():
        db.session.get(Recommendation, rec_id).themes = [db.session.get(Theme, theme.id)]
        db.session.commit()
    form = officer_client.get(f"/recommendations/{rec_id}/edit").get_data(as_text=True)
    assert "Old theme" in form and "Old source" in form
    version = load(app, Recommendation, rec_id).version
    response = officer_client.post(f"/recommendations/{rec_id}/edit", data={
        "text": "Kept", "addressee": "EU", "priority": "2", "version": str(version),
        "source_id": source.id, "themes": [theme.id]})
    assert response.status_code == 302
    with app.app_context():
        rec = db.session.get(Recommendation, rec_id)
        assert [t.name for t in rec.themes] == ["Old theme"] and rec.source_id == source.id
