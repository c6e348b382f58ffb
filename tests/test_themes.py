"""Theme pages: nested list, create, move under a parent (never under itself), archive."""

from __future__ import annotations

from app.models import Theme
from tests.factories import add, load
from tests.support.pages import text_of


def test_officer_adds_nested_themes_and_sees_the_tree(app, officer_client):
    response = officer_client.post("/themes/new", data={"name": "Freedom of expression"})
    assert response.status_code == 302
    page = officer_client.get("/themes/").get_data(as_text=True)
    assert "Freedom of expression" in page
    from app.extensions import db
    with app.app_context():
        parent_id = db.session.scalar(db.select(Theme.id))
    officer_client.post("/themes/new", data={"name": "LGBTIQ+ propaganda ban",
                                             "parent_id": parent_id})
    page = officer_client.get("/themes/").get_data(as_text=True).split("theme-tree")[1]
    assert 'class="depth-1"' in page
    assert page.index("Freedom of expression") < page.index("LGBTIQ+ propaganda ban")


def test_theme_cannot_move_under_itself_or_a_descendant(app, officer_client):
    parent = Theme(name="Parent")
    add(app, parent)
    child_id = add(app, Theme(name="Child", parent_id=parent.id))
    response = officer_client.post(f"/themes/{parent.id}/edit", data={
        "name": "Parent", "parent_id": child_id, "version": "1"})
    assert "A theme cannot sit under itself or one of its sub-themes." in text_of(response)
    response = officer_client.post(f"/themes/{parent.id}/edit", data={
        "name": "Parent", "parent_id": parent.id, "version": "1"})
    assert "A theme cannot sit under itself or one of its sub-themes." in text_of(response)
    assert load(app, Theme, parent.id).parent_id is None


def test_bad_input_and_stale_save(app, officer_client):
    response = officer_client.post("/themes/new", data={"name": "", "position": "-3"})
    text = response.get_data(as_text=True)
    assert "This field is required." in text and "Number must be between 0 and 10000." in text
    response = officer_client.post("/themes/new", data={"name": "n" * 201})
    assert "Field cannot be longer than 200 characters." in response.get_data(as_text=True)
    theme_id = add(app, Theme(name="Torture"))
    officer_client.post(f"/themes/{theme_id}/edit", data={"name": "Torture and ill-treatment",
                                                          "version": "1"})
    text = officer_client.post(f"/themes/{theme_id}/edit", data={
        "name": "Torture!", "version": "1"}).get_data(as_text=True)
    assert "Someone else changed this record" in text and "Torture and ill-treatment" in text


def test_archive_restore_and_viewer_refused(app, officer_client, viewer):
    theme_id = add(app, Theme(name="Archivable theme"))
    officer_client.post(f"/themes/{theme_id}/archive")
    assert "Archivable theme" not in officer_client.get("/themes/").get_data(as_text=True)
    assert "Archivable theme" in officer_client.get("/themes/?archived=y").get_data(as_text=True)
    officer_client.post(f"/themes/{theme_id}/restore")
    assert "Archivable theme" in officer_client.get("/themes/").get_data(as_text=True)


def test_viewer_cannot_add_themes(app, viewer_client):
    assert viewer_client.post("/themes/new", data={"name": "X"}).status_code == 403
    assert "Add a theme" not in viewer_client.get("/themes/").get_data(as_text=True)


def test_theme_page_gathers_findings_recommendations_and_cases_of_subthemes(app, viewer_client):
    from app.models import Case, Finding, Polarity, Recommendation, Sensitivity, Source

    parent = Theme(name="Expression")
    add(app, parent)
    child = Theme(name="Media", parent_id=parent.id)
    source = Source(title="Briefing")
    add(app, child, source)
    with app.app_context():
        from app.extensions import db

        media = db.session.get(Theme, child.id)
        db.session.add_all([
            Finding(theme_id=child.id, source_id=source.id, polarity=Polarity.CONCERN,
                    text="Outlets blocked"),
            Recommendation(text="Unblock outlets", addressee="Authorities", themes=[media]),
            Case(title="Open journalist", themes=[media]),
            Case(title="Hidden journalist", themes=[media], sensitivity=Sensitivity.AT_RISK),
        ])
        db.session.commit()
    page = viewer_client.get(f"/themes/{parent.id}").get_data(as_text=True)
    assert "Media" in page and "Outlets blocked" in page and "Concern:" in page
    assert "Unblock outlets" in page and "Open journalist" in page
    assert "Hidden journalist" not in page
