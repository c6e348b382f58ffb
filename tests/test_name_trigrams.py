"""The type-ahead's index of names (app/services/search/name_trigrams.py): letters inside a
full name, another spelling or a post find the person from the index, in any case and
script; the index follows every change of a name; short terms still find by the columns."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.models import Affiliation, Organisation, OrganisationKind, Person, PersonName
from app.services.people.names import person_name_matches
from app.services.search.name_trigrams import trigram_phrase
from tests.support.database import BACKEND
from tests.support.queries import count_queries


@pytest.fixture()
def named(app) -> dict:
    """Three persons: one with a Kazakh Cyrillic spelling, one with a post."""
    with app.app_context():
        ministry = Organisation(name="Ministry of Justice", acronym="MoJ",
                                kind=OrganisationKind.GOVERNMENT)
        records = {
            "marat": Person(full_name="Marat Zhylanbaev",
                            other_names=[PersonName(name="Марат Жыланбаев", script="Cyrillic")]),
            "aigerim": Person(full_name="Aigerim Sekerbaeva",
                              other_names=[PersonName(name="Әйгерім Секербаева",
                                                      script="Cyrillic")]),
            "dana": Person(full_name="Dana Olson"),
        }
        db.session.add_all([ministry, *records.values()])
        db.session.add(Affiliation(person=records["dana"], organisation=ministry,
                                   role="Deputy Head of Penitentiary Reform"))
        db.session.commit()
        return {name: person.id for name, person in records.items()}


def found(app, term: str) -> set[str]:
    """Full names of the persons whose name or other spelling contains ``term``."""
    with app.app_context():
        return set(db.session.scalars(select(Person.full_name)
                                      .where(person_name_matches(term))))


def labels(client, q: str) -> list[str]:
    response = client.get("/lookup/persons", query_string={"q": q})
    assert response.status_code == 200
    return [r["label"] for r in response.get_json()["results"]]


@pytest.mark.parametrize(("term", "expected"), [
    ("zhylan", {"Marat Zhylanbaev"}), ("ZHYLAN", {"Marat Zhylanbaev"}),
    ("ылан", {"Marat Zhylanbaev"}), ("ЖЫЛАН", {"Marat Zhylanbaev"}),
    ("әйгер", {"Aigerim Sekerbaeva"}), ("ӘЙГЕР", {"Aigerim Sekerbaeva"}),
    ("t zh", {"Marat Zhylanbaev"}), ("aeva", {"Aigerim Sekerbaeva"}),
    ("ol", {"Dana Olson"}), ("a", {"Marat Zhylanbaev", "Aigerim Sekerbaeva", "Dana Olson"}),
    ('"x"', set()), ("100%", set()), ("nobody", set()),
])
def test_letters_anywhere_in_a_name_find_the_person(app, named, term, expected):
    assert found(app, term) == expected


def test_the_type_ahead_finds_by_post_and_organisation(officer_client, named):
    assert labels(officer_client, "penitentiary") == ["Dana Olson"]
    assert labels(officer_client, "PENITENT reform") == ["Dana Olson"]
    assert labels(officer_client, "justice") == ["Dana Olson"]
    assert labels(officer_client, "жылан") == ["Marat Zhylanbaev"]


def test_the_index_follows_every_change_of_a_name(app, named):
    with app.app_context():
        marat = db.session.get(Person, named["marat"])
        marat.full_name = "Marat Zhumabaev"
        marat.other_names[0].name = "Марат Жумабаев"
        db.session.add(PersonName(person_id=named["dana"], name="Dana Olsson-Berg"))
        dana = db.session.get(Person, named["dana"])
        dana.affiliations[0].role = "Adviser"
        db.session.commit()
    assert found(app, "zhylan") == set() and found(app, "жылан") == set()
    assert found(app, "zhumab") == {"Marat Zhumabaev"} == found(app, "жумаб")
    assert found(app, "berg") == {"Dana Olson"}
    with app.app_context():
        db.session.delete(db.session.get(Person, named["aigerim"]))
        db.session.commit()
    assert found(app, "aeva") == set()


def test_a_term_of_three_letters_or_more_is_a_phrase():
    assert trigram_phrase("ab") is None
    assert trigram_phrase('a"b') == '"a""b"'
    assert trigram_phrase("zhyl") == '"zhyl"'


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's plan; PostgreSQL's is checked below")
def test_sqlite_reads_the_index_not_every_name(app, officer_client, named):
    with count_queries(app) as statements:
        labels(officer_client, "zhylan")
    persons = [s for s in statements if "FROM persons" in s and "search_names" in s]
    assert persons, statements
    with app.app_context():
        plan = " | ".join(row[3] for row in db.session.execute(text(
            "EXPLAIN QUERY PLAN SELECT person_id FROM search_names "
            "WHERE search_names.name MATCH :phrase"), {"phrase": '"zhylan"'}))
    assert "VIRTUAL TABLE INDEX" in plan
    for statement in persons:
        assert "person_names.name LIKE" not in statement  # the columns are not read
        assert "affiliations.role LIKE" not in statement


@pytest.mark.skipif(BACKEND != "postgres", reason="PostgreSQL's trigram indexes")
def test_postgres_has_the_trigram_indexes(app_context):
    if not db.session.scalar(text(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'")):
        pytest.skip("this PostgreSQL server has no pg_trgm (the type-ahead reads the columns)")
    names = set(db.session.scalars(text(
        "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_names_%'")))
    assert names == {"search_names_persons", "search_names_person_names",
                     "search_names_affiliations"}
    definition = db.session.scalar(text(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_names_persons'"))
    assert "gin_trgm_ops" in definition and "lower" in definition
