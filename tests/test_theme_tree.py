"""The one walk of the theme tree (``themes_below`` in app/services/substance/themes.py), seen from each
page that uses it: with themes A > B > C, what is filed under C is found under A.

The tracker, the progress chart and the meeting pack have their own grandchild tests
(tests/test_tracker_pages.py, tests/test_progress_counts.py, tests/test_packs_bounds.py).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Case,
    DialogueEvent,
    Finding,
    Polarity,
    Recommendation,
    Source,
    Theme,
)
from app.services.packs.build import build_event_brief
from app.services.substance.themes import theme_and_below, top_level_themes
from tests.support.pages import text_of


@pytest.fixture()
def tree(app) -> dict:
    """Themes A > B > C and a lone theme D; a recommendation, a case and a finding under C."""
    with app.app_context():
        a = Theme(name="Civic space", position=1)
        b = Theme(name="Freedom of association", parent=a)
        c = Theme(name="NGO registration", parent=b)
        d = Theme(name="Torture", position=2)
        source = Source(title="Monitoring report")
        db.session.add_all([a, b, c, d, source,
                            Recommendation(text="Simplify NGO registration",
                                           addressee="Ministry of Justice", themes=[c]),
                            Recommendation(text="End torture in custody", addressee="Police",
                                           themes=[d]),
                            Case(title="Refused registration", themes=[c])])
        db.session.flush()
        db.session.add(Finding(theme_id=c.id, source_id=source.id, polarity=Polarity.CONCERN,
                               text="Registration refused on technicalities"))
        db.session.commit()
        ids = {"a": a.id, "b": b.id, "c": c.id, "d": d.id}
        db.session.remove()
    return ids


def test_lists_filtered_by_the_grandparent_find_the_grandchilds_records(tree, officer_client):
    page = text_of(officer_client.get(f"/recommendations/?theme={tree['a']}"))
    assert "Simplify NGO registration" in page and "End torture in custody" not in page
    page = text_of(officer_client.get(f"/cases/?theme={tree['a']}"))
    assert "Refused registration" in page


def test_the_grandparents_page_gathers_the_grandchilds_records(tree, officer_client):
    page = text_of(officer_client.get(f"/themes/{tree['a']}"))
    for text in ("Simplify NGO registration", "Refused registration",
                 "Registration refused on technicalities"):
        assert text in page
    assert "End torture in custody" not in page


def test_a_theme_cannot_move_under_its_grandchild(app, tree, officer_client):
    response = officer_client.post(f"/themes/{tree['a']}/edit", data={
        "name": "Civic space", "parent_id": tree["c"], "version": "1"})
    assert "A theme cannot sit under itself or one of its sub-themes." in text_of(response)
    with app.app_context():
        assert db.session.get(Theme, tree["a"]).parent_id is None


def test_the_event_brief_files_the_grandchilds_recommendation_under_the_top(app, tree):
    with app.app_context():
        event = DialogueEvent(title="Annual dialogue")
        db.session.add(event)
        db.session.commit()
        brief = build_event_brief(db.session, event.id, "internal")
        sections = {s["name"]: [r["title"] for r in s["recommendations"]]
                    for s in brief["themes"]}
        assert any("Simplify NGO registration" in t for t in sections["Civic space"])
        assert not any("End torture" in t for t in sections["Civic space"])
        db.session.remove()


def test_the_walk_survives_a_loop_and_skips_archived_branches(app, tree):
    with app.app_context():
        assert set(db.session.scalars(theme_and_below(tree["a"]))) == {
            tree["a"], tree["b"], tree["c"]}
        tops = top_level_themes()
        assert dict(db.session.execute(select(tops.c.id, tops.c.top)).all()) == {
            tree["a"]: tree["a"], tree["b"]: tree["a"], tree["c"]: tree["a"],
            tree["d"]: tree["d"]}
        # Archiving B makes C the top of what is left of its branch; A keeps only itself.
        db.session.get(Theme, tree["b"]).archived_at = db.func.now()
        db.session.flush()
        assert dict(db.session.execute(select(tops.c.id, tops.c.top)).all()) == {
            tree["a"]: tree["a"], tree["c"]: tree["c"], tree["d"]: tree["d"]}
        assert set(db.session.scalars(theme_and_below(tree["a"]))) == {
            tree["a"], tree["b"], tree["c"]}  # archived themes still count under A
        # A loop (which the theme form refuses) is walked once, never forever.
        db.session.get(Theme, tree["a"]).parent_id = tree["c"]
        db.session.flush()
        assert set(db.session.scalars(theme_and_below(tree["b"]))) == {
            tree["a"], tree["b"], tree["c"]}
        db.session.rollback()
        db.session.remove()
