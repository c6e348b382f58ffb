"""Every record page of the demo renders, for an officer and for a viewer."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Case, Organisation, Person, Recommendation, Sensitivity, Source, Theme


def _ids(app, model, **where):
    with app.app_context():
        stmt = select(model.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return list(db.session.scalars(stmt))


PAGES = {
    Organisation: ("/organisations/{}", "/organisations/{}/edit"),
    Person: ("/persons/{}", "/persons/{}/edit"),
    Recommendation: ("/recommendations/{}", "/recommendations/{}/edit"),
    Case: ("/cases/{}", "/cases/{}/edit"),
    Source: ("/sources/{}", "/sources/{}/edit"),
    Theme: ("/themes/{}", "/themes/{}/edit"),
}
LISTS = ("/organisations/", "/persons/", "/recommendations/", "/cases/", "/sources/", "/themes/",
         "/persons/new", "/organisations/new", "/recommendations/new", "/cases/new",
         "/sources/new", "/themes/new")


def test_every_demo_page_renders_for_an_admin(app, demo, admin_client):
    for url in LISTS:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    for model, urls in PAGES.items():
        for record_id in _ids(app, model):
            for url in urls:
                response = admin_client.get(url.format(record_id))
                assert response.status_code == 200, url.format(record_id)


def test_viewer_reads_demo_pages_and_restricted_ones_answer_404(app, demo, viewer_client):
    for url in LISTS[:6]:
        assert viewer_client.get(url).status_code == 200, url
    for model in (Person, Case):
        for record_id in _ids(app, model, sensitivity=Sensitivity.NORMAL)[:5]:
            page = viewer_client.get(f"/{model.__tablename__}/{record_id}")
            assert page.status_code in (200, 404)
        for record_id in _ids(app, model, sensitivity=Sensitivity.AT_RISK):
            assert viewer_client.get(f"/{model.__tablename__}/{record_id}").status_code == 404
    persons = viewer_client.get("/persons/?q=Toregozhina").get_data(as_text=True)
    assert "No stakeholder matches." in persons
