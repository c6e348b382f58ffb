"""Names across scripts and transliteration schemes: one key for every spelling of a name,
used by the duplicate checks and the review queue."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from app.extensions import db
from app.models import Person, PersonName
from app.services.people.names import (
    DUPLICATE_SCORE,
    persons_named,
    possible_duplicates,
    spellings_by_key,
)
from app.services.people.transliteration import match_key, to_latin
from tests.factories import add

SAME = [
    ("Zhylanbaev", "Jylanbayev"),
    ("Zhylanbaev", "Жыланбаев"),
    ("Jylanbayev", "Жыланбаев"),
    ("Mukhamedkarim", "Muhamedkarim"),
    ("Sekerbayeva", "Sekerbaeva"),
    ("Marat Zhylanbaev", "Жыланбаев Марат"),
    ("Мұхамедқарим", "Mukhamedkarim"),
    ("Zhylanbay uly", "Zhylanbaev"),
    ("Aigerim Sekerbaeva", "Айгерим Секербаева"),
    ("Yerlan", "Ерлан"),
    ("Erlan", "Yerlan"),
    ("Iuliia", "Юлия"),
    ("Dmitriyev", "Dmitriev"),
    ("Seitkali", "Сейткали"),
    ("Djumabayev", "Zhumabaev"),
    ("Qasym", "Kasym"),
]
DIFFERENT = [
    ("Zhylanbaev", "Zhumabaev"),
    ("Mukhamedkarim", "Mukhametzhan"),
    ("Sekerbaeva", "Serikbaeva"),
    ("Ivanov", "Ivanenko"),
    ("Marat Zhylanbaev", "Marat Zhaksygeldin"),
    ("Lev", "Leo"),
]


@pytest.mark.parametrize("one, other", SAME)
def test_spellings_of_one_name_share_a_key(one, other):
    assert match_key(one) == match_key(other), (match_key(one), match_key(other))


@pytest.mark.parametrize("one, other", DIFFERENT)
def test_different_names_stay_apart(one, other):
    assert match_key(one) != match_key(other)
    assert fuzz.token_sort_ratio(match_key(one), match_key(other)) < DUPLICATE_SCORE


def test_keys_are_latin_and_word_order_free():
    assert match_key("Жыланбаев Марат") == "jilanbaov marat"
    assert to_latin("Жыланбаев") == "Zhylanbayev"
    assert to_latin("Zhylanbaev") == "Zhylanbaev"
    assert match_key("") == "" and match_key("—!?") == ""
    # Feminine and masculine family names stay distinct keys.
    assert match_key("Sekerbaeva") != match_key("Sekerbaev")


def test_possible_duplicates_recognise_transliterations(app):
    ids = add(app, Person(full_name="Marat Zhylanbaev"),
              Person(full_name="Aigerim Sekerbayeva",
                     other_names=[PersonName(name="Айгерим Секербаева")]),
              Person(full_name="Nurlan Mukhamedkarim"),
              Person(full_name="Marat Zhaksygeldin"))
    with app.app_context():
        found = lambda name: [d.person_id for d in possible_duplicates(db.session, [name])]
        assert found("Marat Jylanbayev") == [ids[0]]
        assert found("Марат Жыланбаев") == [ids[0]]
        assert found("Aigerim Sekerbaeva") == [ids[1]]
        assert found("Nurlan Muhamedkarim") == [ids[2]]
        assert found("Dana Serikbaeva") == []
        assert found("Marat Zhumabaev") == []
        # The person asked about is never their own duplicate.
        assert possible_duplicates(db.session, ["Marat Zhylanbaev"], exclude_id=ids[0]) == []


def test_review_queue_matching_uses_the_same_keys():
    held = spellings_by_key([(1, "Жыланбаев Марат"), (2, "Aigerim Sekerbaeva")])
    assert persons_named(["Marat Jylanbayev"], held) == {1}
    assert persons_named(["Sekerbayeva Aigerim"], held) == {2}
    assert persons_named(["Marat Zhumabaev"], held) == set()


def test_possible_duplicates_follow_every_change_of_names(app):
    """The keys kept between calls are renewed as soon as a name, spelling or sensitivity
    changes, and a person hidden from the reader is never offered."""
    from app.models import Sensitivity
    from app.security.visibility import levels_for

    ids = [add(app, Person(full_name="Marat Zhylanbaev"))]
    with app.app_context():
        found = lambda name: [d.person_id for d in possible_duplicates(db.session, [name])]
        assert found("Marat Jylanbayev") == [ids[0]]
        assert found("Dana Serikbaeva") == []  # the keys are kept now
        db.session.add(Person(full_name="Dana Serikbayeva"))
        db.session.commit()
        assert len(found("Dana Serikbaeva")) == 1  # a new person is found at once
        person = db.session.get(Person, ids[0])
        person.other_names.append(PersonName(name="Ерлан Сапаров"))
        db.session.commit()
        assert found("Yerlan Saparov") == [ids[0]]  # so is a new spelling
        person.full_name = "Marat Zhumabaev"
        db.session.commit()
        assert found("Marat Jylanbayev") == []  # and a name changed
        person.sensitivity = Sensitivity.AT_RISK
        db.session.commit()
        with levels_for(db.session, (Sensitivity.NORMAL,)):
            assert found("Marat Zhumabaev") == []  # hidden from this reader
        assert found("Marat Zhumabaev") == [ids[0]]


def test_a_name_asked_again_is_not_compared_with_every_spelling_again(app, monkeypatch):
    """A profile asks for its person's duplicates on every view: the matches of a name are
    kept with the keys (and forgotten with them when a name changes)."""
    from app.services.people import names

    add(app, Person(full_name="Marat Zhylanbaev"))
    compared = []
    extract = names.process.extract
    monkeypatch.setattr(names.process, "extract",
                        lambda *a, **k: compared.append(a[0]) or extract(*a, **k))
    with app.app_context():
        found = lambda name: [d.full_name for d in possible_duplicates(db.session, [name])]
        assert found("Marat Jylanbayev") == ["Marat Zhylanbaev"]
        assert found("Marat Jylanbayev") == ["Marat Zhylanbaev"]
        assert len(compared) == 1
        db.session.add(Person(full_name="Marat Jylanbayev"))
        db.session.commit()
        assert sorted(found("Marat Jylanbayev")) == ["Marat Jylanbayev", "Marat Zhylanbaev"]
        assert len(compared) == 2
