"""Full-text search: one box, grouped and highlighted results, any spelling, the visibility
rule, and an index that follows every change (SQLite FTS5 and PostgreSQL alike)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Case,
    Finding,
    Meeting,
    Organisation,
    Person,
    PersonName,
    Polarity,
    Recommendation,
    Sensitivity,
    Theme,
)
from app.models.base import utcnow
from app.security.visibility import levels_for
from app.services.search import search
from tests.support.queries import count_queries
from tests.support.signing_in import login


def _seed(app) -> dict[str, int]:
    with app.app_context():
        theme = Theme(name="Freedom of expression")
        gulnara = Person(full_name="Gulnara Bazhkenova", country="Kazakhstan", other_names=[
            PersonName(name="Гульнара Бажкенова", script="Cyrillic"),
            PersonName(name="Gulnara Bajkenova", script="Latin")])
        hidden = Person(full_name="Natalia Sadykova", sensitivity=Sensitivity.AT_RISK,
                        other_names=[PersonName(name="Наталья Садыкова", script="Cyrillic")])
        meeting = Meeting(title="EEAS desk briefing", starts_at=datetime(2026, 3, 1, 10,
                                                                          tzinfo=UTC),
                          notes="<script>alert(1)</script> The deputy minister called NGO "
                                "oversight a security matter; Bazhkenova's hearing is next week.")
        db.session.add_all([
            theme, gulnara, hidden, meeting,
            Organisation(name="Ministry of Foreign Affairs of Kazakhstan", acronym="MFA"),
            Recommendation(text="Drop the charges against journalists under article 274.",
                           addressee="Kazakhstani authorities", short_title="Drop art. 274 charges"),
            Finding(text="Journalists face criminal charges for their reporting.",
                    polarity=Polarity.CONCERN, theme=theme),
            Case(title="Gulnara Bazhkenova", person=gulnara, charges="Criminal Code art. 274"),
            Case(title="Natalia Sadykova", person=hidden, sensitivity=Sensitivity.AT_RISK,
                 summary="Surveillance of the widow abroad."),
        ])
        db.session.commit()
        return {"gulnara": gulnara.id, "hidden": hidden.id, "meeting": meeting.id}


def _titles(results) -> dict[str, list[str]]:
    return {group.label: [str(hit.title) for hit in group.hits] for group in results.groups
            if group.hits}


def test_a_cyrillic_spelling_finds_the_latin_named_person(app, officer_client):
    _seed(app)
    for query in ("Бажкенова", "бажкенова", "Бажк", "гульнара бажкенова", "bajkenova"):
        page = officer_client.get("/search/", query_string={"q": query}).get_data(as_text=True)
        assert "Gulnara Bazhkenova" in page, query
        assert "also spelled" in page and "<mark>" in page, query
    page = officer_client.get("/search/", query_string={"q": "Бажкенова"}).get_data(as_text=True)
    assert "also spelled Гульнара <mark>Бажкенова</mark>" in page


def test_results_are_grouped_by_kind_and_highlighted_after_escaping(app, officer_client):
    _seed(app)
    page = officer_client.get("/search/", query_string={"q": "Kazakhstan"}).get_data(as_text=True)
    assert "<h2>Persons" in page and "<h2>Organisations" in page
    assert "Ministry of Foreign Affairs of <mark>Kazakhstan</mark>" in page
    page = officer_client.get("/search/", query_string={"q": "security matter"}).get_data(
        as_text=True)
    assert "<h2>Meetings" in page
    assert "<mark>security</mark> <mark>matter</mark>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    page = officer_client.get("/search/", query_string={"q": "274"}).get_data(as_text=True)
    for heading in ("<h2>Recommendations", "<h2>Cases"):
        assert heading in page
    page = officer_client.get("/search/", query_string={"q": "journalists"}).get_data(as_text=True)
    assert "<h2>Findings" in page and "<mark>Journalists</mark> face" in page


def test_restricted_records_are_hidden_from_users_not_cleared(app, viewer_client, make_user):
    ids = _seed(app)
    for query in ("Sadykova", "Садыкова", "widow"):
        page = viewer_client.get("/search/", query_string={"q": query}).get_data(as_text=True)
        assert "Natalia Sadykova" not in page and "Nothing matches" in page, query
    with app.app_context():
        with levels_for(db.session, [Sensitivity.NORMAL, Sensitivity.CONFIDENTIAL]):
            assert _titles(search(db.session, "Sadykova")) == {}
        everything = _titles(search(db.session, "Sadykova"))
        assert everything == {"Persons": ["Natalia <mark>Sadykova</mark>"],
                              "Cases": ["Natalia <mark>Sadykova</mark>"]}
    admin = make_user("admin")
    client = app.test_client()
    login(client, admin.email)
    page = client.get("/search/", query_string={"q": "Садыкова"}).get_data(as_text=True)
    assert "Natalia Sadykova" in page
    assert ids["hidden"]


def test_the_index_follows_changes_archives_and_deletions(app, officer_client):
    ids = _seed(app)
    with app.app_context():
        meeting = db.session.get(Meeting, ids["meeting"])
        meeting.notes = "Talked about prison visits."
        db.session.commit()
        assert _titles(search(db.session, "oversight")) == {}
        assert _titles(search(db.session, "prison visits")) == {
            "Meetings": ["EEAS desk briefing"]}
        db.session.add(PersonName(person_id=ids["gulnara"], name="Гүлнар Бәжкенова"))
        db.session.commit()
        assert _titles(search(db.session, "Гүлнар"))["Persons"] == ["Gulnara Bazhkenova"]
        gulnara = db.session.get(Person, ids["gulnara"])
        gulnara.archived_at = utcnow()
        db.session.commit()
        assert "Persons" not in _titles(search(db.session, "Bazhkenova"))
        db.session.delete(db.session.get(Meeting, ids["meeting"]))
        db.session.commit()
        assert _titles(search(db.session, "prison")) == {}


def test_odd_queries_do_not_break_the_page(app, officer_client):
    _seed(app)
    for query in ('"', "AND OR NOT", "*", "a:b", "NEAR(", "'; drop table persons; --", "  ",
                  "x" * 500, "ü", "_"):
        response = officer_client.get("/search/", query_string={"q": query})
        assert response.status_code == 200, query
    page = officer_client.get("/search/").get_data(as_text=True)
    assert 'role="search"' in page and "result" not in page.split("<h1>Search</h1>")[1]
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.full_name == "Gulnara Bazhkenova"))


def test_search_box_is_in_the_header(app, officer_client):
    page = officer_client.get("/").get_data(as_text=True)
    assert 'action="/search/"' in page


def _statements(app, client, query: str) -> int:
    with count_queries(app) as seen:
        assert client.get("/search/", query_string={"q": query}).status_code == 200
    return len(seen)


def test_query_count_does_not_grow_with_the_number_of_hits(app, officer_client):
    _seed(app)

    def add(numbers):
        with app.app_context():
            theme = db.session.scalar(select(Theme))
            for n in numbers:
                db.session.add_all([
                    Person(full_name=f"Gulnara Test{n}",
                           other_names=[PersonName(name=f"Гульнара Тест{n}")]),
                    Case(title=f"Gulnara case {n}", summary="Gulnara"),
                    Finding(text=f"Gulnara finding {n}", polarity=Polarity.CONCERN, theme=theme),
                    Meeting(title=f"Gulnara meeting {n}", starts_at=utcnow()),
                    Organisation(name=f"Gulnara foundation {n}"),
                    Recommendation(text=f"Free Gulnara {n}", addressee="EU"),
                ])
            db.session.commit()

    add(range(1))
    officer_client.get("/search/", query_string={"q": "warm up"})
    few = _statements(app, officer_client, "Gulnara")
    add(range(1, 16))
    officer_client.get("/search/", query_string={"q": "warm up"})  # names changed: the name
    many = _statements(app, officer_client, "Gulnara")  # matcher is rebuilt once, not per hit
    assert many == few
    page = officer_client.get("/search/", query_string={"q": "Gulnara"}).get_data(as_text=True)
    # ten of each kind (16 found, 17 persons and cases with the seeded ones), each kind's total
    # and a link to all of them
    assert page.count('class="search-hit"') == 6 * 10
    assert page.count('<span class="count">16</span>') == 4
    assert page.count('<span class="count">17</span>') == 2
    assert "All 17 persons" in page and "kind=meetings" in page
