"""A list's search box (app/services/list_search.py): words, the window, and what it finds."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.models import Case, Meeting, Person
from app.services import list_search
from app.services.list_search import search_words
from app.services.search.text_trigrams import MEETING_TEXT_COLUMNS
from tests.support.database import BACKEND
from tests.support.pages import text_of
from tests.support.queries import count_queries


def test_words_are_runs_of_letters_and_digits():
    assert search_words("EU-Kazakhstan  dialogue, 2026!") == ["EU", "Kazakhstan", "dialogue",
                                                            "2026"]
    assert search_words("Жанаозен\x00 <script>") == ["Жанаозен", "script"]
    assert search_words("a b c d e f g h i j") == list("abcdefgh")
    assert search_words("  ") == [] and search_words(None) == []


@pytest.fixture()
def hearings(app):
    """Five cases and five meetings about hearings, one meeting attended by Aliya Hearingova."""
    with app.app_context():
        aliya = Person(full_name="Aliya Hearingova")
        db.session.add_all([Case(title=f"Case {n}: appeal hearing") for n in range(5)])
        meetings = [Meeting(title=f"Meeting {n}", notes="Trial monitoring",
                            starts_at=datetime(2026, 3, 1 + n, 9, tzinfo=UTC)) for n in range(5)]
        meetings[0].their_attendees = [aliya]
        db.session.add_all(meetings)
        db.session.commit()


def test_a_search_finding_more_than_the_window_says_so(officer_client, hearings, monkeypatch):
    monkeypatch.setattr(list_search, "SEARCH_WINDOW", 3)
    page = text_of(officer_client.get("/cases/?q=hearing"))
    assert page.count(": appeal hearing") == 3
    assert "More than 3 cases match: the first 3 in the list's usual order are listed." in page
    page = text_of(officer_client.get("/meetings/?q=monitoring"))
    assert [n for n in range(5) if f"Meeting {n}<" in page] == [2, 3, 4]  # the newest three
    assert "More than 3 meetings match" in page
    page = text_of(officer_client.get("/cases/?q=hearing+Case+4"))
    assert page.count(": appeal hearing") == 1 and "More than" not in page


def test_every_word_must_be_found_in_a_text_or_an_attendee(officer_client, hearings):
    page = text_of(officer_client.get("/meetings/?q=Hearingova+trial"))
    assert "Meeting 0<" in page and "Meeting 1<" not in page
    page = text_of(officer_client.get("/meetings/?q=trial-monitoring"))
    assert all(f"Meeting {n}<" in page for n in range(5))
    assert "No meeting matches" in text_of(officer_client.get("/meetings/?q=trial+nowhere"))
    page = text_of(officer_client.get("/cases/?q=%25"))  # no word at all: every case
    assert page.count(": appeal hearing") == 5


def _titles(client, q: str) -> list[str]:
    page = text_of(client.get("/meetings/", query_string={"q": q}))
    return sorted(set(re.findall(r">(Visit \d)<", page)))


def test_the_meetings_text_index_follows_every_change(app, officer_client):
    """Letters inside any text of a meeting find it, from the index on SQLite: as written,
    after an edit (the old text no longer finds it) and not after it is deleted."""
    with app.app_context():
        db.session.add_all([
            Meeting(title="Visit 1", notes="Spoke about Жанаозен strikes",
                    starts_at=datetime(2026, 3, 1, 9, tzinfo=UTC)),
            Meeting(title="Visit 2", place="Almaty court", outcome="They will REVIEW it",
                    starts_at=datetime(2026, 3, 2, 9, tzinfo=UTC))])
        db.session.commit()
    assert _titles(officer_client, "жанаоз") == ["Visit 1"]  # Cyrillic, any case
    assert _titles(officer_client, "ЖАНАОЗЕН strike") == ["Visit 1"]
    assert _titles(officer_client, "review") == ["Visit 2"]
    assert _titles(officer_client, "lmaty") == ["Visit 2"]
    with app.app_context():
        visit = db.session.scalar(select(Meeting).where(Meeting.title == "Visit 1"))
        visit.notes = "Spoke about the Almaty appeal"
        db.session.commit()
    assert _titles(officer_client, "жанаоз") == []
    assert _titles(officer_client, "almaty") == ["Visit 1", "Visit 2"]
    with app.app_context():
        db.session.delete(db.session.scalar(select(Meeting).where(Meeting.title == "Visit 2")))
        db.session.commit()
    assert _titles(officer_client, "almaty") == ["Visit 1"]


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's index; PostgreSQL's is checked below")
def test_sqlite_reads_the_meeting_texts_from_the_index(app, officer_client, hearings):
    with count_queries(app) as statements:
        officer_client.get("/meetings/?q=monitoring")
    searched = [s for s in statements if "search_meeting_texts MATCH" in s]
    assert searched, statements
    assert all("meetings.notes LIKE" not in s for s in searched)


@pytest.mark.skipif(BACKEND != "postgres", reason="PostgreSQL's trigram indexes")
def test_postgres_has_the_meeting_text_indexes(app_context):
    if not db.session.scalar(text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")):
        pytest.skip("this PostgreSQL server has no pg_trgm (the search reads the columns)")
    names = set(db.session.scalars(text(
        "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_meeting_texts_%'")))
    assert names == {f"search_meeting_texts_{name}" for name in MEETING_TEXT_COLUMNS}


def test_a_short_word_is_looked_for_in_the_texts_only(officer_client, hearings):
    """One or two letters would match most persons' names: attendees are not searched."""
    assert "No meeting matches" in text_of(officer_client.get("/meetings/?q=ya"))
    page = text_of(officer_client.get("/meetings/?q=liya"))
    assert "Meeting 0<" in page and "Meeting 1<" not in page


def test_a_value_no_filter_takes_is_left_out_of_the_links(officer_client, hearings):
    response = officer_client.get("/cases/", query_string={"note": "x" * 1500, "q": "hearing"})
    page = response.get_data(as_text=True)
    assert 'href="/cases/?sort=' in page and "note=" not in page
    assert len(page) < 20_000
