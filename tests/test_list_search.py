"""A list's search box (app/services/list_search.py): words, the window, and what it finds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.models import Case, Meeting, Person
from app.services import list_search
from app.services.list_search import search_words
from tests.support.pages import text_of


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
