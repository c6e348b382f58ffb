"""Finding 5: free text naming an at-risk person went out unchanged. Now every spelling of a
person above the reader's clearance is masked as "[restricted]" wherever free text is shown,
sent or exported, and always in external packs."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, Pack, Person, PersonName, Sensitivity
from app.security.masking import MASK, fold, mask, matcher, spellings_of
from app.services.packs.build import build_meeting_pack
from app.services.packs.issue import issue_pack
from tests.security.world import AT_RISK_NAME, leaks
from tests.support.signing_in import login

NORMAL = (Sensitivity.NORMAL,)


@pytest.fixture()
def persons(app_context):
    """An at-risk and a confidential person with other spellings, and a normal namesake."""
    db.session.add_all([
        Person(full_name="Dinara Smailova", sensitivity=Sensitivity.AT_RISK,
               other_names=[PersonName(name="Динара Смаилова")]),
        Person(full_name="Marat Zhylanbaev", sensitivity=Sensitivity.CONFIDENTIAL),
        Person(full_name="Aigerim Normalova"),
    ])
    db.session.commit()


@pytest.mark.parametrize("written", [
    "Dinara Smailova", "dinara smailova", "DINARA SMAILOVA", "Dináră Smáilova",
    "Динара Смаилова", "динара смаилова", "Smailova Dinara", "Dinara\u00a0Smailova",
    "Dinara Smaİlova".replace("İ", "I"),
])
def test_every_spelling_is_masked(persons, written):
    text = f"Met the lawyer of {written} on Monday."
    assert mask(db.session, text, NORMAL) == f"Met the lawyer of {MASK} on Monday."


def test_masking_follows_the_readers_clearance(persons):
    text = "Dinara Smailova and Marat Zhylanbaev spoke; Aigerim Normalova listened."
    assert mask(db.session, text, NORMAL) == f"{MASK} and {MASK} spoke; Aigerim Normalova listened."
    cleared = (Sensitivity.NORMAL, Sensitivity.CONFIDENTIAL)
    assert mask(db.session, text, cleared) == \
        f"{MASK} and Marat Zhylanbaev spoke; Aigerim Normalova listened."
    assert mask(db.session, text, tuple(Sensitivity)) == text


def test_only_whole_names_are_masked(persons):
    text = "The Dinara Smailovaite family; DinaraSmailova; Smailova alone."
    assert mask(db.session, text, NORMAL) == text


def test_a_name_shared_with_a_visible_person_is_not_masked(persons):
    """Masking a name the reader can see on a normal record would reveal a hidden twin."""
    db.session.add(Person(full_name="Dinara Smailova"))
    db.session.commit()
    assert mask(db.session, "Dinara Smailova", NORMAL) == "Dinara Smailova"


def test_the_matcher_follows_renames_and_new_spellings(persons):
    assert mask(db.session, "Zhanna Q", NORMAL) == "Zhanna Q"
    person = db.session.scalar(select(Person).where(Person.full_name == "Dinara Smailova"))
    person.other_names.append(PersonName(name="Zhanna Q"))
    db.session.commit()
    assert mask(db.session, "Zhanna Q", NORMAL) == MASK
    person.sensitivity = Sensitivity.NORMAL
    db.session.commit()
    assert mask(db.session, "Zhanna Q and Dinara Smailova", NORMAL) == \
        "Zhanna Q and Dinara Smailova"


def test_folding_keeps_positions():
    text = "Ǆemal Ölçer — Наталья «Ёлкина» ’s"
    assert len(fold(text)) == len(text)
    assert "dinara smailova" in spellings_of("Dinara Smailova")
    assert "smailova dinara" in spellings_of("Dinara Smailova")
    assert "dinara smailova" in spellings_of("X", ["Динара Смаилова"])


def test_folding_ascii_as_bytes_folds_as_the_table_does():
    """``fold`` folds ASCII through bytes and the rest through the table: the same result as
    the table alone, for every kind of character (lone surrogates included)."""
    from app.security.masking.names import _FOLD

    samples = ["", "PLAIN ASCII-Text\twith `quotes`\r\n", "Ǆemal Ölçer — Наталья «Ёлкина» ’s",
               "MIXED Ärger\u00a0SMAILOVA\u2011Жыланбаев", "\ud800lone SURROGATE\udfff",
               "".join(chr(code) for code in range(0x2200)), "\U0001f600 EMOJI Ω"]
    for text in samples:
        assert fold(text) == text.translate(_FOLD)
        assert len(fold(text)) == len(text)
    assert fold("SMAILOVA\u2019S") == "smailova's"


@pytest.mark.parametrize("path", [
    "/meetings/{meeting}", "/cases/{open_case}", "/follow-ups/?scope=all", "/meetings/",
    "/search/?q=lawyer", "/search/?q=testified", "/debrief/event/{event}",
])
def test_pages_mask_names_in_free_text(app, client, low_officer, world, path):
    login(client, low_officer.email)
    body = client.get(path.format(**world)).get_data(as_text=True)
    assert not leaks(body), leaks(body)


def test_meeting_page_shows_the_mask_where_the_name_was(app, client, low_officer, world):
    login(client, low_officer.email)
    body = client.get(f"/meetings/{world['meeting']}").get_data(as_text=True)
    assert f"We spoke about {MASK} and her lawyer." in body


def test_a_cleared_reader_reads_the_name(app, client, admin, world):
    login(client, admin.email)
    body = client.get(f"/meetings/{world['meeting']}").get_data(as_text=True)
    assert f"We spoke about {AT_RISK_NAME} and her lawyer." in body


def test_saving_a_masked_text_keeps_the_hidden_name(app, client, low_officer, world):
    """An uncleared officer edits a note that names someone hidden: the name survives."""
    with app.app_context():
        meeting = db.session.get(Meeting, world["meeting"])
        meeting.outcome = f"Agreed to raise {AT_RISK_NAME}'s detention."
        db.session.commit()
        version = meeting.version
    login(client, low_officer.email)
    form = client.get(f"/meetings/{world['meeting']}/edit").get_data(as_text=True)
    assert f"Agreed to raise {MASK}" in form and AT_RISK_NAME not in form
    response = client.post(f"/meetings/{world['meeting']}/edit", data={
        "version": str(version), "title": "Meeting with the EEAS desk",
        "meeting_date": "2026-06-10", "starts_time": "09:00", "format": "in_person",
        "status": "held", "event_id": "", "their_attendees": [str(world["normal"])],
        "outcome": f"Agreed to raise {MASK}'s detention. Letter sent.",
        "notes": f"We spoke about {MASK} and her lawyer.",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        saved = db.session.get(Meeting, world["meeting"])
        assert saved.outcome == f"Agreed to raise {AT_RISK_NAME}'s detention. Letter sent."
        assert saved.notes == f"We spoke about {AT_RISK_NAME} and her lawyer."


def _markdown_text(content: bytes) -> str:
    """A Markdown pack as its reader sees it (the renderer escapes square brackets)."""
    return content.decode().replace("\\[", "[").replace("\\]", "]")


def test_external_pack_masks_names_whatever_the_issuers_clearance(app, world):
    with app.app_context():
        pack = build_meeting_pack(db.session, world["meeting"], "external",
                                  {"cases": [world["open_case"]]})
        issued = issue_pack(db.session, pack, "md", meeting_id=world["meeting"], via="test")
        db.session.commit()
        text = _markdown_text(issued.content)
        assert "Hearing postponed" not in text or MASK in text
        assert not leaks(text), leaks(text)
        stored = db.session.get(Pack, issued.id)
        assert [p.id for p in stored.persons_masked] == [] or \
            world["at_risk"] in [p.id for p in stored.persons_masked]


def test_internal_pack_for_an_uncleared_issuer_masks_and_records_the_masked(app, client,
                                                                             low_officer, world):
    login(client, low_officer.email)
    client.post(f"/meetings/{world['meeting']}/pack",
                data={"audience": "internal", "format": "md", "issue": "1"})
    with app.app_context():
        issued = db.session.scalars(select(Pack)).one()
        assert issued.sensitivity is Sensitivity.NORMAL
        assert not leaks(issued.content.decode())
        assert MASK in _markdown_text(issued.content)
        assert world["at_risk"] in [p.id for p in issued.persons_masked]


def test_matcher_with_twenty_thousand_persons_is_built_and_masks(app_context):
    """Correctness at scale (the timing is in ``make bench``: tests/bench_masking.py)."""
    from tests.bench_masking import plant_persons

    plant_persons(db.session, 20_000)
    found = matcher(db.session)
    assert len(found.owners) >= 20_000
    assert mask(db.session, "Nurlan Person-19999 met Timur Person-7.", NORMAL) == \
        f"{MASK} met {MASK}."
    assert mask(db.session, "Aliya Person-19999 met Timur Person-8.", NORMAL) == \
        "Aliya Person-19999 met Timur Person-8."


def test_saving_masked_encrypted_notes_keeps_the_hidden_name(app, client, low_officer, world):
    """Person notes are encrypted at rest; the name a reader saw masked survives their save."""
    with app.app_context():
        person = db.session.get(Person, world["normal"])
        person.notes = f"Shares a lawyer with {AT_RISK_NAME}."
        db.session.commit()
        version = person.version
    login(client, low_officer.email)
    form = client.get(f"/persons/{world['normal']}/edit").get_data(as_text=True)
    assert f"Shares a lawyer with {MASK}." in form and AT_RISK_NAME not in form
    response = client.post(f"/persons/{world['normal']}/edit", data={
        "full_name": "Aigerim Normalova", "sensitivity": "normal", "version": str(version),
        "notes": f"Shares a lawyer with {MASK}. Met again in May."})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        assert db.session.get(Person, world["normal"]).notes == \
            f"Shares a lawyer with {AT_RISK_NAME}. Met again in May."


def test_json_answers_keep_names_as_written_so_masking_sees_them(app):
    """A \\u-escaped Cyrillic name in a JSON answer would slip past the response masking."""
    with app.app_context():
        body = app.json.dumps({"label": "Болат Жыланбаев"})
    assert "Болат Жыланбаев" in body and "\\u" not in body
