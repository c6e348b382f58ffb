"""The type-ahead behind every record choice: ``/lookup/<kinds>`` and the lookup fields.

The endpoint: signed-in users only, names and other spellings, at most 20, restricted
records hidden, bounded input, a rate limit. The fields: a chosen id saves; an id the user
may not see, that does not exist or is malformed is refused with a clear message and nothing
is saved; a typed name (no JavaScript) is resolved when one record matches, else the page
says that none or several match; the chosen label is shown again after a failed submit.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.config import load_environment
from app.extensions import db
from app.models import (
    Affiliation,
    Case,
    FollowUp,
    Meeting,
    Organisation,
    OrganisationKind,
    Person,
    PersonName,
    Raising,
    Recommendation,
    Sensitivity,
    Theme,
    utcnow,
)
from app.services.lookup import MAX_RESULTS
from tests.support.pages import text_of
from tests.support.queries import count_queries
from tests.support.signing_in import login

NOT_FOUND = "That person is not in Parley, or not available to you."


@pytest.fixture()
def people(app) -> dict:
    """Two Annas, Bolat (with a Cyrillic spelling), an at-risk and an archived person,
    25 namesakes, two themes and a case; returns their ids."""
    with app.app_context():
        eeas = Organisation(name="European External Action Service", acronym="EEAS",
                            kind=OrganisationKind.EU_INSTITUTION)
        anna = Person(full_name="Anna Desk")
        records = {
            "anna": anna, "anna_lee": Person(full_name="Anna Lee"),
            "bolat": Person(full_name="Bolat Zhylanbaev",
                            other_names=[PersonName(name="Болат Жыланбаев", script="Cyrillic")]),
            "hidden": Person(full_name="Hidden Witness", sensitivity=Sensitivity.AT_RISK),
            "archived": Person(full_name="Archived Adviser", archived_at=utcnow()),
            "speech": Theme(name="Freedom of expression"),
            "torture": Theme(name="Torture and ill-treatment"),
            "case": Case(title="Case of a jailed journalist"),
        }
        db.session.add_all([eeas, *records.values(),
                            Affiliation(person=anna, organisation=eeas, role="Desk Officer"),
                            *(Person(full_name=f"Namesake {i:02d} Nurlanov") for i in range(25)),
                            Person(full_name="Zed Namesake")])
        db.session.commit()
        return {name: record.id for name, record in records.items()}


def labels(client, kinds: str, q: str, **args) -> list[str]:
    """The labels the type-ahead offers for ``q``."""
    response = client.get(f"/lookup/{kinds}", query_string={"q": q, **args})
    assert response.status_code == 200
    return [r["label"] for r in response.get_json()["results"]]


def cases_named(app, title: str) -> list[Case]:
    """The cases with ``title`` (read outside any request: sees everything)."""
    with app.app_context():
        found = db.session.scalars(select(Case).where(Case.title == title)).all()
        db.session.expunge_all()
        return found


def case_form(**fields) -> dict:
    """A valid new-case post, with ``fields`` changed."""
    return {"title": "Case of a blogger", "status": "detained", "sensitivity": "normal",
            **fields}


# ---- the endpoint ----------------------------------------------------------------------------


def test_lookup_needs_a_signed_in_user(client, people):
    response = client.get("/lookup/persons?q=Anna")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_lookup_finds_names_other_spellings_and_posts(officer_client, people):
    assert labels(officer_client, "persons", "anna") == ["Anna Desk", "Anna Lee"]
    assert labels(officer_client, "persons", "ANNA desk") == ["Anna Desk"]
    assert labels(officer_client, "persons", "жыланбаев") == ["Bolat Zhylanbaev"]
    assert labels(officer_client, "persons", "Болат") == ["Bolat Zhylanbaev"]
    assert labels(officer_client, "persons", "eeas") == ["Anna Desk"]
    assert labels(officer_client, "persons", "desk officer") == ["Anna Desk"]
    assert labels(officer_client, "persons", "nobody at all") == []
    result = officer_client.get("/lookup/persons?q=Desk").get_json()["results"]
    assert result == [{"value": str(people["anna"]), "label": "Anna Desk",
                       "detail": "Desk Officer, EEAS", "group": "Stakeholders"}]
    assert labels(officer_client, "themes", "express") == ["Freedom of expression"]
    assert labels(officer_client, "cases", "journalist") == ["Case of a jailed journalist"]
    assert labels(officer_client, "organisations", "eeas") == ["European External Action Service"]


def test_lookup_returns_at_most_twenty_names_starting_with_the_query_first(
        officer_client, people):
    found = labels(officer_client, "persons", "namesake")
    assert len(found) == MAX_RESULTS == 20
    assert found[0] == "Namesake 00 Nurlanov" and "Zed Namesake" not in found
    assert labels(officer_client, "persons", "zed namesake") == ["Zed Namesake"]
    everyone = labels(officer_client, "persons", "")
    assert len(everyone) == 20 and everyone[0] == "Anna Desk"  # an empty query: the first 20


def test_persons_named_by_the_query_come_before_those_found_by_their_post(app, officer_client,
                                                                           people):
    with app.app_context():
        mission = Organisation(name="Zhanaozen Monitoring Mission",
                               kind=OrganisationKind.CSO)
        db.session.add_all([
            Affiliation(person=Person(full_name="Aigerim Abenova"), organisation=mission,
                        role="Monitor"),
            Person(full_name="Yerlan Zhanov"), Person(full_name="Zhanna Sadykova")])
        db.session.commit()
    # "Aigerim Abenova" comes first alphabetically but is found by her organisation only
    assert labels(officer_client, "persons", "zhan") == [
        "Zhanna Sadykova", "Yerlan Zhanov", "Aigerim Abenova"]
    assert labels(officer_client, "persons", "zhanaozen") == ["Aigerim Abenova"]
    # every word must match the names for a person to rank with the named ones
    assert labels(officer_client, "persons", "zhan monitor") == ["Aigerim Abenova"]


def test_restricted_persons_are_hidden_from_a_reader_not_cleared(
        app, client, make_user, people):
    low = make_user("officer", clearance="normal", email="low@parley.example")
    high = make_user("officer", clearance="at_risk", email="high@parley.example")
    assert login(client, low.email).status_code == 302
    for q in ("Hidden", "witness", "hidden witness"):
        assert labels(client, "persons", q) == []
        assert labels(client, "users,persons", q) == []
    client.post("/logout")
    assert login(client, high.email).status_code == 302
    assert labels(client, "persons", "witness") == ["Hidden Witness"]


def test_archived_records_are_offered_only_when_asked_for(officer_client, people):
    assert labels(officer_client, "persons", "archived") == []
    assert labels(officer_client, "persons", "archived", all="1") == ["Archived Adviser"]


def test_several_kinds_give_prefixed_values_in_groups(officer_client, people):
    results = officer_client.get("/lookup/recommendations,cases,themes?q=o").get_json()["results"]
    assert {r["value"][0] for r in results} == {"c", "t"}
    assert {(r["value"], r["group"]) for r in results} >= {
        (f"c{people['case']}", "Cases"), (f"t{people['speech']}", "Themes")}


@pytest.mark.parametrize("url", [
    "/lookup/nothing?q=a", "/lookup/persons,persons?q=a", "/lookup/persons,?q=a",
    "/lookup/persons,cases,themes,users,events?q=a"])
def test_unknown_or_too_many_kinds_answer_404(officer_client, url):
    assert officer_client.get(url).status_code == 404


def test_hostile_queries_are_cleaned_and_cut(officer_client, people):
    assert labels(officer_client, "persons", "An\x00na\x0b") == ["Anna Desk", "Anna Lee"]
    assert labels(officer_client, "persons", "anna " + "x" * 100_000) == []
    assert labels(officer_client, "persons", "%") == []
    assert labels(officer_client, "persons", "_") == []
    assert len(labels(officer_client, "persons", " ".join(["a"] * 500))) == 20


def test_lookup_is_rate_limited_per_user(officer_client):
    statuses = [officer_client.get("/lookup/persons?q=zz").status_code for _ in range(301)]
    assert statuses[:300] == [200] * 300 and statuses[300] == 429


def test_the_lookup_limit_is_a_setting_read_from_the_environment(app, officer_client,
                                                                  monkeypatch):
    monkeypatch.setitem(app.config, "PARLEY_LOOKUP_LIMIT", "3 per minute")
    statuses = [officer_client.get("/lookup/persons?q=zy").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    monkeypatch.setenv("PARLEY_LOOKUP_LIMIT", "6000 per minute")
    config = {}
    load_environment(config)
    assert config["PARLEY_LOOKUP_LIMIT"] == "6000 per minute"


def test_a_title_naming_a_hidden_person_is_not_found_by_that_name(
        app, client, make_user, people):
    with app.app_context():
        db.session.add(Meeting(title="Visit to Hidden Witness",
                               starts_at=datetime(2026, 6, 10, 9, tzinfo=UTC)))
        db.session.commit()
    low = make_user("officer", clearance="normal", email="low@parley.example")
    assert login(client, low.email).status_code == 302
    assert labels(client, "meetings", "Witness") == []
    assert labels(client, "meetings", "visit") == ["10 Jun 2026: Visit to [restricted]"]


# ---- the fields: ids ---------------------------------------------------------------------


def test_a_chosen_id_saves(app, officer_client, people):
    response = officer_client.post("/cases/new", data=case_form(
        person_id=str(people["anna"]), **{"person_id-text": "Anna Desk"},
        themes=[str(people["speech"]), str(people["torture"])]))
    assert response.status_code == 302
    [case] = cases_named(app, "Case of a blogger")
    assert case.person_id == people["anna"]
    with app.app_context():
        assert {t.name for t in db.session.get(Case, case.id).themes} == {
            "Freedom of expression", "Torture and ill-treatment"}


@pytest.mark.parametrize("value", ["hidden", "999999", "abc", "-1", "0", "99999999999999999999",
                                   "p1", " "])
def test_an_id_not_seen_missing_or_malformed_is_refused(app, client, make_user, people, value):
    low = make_user("officer", clearance="normal", email="low@parley.example")
    assert login(client, low.email).status_code == 302
    posted = str(people["hidden"]) if value == "hidden" else value
    response = client.post("/cases/new", data=case_form(person_id=posted))
    if value == " ":  # blank: no one person (a group case), which is allowed
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert NOT_FOUND in text_of(response)
    assert "Hidden Witness" not in text_of(response)
    assert cases_named(app, "Case of a blogger") == []


def test_a_theme_id_not_found_is_refused_among_good_ones(app, officer_client, people):
    response = officer_client.post("/recommendations/new", data={
        "text": "Free them.", "addressee": "The authorities", "priority": "2",
        "themes": [str(people["speech"]), "999999"]})
    assert "That theme is not in Parley, or not available to you." in text_of(response)
    assert re.search(rf'name="themes" type="checkbox" value="{people["speech"]}"'
                     r'|checked[^>]*name="themes"[^>]*value="' + str(people["speech"]),
                     response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count(Recommendation.id))) == 0


def test_an_archived_person_is_refused_unless_already_chosen(app, officer_client, people):
    response = officer_client.post("/cases/new", data=case_form(person_id=str(people["archived"])))
    assert "“Archived Adviser” is archived: choose another person." in text_of(response)
    with app.app_context():
        case = Case(title="Kept case", person_id=people["archived"])
        db.session.add(case)
        db.session.commit()
        case_id = case.id
    edit = officer_client.get(f"/cases/{case_id}/edit")
    assert 'value="Archived Adviser"' in edit.get_data(as_text=True)
    response = officer_client.post(f"/cases/{case_id}/edit", data=case_form(
        title="Kept case", version="1", person_id=str(people["archived"]),
        **{"person_id-text": "Archived Adviser"}))
    assert response.status_code == 302, text_of(response)[:2000]
    assert cases_named(app, "Kept case")[0].person_id == people["archived"]


def test_the_chosen_label_is_shown_again_after_a_failed_submit(officer_client, people):
    response = officer_client.post("/cases/new", data=case_form(
        title="", person_id=str(people["anna"]), **{"person_id-text": "Anna Desk"},
        themes=[str(people["speech"])]))
    page = text_of(response)  # what the reader typed is written as character references
    assert "This field is required." in page
    assert re.search(r'<input[^>]*name="person_id-text"[^>]*value="Anna Desk"', page)
    assert f'name="person_id" type="hidden" value="{people["anna"]}"' in page
    assert re.search(rf'checked[^>]*name="themes"[^>]*value="{people["speech"]}"', page)
    assert "Freedom of expression" in page


# ---- the fields: typed names (no JavaScript) -------------------------------------------------


@pytest.mark.parametrize("typed", ["Bolat", "zhylanbaev", "Болат Жыланбаев", "anna desk",
                                   "Anna Desk"])
def test_a_typed_name_matching_one_person_is_chosen(app, officer_client, people, typed):
    response = officer_client.post("/cases/new", data=case_form(
        person_id="", **{"person_id-text": typed}))
    assert response.status_code == 302, text_of(response)[:2000]
    expected = people["anna"] if "anna" in typed.lower() else people["bolat"]
    assert cases_named(app, "Case of a blogger")[0].person_id == expected


def test_a_typed_name_matching_several_or_none_is_said_and_kept(app, officer_client, people):
    several = officer_client.post("/cases/new", data=case_form(**{"person_id-text": "anna"}))
    assert "Several persons match “anna”: Anna Desk (Desk Officer, EEAS); Anna Lee. " \
           "Type more of the name." in text_of(several)
    assert re.search(r'name="person_id-text"[^>]*value="anna"', text_of(several))
    many = officer_client.post("/cases/new", data=case_form(**{"person_id-text": "nurlanov"}))
    assert "Several persons match “nurlanov”: Namesake 00 Nurlanov; " in text_of(many)
    assert "Namesake 04 Nurlanov, …. Type more of the name." in text_of(many)
    none = officer_client.post("/cases/new", data=case_form(**{"person_id-text": "Zarina"}))
    assert "No person matches “Zarina”. Check the spelling" in text_of(none)
    assert cases_named(app, "Case of a blogger") == []


def test_a_name_typed_over_a_chosen_one_wins(app, officer_client, people):
    officer_client.post("/cases/new", data=case_form(
        person_id=str(people["anna"]), **{"person_id-text": "Bolat"}))
    [case] = cases_named(app, "Case of a blogger")
    assert case.person_id == people["bolat"]
    officer_client.post(f"/cases/{case.id}/edit", data=case_form(
        version="1", person_id=str(people["bolat"]), **{"person_id-text": ""}))
    assert cases_named(app, "Case of a blogger")[0].person_id is None


def test_several_themes_typed_at_once(app, officer_client, people):
    response = officer_client.post("/recommendations/new", data={
        "text": "Free them.", "addressee": "The authorities", "priority": "2",
        "themes-text": "expression; TORTURE"})
    assert response.status_code == 302, text_of(response)[:2000]
    with app.app_context():
        recommendation = db.session.scalar(select(Recommendation))
        assert {t.id for t in recommendation.themes} == {people["speech"], people["torture"]}


def test_filters_take_an_id_or_a_typed_name(app, officer_client, people):
    page = text_of(officer_client.get("/persons/", query_string={"organisation-text": "eeas"}))
    assert "Anna Desk" in page and "Bolat Zhylanbaev" not in page
    with app.app_context():
        eeas = db.session.scalar(select(Organisation.id))
    page = text_of(officer_client.get(f"/persons/?organisation={eeas}"))
    assert "Anna Desk" in page and "Anna Lee" not in page
    page = text_of(officer_client.get("/persons/", query_string={"organisation-text": "zzz"}))
    assert "No organisation matches “zzz”." in page and "Anna Lee" in page  # filter ignored
    page = text_of(officer_client.get("/follow-ups/", query_string={
        "scope": "all", "person-text": "anna"}))
    assert "Several persons match “anna”" in page


def test_meeting_log_rows_take_typed_names(app, officer_client, officer, people):
    response = officer_client.post("/meetings/new", data={
        "title": "Typed names", "meeting_date": "2026-06-10", "starts_time": "09:30",
        "format": "in_person", "status": "held", "our_attendees": [str(officer.id)],
        "their_attendees-text": "Anna Desk; Болат", "event_id-text": "",
        "raisings-0-subject-text": "jailed journalist", "raisings-0-with_whom": "",
        "raisings-0-stance": "",
        "follow_ups-0-description": "Send the list", "follow_ups-0-owner-text": "Olga",
        "follow_ups-0-link-text": "journalist",
        "follow_ups-1-description": "Reply", "follow_ups-1-owner-text": "Newcomer",
        "new_persons-0-full_name": "Chris Newcomer"})
    assert response.status_code == 302, text_of(response)[:3000]
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert {p.full_name for p in meeting.their_attendees} == {
            "Anna Desk", "Bolat Zhylanbaev", "Chris Newcomer"}
        assert meeting.raisings[0].case_id == people["case"]
        ours, theirs = sorted(meeting.follow_ups, key=lambda f: f.description, reverse=True)
        assert ours.owner_user_id == officer.id and ours.case_id == people["case"]
        assert theirs.owner_person.full_name == "Chris Newcomer"


def test_meeting_log_queries_do_not_grow_with_its_rows(app, officer_client, officer, people):
    def meeting_with(rows: int) -> int:
        with app.app_context():
            meeting = Meeting(title=f"{rows} rows", starts_at=datetime(2026, 6, 10, tzinfo=UTC),
                              their_attendees=[db.session.get(Person, people["anna"])])
            for n in range(rows):
                person = Person(full_name=f"Row person {rows}-{n}")
                meeting.their_attendees.append(person)
                meeting.raisings.append(Raising(theme=Theme(name=f"T{rows}-{n}"), person=person))
                meeting.follow_ups.append(FollowUp(
                    description=f"F{n}", direction="theirs", owner_person=person,
                    case=Case(title=f"C{rows}-{n}")))
            db.session.add(meeting)
            db.session.commit()
            return meeting.id

    few, many = meeting_with(2), meeting_with(12)
    officer_client.get(f"/meetings/{few}/edit")  # the name-masking automaton is built once
    counts = []
    for meeting_id in (few, many):
        with count_queries(app) as n:
            page = officer_client.get(f"/meetings/{meeting_id}/edit")
        assert page.status_code == 200
        counts.append(len(n))
    assert "Row person 12-11" in text_of(page) and "C12-11" in text_of(page)
    assert counts[0] == counts[1], counts
