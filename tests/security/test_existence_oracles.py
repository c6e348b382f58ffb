"""No existence oracles: imports, duplicate checks and type-ahead tell a user not cleared for a
restricted person nothing about it (pentest findings 3a, 3b and the checks around them).

Each test compares what the uncleared officer gets for names of restricted records with what
they get for names Parley has never held: the two must read the same, word for word.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Case,
    DialogueEvent,
    Meeting,
    Organisation,
    Person,
    Recommendation,
    Sensitivity,
    Source,
)
from tests.security.helpers import (
    PAPER,
    PAPER_SWAPS,
    in_links,
    meeting_log,
    swap,
    upload_contacts,
    upload_paper,
)
from tests.support.pages import text_of
from tests.support.signing_in import signed_in

#: Rows matching the restricted person by name, email, near spelling and Cyrillic spelling.
CONTACTS = ("Full name;Email\n"
            "Dinara Smailova;\n"
            "A. Colleague;dinara@shelter.example\n"
            "Dinara Smailowa;\n"
            "динара смаилова;\n")
CONTACT_SWAPS = (("Dinara Smailova", "Zarina Nobodova"),
                 ("dinara@shelter.example", "zarina@nowhere.example"),
                 ("Dinara Smailowa", "Zarina Nobodowa"),
                 ("динара смаилова", "зарина нободова"))


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)
                             .execution_options(parley_unrestricted=True))


def test_finding_3a_contacts_dry_run_does_not_reveal_restricted_records(
        app, uncleared_client, restricted):
    matching = text_of(upload_contacts(uncleared_client, CONTACTS))
    unmatched = text_of(upload_contacts(uncleared_client, swap(CONTACTS, CONTACT_SWAPS)))
    assert "restricted" not in matching.lower()
    assert "Likely duplicate" not in matching
    assert "<strong>4</strong> new persons will be created" in matching
    assert swap(matching, CONTACT_SWAPS) == swap(unmatched, ())
    upload_contacts(uncleared_client, CONTACTS)
    done = text_of(uncleared_client.post("/contacts/import/report", follow_redirects=True))
    assert "Contacts imported: 4 persons; 0 row(s) skipped." in done
    with app.app_context():
        assert _count(Person, Person.full_name == "Dinara Smailova") == 2


def test_finding_3b_briefing_preview_does_not_reveal_restricted_records(
        app, uncleared_client, restricted):
    matching = text_of(upload_paper(uncleared_client, PAPER))
    unmatched = text_of(upload_paper(uncleared_client, swap(PAPER, PAPER_SWAPS)))
    assert "already held" not in matching and "restricted record" not in matching
    assert "Matches existing" not in matching
    assert swap(matching, PAPER_SWAPS) == swap(unmatched, ())
    upload_paper(uncleared_client, PAPER)
    items = ["theme-0", "finding-0", "finding-1", "recommendation-0", "person-0", "case-0",
             "group-0"]
    response = uncleared_client.post("/import/preview", data={"items": items})
    assert response.status_code == 302
    with app.app_context():
        assert _count(Person, Person.full_name == "Dinara Smailova") == 2
        assert _count(Case, Case.title == "Atajurt movement activists") == 2


def test_new_person_form_gives_no_hint_of_a_restricted_namesake(
        app, uncleared_client, restricted):
    added: list[str] = []
    for name, spelling in (("Dinara Smaylova", ""), ("Dina Smail", "Динара Смаилова"),
                           ("Zarina Nobodova", "")):
        data = {"full_name": name, "other_spellings": spelling, "sensitivity": "normal"}
        response = uncleared_client.post("/persons/new", data=data, follow_redirects=True)
        page = text_of(response)
        assert "restricted" not in page.lower() and f'/persons/{restricted["dinara"]}"' not in page
        if "Possible duplicate" in page:  # only of a namesake added on an earlier turn
            assert set(re.findall(r'Possible duplicate: <a href="(/persons/\d+)"', page)) \
                <= set(added), name
            response = uncleared_client.post("/persons/new", data={**data, "create_anyway": "y"},
                                             follow_redirects=True)
            page = text_of(response)
        assert f"{name} added." in page, name
        added.append(response.request.path)


def test_meeting_log_new_person_gives_no_hint_of_a_restricted_namesake(
        app, uncleared_client, uncleared, restricted):
    for name in ("Dinara Smailova", "Zarina Nobodova"):
        response = uncleared_client.post("/meetings/new", data=meeting_log(name, uncleared.id))
        assert response.status_code == 302, text_of(response)[:3000]
        page = text_of(uncleared_client.get(response.headers["Location"]))
        assert f"New stakeholder {name} added." in page
        assert "already be in Parley" not in page and "restricted" not in page.lower()


def test_typeahead_gives_no_hint_of_a_restricted_person_or_case(uncleared_client, restricted):
    for kinds in ("persons", "cases", "users,persons", "recommendations,cases,themes",
                  "meetings"):
        nothing = uncleared_client.get(f"/lookup/{kinds}?q=Zarina").get_json()
        assert nothing == {"results": []}, kinds
        for term in ("Smail", "Dinara", "Динара", "dinara@shelter", "Smaylova", "Atajurt"):
            response = uncleared_client.get(f"/lookup/{kinds}", query_string={"q": term})
            assert response.get_json() == nothing, (kinds, term)


def test_a_typed_name_gives_no_hint_of_a_restricted_person_or_case(
        app, uncleared_client, restricted):
    """Without JavaScript a typed name is resolved on the server: a restricted person or
    case reads exactly like a name Parley never held, and nothing is saved."""
    pages = {}
    for name, case in (("Dinara Smailova", "Atajurt"), ("Zarina Nobodova", "Kokjiek")):
        response = uncleared_client.post("/cases/new", data={
            "title": "A case", "status": "detained", "sensitivity": "normal",
            "person_id": "", "person_id-text": name,
            "themes-text": case})
        assert response.status_code == 200
        pages[name] = swap(text_of(response), (("Dinara Smailova", "Zarina Nobodova"),
                                               ("Atajurt", "Kokjiek")))
    assert pages["Dinara Smailova"] == pages["Zarina Nobodova"]
    assert "No person matches “Zarina Nobodova”." in pages["Zarina Nobodova"]
    response = uncleared_client.post("/cases/new", data={
        "title": "A case", "status": "detained", "sensitivity": "normal",
        "person_id": str(restricted["dinara"])})
    assert "That person is not in Parley, or not available to you." in text_of(response)
    with app.app_context():
        assert _count(Case, Case.title == "A case") == 0


def test_capped_follow_up_counts_count_only_what_the_officer_may_see(
        app, uncleared_client, restricted, monkeypatch):
    """The follow-up counts stop at a cap ("1,000+"): the rows counted up to it are those the
    officer may see, so promises of an at-risk person never fill the count."""
    from datetime import date, timedelta

    from app.models import Direction, FollowUp
    from app.services import listing

    with app.app_context():
        day = date.today() - timedelta(days=3)
        db.session.add_all(
            [FollowUp(description=f"Restricted promise {n}", direction=Direction.THEIRS,
                      owner_person_id=restricted["dinara"], due_on=day) for n in range(6)]
            + [FollowUp(description=f"Open promise {n}", direction=Direction.THEIRS,
                        due_on=day) for n in range(3)])
        db.session.commit()
    monkeypatch.setattr(listing, "COUNT_CAP", 5)
    team = text_of(uncleared_client.get("/follow-ups/?scope=team"))
    assert re.search(r'id="overdue">Overdue <span class="count">3</span>', team)
    assert "5+" not in team and "Restricted promise" not in team
    assert 'class="badge promise-pending">Pending 3<' in team


#: A normal record of each list with a search box, its free text naming the restricted person
#: (twice: in Latin and in Cyrillic) beside a word the reader may find it by ("hearing").
NAMED_IN_TEXT = {
    "/meetings/": lambda text: Meeting(title="Court monitoring visit", notes=text,
                                       starts_at=datetime(2026, 5, 4, 9, tzinfo=UTC)),
    "/events/": lambda text: DialogueEvent(title="Court monitoring round", objectives=text),
    "/cases/": lambda text: Case(title="Court monitoring case", charges=text),
    "/recommendations/": lambda text: Recommendation(short_title="Court monitoring",
                                                     text=text, addressee="Ministry"),
    "/sources/": lambda text: Source(title="Court monitoring report", publisher=text),
    "/organisations/": lambda text: Organisation(name="Court monitoring group",
                                                 acronym=text[:40]),
}


@pytest.mark.parametrize("path", list(NAMED_IN_TEXT))
def test_a_list_search_finds_nothing_through_a_hidden_name(app, client, uncleared, make_user,
                                                           restricted, path):
    """Searching a list for part of a restricted person's name reads exactly like searching
    for a name Parley never held, although a record's free text names her: the reader sees
    "[restricted]" there. A word the text holds outside the name still finds the record, and
    a reader cleared for her finds it by her name."""
    with app.app_context():
        db.session.add(NAMED_IN_TEXT[path]("Dinara Smailova hearing; Динара Смаилова"))
        db.session.commit()
    signed_in(client, uncleared)
    pages = {}
    for word, other in (("Smailova", "Nobodova"), ("Dinara", "Zarina"), ("mailov", "obodov"),
                        ("Смаилова", "Нободова"), ("Smailova Dinara", "Nobodova Zarina")):
        hidden = text_of(client.get(path, query_string={"q": word}))  # entities decoded
        unknown = text_of(client.get(path, query_string={"q": other}))
        assert "Court monitoring" not in hidden, (path, word)
        assert swap(hidden, ((word, other), *in_links([(word, other)]))) == swap(unknown, ()), \
            (path, word)
        pages[word] = hidden
    assert "Court monitoring" in text_of(client.get(path, query_string={"q": "hearing"}))
    cleared = app.test_client()
    signed_in(cleared, make_user("officer", clearance="at_risk", email="cleared@parley.example"))
    assert "Court monitoring" in text_of(cleared.get(path, query_string={"q": "Smailova"}))


def test_a_word_outside_the_hidden_name_still_finds_the_record(app, uncleared_client,
                                                               restricted):
    """The same word inside the hidden name and elsewhere in the text: found, since the
    reader sees it."""
    with app.app_context():
        db.session.add(Meeting(title="Visit to the Smailova district court",
                               notes="Dinara Smailova was not brought to court.",
                               starts_at=datetime(2026, 5, 4, 9, tzinfo=UTC)))
        db.session.commit()
    page = text_of(uncleared_client.get("/meetings/", query_string={"q": "Smailova"}))
    assert "Visit to the Smailova district court" in page


@pytest.mark.parametrize("path, field", [
    ("/search/", "q"), ("/meetings/", "q"), ("/meetings/", "person-text"),
    ("/cases/", "q"), ("/follow-ups/", "person-text"),
])
def test_a_hidden_name_typed_into_the_address_is_shown_back_as_typed(uncleared_client,
                                                                     restricted, path, field):
    """A search box or a name filter shows the reader's words back: a restricted person's
    full name as typed, like a name Parley never held (not "[restricted]")."""
    pages = {}
    for name in ("Dinara Smailova", "Zarina Nobodova"):
        response = uncleared_client.get(path, query_string={field: name})
        assert response.status_code == 200
        pages[name] = text_of(response)
        assert "[restricted]" not in pages[name] and name in pages[name], (path, field)
    assert swap(pages["Dinara Smailova"], (*PAPER_SWAPS, *in_links(PAPER_SWAPS))) == \
        swap(pages["Zarina Nobodova"], ())


def test_a_one_word_hidden_name_in_the_address_stays_readable_in_the_lists_links(
        app, uncleared_client):
    """A list's pager and column links carry the address's words; a hidden person known by
    one name, typed there, is not masked inside them (a broken link, and an oracle)."""
    with app.app_context():
        db.session.add_all([Person(full_name="Zhanargul", sensitivity=Sensitivity.AT_RISK),
                            *(Case(title=f"Appeal hearing {n}") for n in range(60))])
        db.session.commit()
    pages = {}
    for name in ("Zhanargul", "Kokjiekul"):
        pages[name] = text_of(uncleared_client.get("/cases/", query_string={
            "q": "hearing", "note": name}))
        assert "[restricted]" not in pages[name] and 'rel="next"' in pages[name]
    assert swap(pages["Zhanargul"], in_links([("Zhanargul", "Kokjiekul")])) == \
        swap(pages["Kokjiekul"], ())
    for name in ("Zhanargul", "Kokjiekul"):  # the search page's link to every kind of result
        pages[name] = text_of(uncleared_client.get("/search/", query_string={
            "q": name, "kind": "meetings"}))
        assert "[restricted]" not in pages[name] and "Every kind of result" in pages[name]
    assert swap(pages["Zhanargul"], (("Zhanargul", "Kokjiekul"),
                                     *in_links([("Zhanargul", "Kokjiekul")]))) == \
        swap(pages["Kokjiekul"], ())
