"""Addressee-aware selection: how an addressee is read (``party_of``), what it is for with whom
(``use_for``), who sits across the table (``meeting_counterpart``), the stored column and its
backfill, and the tracker's "never raised with" list that follows the same rule."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select, text

from app.demo.build import seed_demo
from app.extensions import db
from app.models import (
    Recommendation,
)
from app.services.search.backends import backend_for
from app.services.substance.addressees import (
    USES,
    Party,
    Use,
    parties_for,
    party_of,
    rule_summary,
    use_for,
)

A, E, M, I, O = (Party.AUTHORITIES, Party.EU, Party.MEMBER_STATE, Party.INTERNATIONAL,
                 Party.OTHER)


# ---- how an addressee is read ------------------------------------------------------------------

@pytest.mark.parametrize("addressee, party", [
    # the authorities: by institution, by the state's name, or a state named alone (UPR)
    ("Kazakhstani authorities", A), ("Authorities", A), ("the authorities", A),
    ("AUTHORITIES OF KAZAKHSTAN", A), ("Government of Kazakhstan", A),
    ("the Kazakh Government", A), ("Parliament of Kazakhstan", A), ("Mazhilis", A),
    ("Prosecutor General's Office", A), ("Prosecutor General’s Office", A),
    ("Supreme Court of Kazakhstan", A), ("Ministry of Information and Media", A),
    ("Uzbek authorities", A), ("Kyrgyz authorities", A), ("Valdorian authorities", A),
    ("Kazakhstan", A), ("Republic of Kazakhstan", A), ("Valdoria", A), ("Türkiye", A),
    ("Ombudsman", A), ("the State", A), ("  kazakhstani   authorities ", A),
    # the EU, its institutions and people; "the EU and its member states" is the EU
    ("EU", E), ("eu", E), ("European Union", E), ("the EU and its member states", E),
    ("European Union institutions", E), ("EEAS", E), ("EU delegation", E),
    ("Delegation of the European Union to Kazakhstan", E), ("European Parliament", E),
    ("European Commission", E), ("MEPs", E), ("High Representative/Vice-President", E),
    ("Council of the EU", E), ("EU Special Representative for Human Rights", E),
    # member states: the phrase, or one named by country or adjective
    ("EU member states", M), ("EU Member States", M), ("member states", M),
    ("Member States of the European Union", M), ("Germany", M), ("German embassy", M),
    ("Embassy of France in Astana", M), ("the Netherlands", M), ("Czech Republic", M),
    ("Germany and other EU member states", M),
    # international bodies (the Council of Europe is not the EU)
    ("UN Human Rights Council", I), ("United Nations", I), ("Council of Europe", I),
    ("OSCE/ODIHR", I), ("Special Rapporteur on freedom of expression", I),
    ("UN Committee against Torture", I), ("European Court of Human Rights", I),
    ("UN member states", I), ("the international community", I), ("Venice Commission", I),
    # anyone else, or unknown
    ("Kazakh civil society", O), ("NGOs", O), ("Donors", O), ("Journalists", O),
    ("Amnesty International", O), ("business", O), ("", O), ("   ", O), (None, O),
    ("ABC", O), ("our partners", O), ("x", O),
])
def test_party_of_reads_many_spellings(addressee, party):
    assert party_of(addressee) is party


def test_party_labels_read_as_the_page_says():
    assert [p.label for p in Party] == ["the authorities", "the EU", "EU member states",
                                        "an international body", "someone else"]
    assert Party.AUTHORITIES.across_label == "a government delegation"


def test_every_demo_and_synthetic_addressee_is_read():
    from app.demo.data import load_demo_data
    from app.services.synthetic import texts, words

    demo_addressees = {r["addressee"] for r in load_demo_data()["recommendations"]}
    assert {party_of(addressee) for addressee in demo_addressees} == {A, E}
    for country in words.COUNTERPARTS:
        assert party_of(f"{texts.ADJECTIVES[country]} authorities") is A, country
    assert party_of("European Parliament") is E and party_of("EU member states") is M


# ---- what a recommendation is for, with whom -----------------------------------------------------

@pytest.mark.parametrize("addressee, counterpart, use", [
    # asks to the authorities: asks for a government delegation, points for the others
    (A, A, Use.ASK), (A, E, Use.RAISE), (A, M, Use.RAISE), (A, I, Use.RAISE),
    # asks to the EU: asks only for the EU
    (E, E, Use.ASK), (E, A, Use.NONE), (E, M, Use.NONE), (E, I, Use.NONE),
    # asks to member states: asks for a member state, points for the EU
    (M, M, Use.ASK), (M, E, Use.RAISE), (M, A, Use.NONE), (M, I, Use.NONE),
    # an international body's: asks for it, points for the EU and member states
    (I, I, Use.ASK), (I, E, Use.RAISE), (I, M, Use.RAISE), (I, A, Use.NONE),
    # anyone else's: asks for nobody, points for the EU and member states
    (O, E, Use.RAISE), (O, M, Use.RAISE), (O, A, Use.NONE), (O, I, Use.NONE),
])
def test_use_for_follows_the_table(addressee, counterpart, use):
    assert use_for(addressee, counterpart) is use


def test_with_civil_society_everything_is_a_point_to_raise_and_the_table_is_whole():
    assert {use_for(party, O) for party in Party} == {Use.RAISE}
    assert set(USES) == set(Party) and all(set(row) == set(Party) for row in USES.values())
    assert [p for p in Party if use_for(p, E) is Use.ASK] == [E]  # the EU's own asks only
    assert parties_for(A) == (A,)
    assert parties_for(E) == (A, E, M, I, O)
    assert parties_for(M, (Use.ASK,)) == (M,)
    assert use_for("authorities", "eu") is Use.RAISE  # stored strings work too


def test_rule_summary_names_the_rule_in_words():
    assert rule_summary(A) == "Asks for a government delegation: those addressed to the " \
                              "authorities."
    assert rule_summary(E) == ("Asks for the EU: those addressed to the EU. Points for the EU "
                               "to raise: those addressed to the authorities, member states, "
                               "international bodies and anyone else.")
    assert rule_summary(O).startswith("Points for civil society, media or others to raise")


# ---- the stored column ------------------------------------------------------------------------

def test_the_column_follows_the_addressee_whenever_it_is_set(app_context):
    rec = Recommendation(text="Name the cases in public.", addressee="EEAS")
    assert rec.addressed_to is E
    db.session.add(rec)
    db.session.commit()
    rec.addressee = "Government of Kazakhstan"
    db.session.commit()
    db.session.expire_all()
    stored = db.session.execute(text("SELECT addressed_to FROM recommendations")).scalar_one()
    assert stored == "authorities" and db.session.get(Recommendation, rec.id).addressed_to is A
    assert db.session.scalar(select(func.count()).where(
        Recommendation.addressed_to == Party.AUTHORITIES)) == 1


def test_the_demo_fills_the_column(app_context):
    seed_demo(db.session)
    db.session.flush()
    by_party = dict(db.session.execute(
        select(Recommendation.addressed_to, func.count()).group_by(Recommendation.addressed_to)
    ).tuples().all())
    assert by_party == {A: 20, E: 2}


def test_the_briefing_import_fills_the_column(app, runner, tmp_path):
    from tests.paper_fixtures import paper_bytes

    for name in ("open-letter.md", "un-summary.txt"):
        path = tmp_path / name
        path.write_bytes(paper_bytes(name))
        result = runner.invoke(args=["import-briefing", str(path), "--json"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.execute(
            select(Recommendation.addressee, Recommendation.addressed_to)).all()
    assert {(addressee, party) for addressee, party in rows} >= {
        ("EU", E), ("EU delegation", E), ("EU and its member states", E), ("Valdoria", A)}
    assert all(party is party_of(addressee) for addressee, party in rows)


@pytest.mark.truncate("the synthetic seeder writes through an engine connection of its own")
def test_the_synthetic_seeder_fills_the_column_as_the_model_reads(app_context):
    from app.services.synthetic import Scale, seed_synthetic

    scale = dataclasses.replace(Scale.factor(0.001), recommendations=60)
    seed_synthetic(db.engine, scale, 7, now=datetime(2026, 11, 30, tzinfo=UTC),
                   password="synthetic-password-123")
    rows = db.session.execute(select(Recommendation.addressee, Recommendation.addressed_to)).all()
    assert len(rows) == 60
    assert all(party is party_of(addressee) for addressee, party in rows)
    assert {A, E} <= {party for _, party in rows}


def test_the_form_and_the_page_say_how_the_addressee_was_read(app, officer_client):
    response = officer_client.post("/recommendations/new", data={
        "text": "Raise the cases of imprisoned journalists.", "addressee": "the EU delegation",
        "priority": "9"})
    page = response.get_data(as_text=True)
    assert "Give a priority from 1 to 5." in page
    assert "Read as: the EU." in page and 'value="the EU delegation"' in page  # nothing lost
    officer_client.post("/recommendations/new", data={
        "text": "Release imprisoned journalists.", "addressee": "Kazakhstani authorities",
        "priority": "1"})
    with app.app_context():
        rec = db.session.scalar(select(Recommendation))
        rec_id = rec.id
        assert rec.addressed_to is A
    page = officer_client.get(f"/recommendations/{rec_id}").get_data(as_text=True)
    assert re.search(r"<dt>Addressed to</dt><dd>Kazakhstani authorities "
                     r'<span class="muted addressee-reading">\(read as: the authorities\)', page)
    edit = officer_client.get(f"/recommendations/{rec_id}/edit").get_data(as_text=True)
    assert "Read as: the authorities." in edit


# ---- the migration ------------------------------------------------------------------------

BEFORE = "b3f6d2a8c514"
ADDRESSED_TO = "da52cf27958e"



def test_the_migration_backfills_by_the_same_rule_and_keeps_the_triggers(empty_db_app):
    addressees = ["Kazakhstani authorities", "EU", "the EU and its member states", "Germany",
                  "UN Human Rights Council", "Kazakh civil society", "Valdoria",
                  "Kazakhstani authorities"]
    with empty_db_app.app_context():
        upgrade(revision=BEFORE)
        for n, addressee in enumerate(addressees, start=1):
            db.session.execute(text(
                "INSERT INTO recommendations (id, text, addressee, priority, status, created_at, "
                "updated_at, version) VALUES (:id, :text, :addressee, 3, 'not_started', "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"),
                {"id": n, "text": f"Marker{n} ask", "addressee": addressee})
        db.session.commit()

        upgrade(revision=ADDRESSED_TO)
        stored = dict(db.session.execute(text(
            "SELECT id, addressed_to FROM recommendations")).tuples().all())
        assert [stored[n] for n in range(1, len(addressees) + 1)] == [
            "authorities", "eu", "eu", "member_state", "international", "other", "authorities",
            "authorities"]
        assert stored == {n: party_of(a).value for n, a in enumerate(addressees, start=1)}
        assert db.session.execute(text("SELECT version FROM recommendations WHERE id = 1")
                                  ).scalar_one() == 1  # not an edit
        indexes = {ix["name"] for ix in inspect(db.engine).get_indexes("recommendations")}
        assert "ix_recommendations_addressed_to" in indexes
        # The search index still follows the table (SQLite keeps it by triggers).
        db.session.execute(text("UPDATE recommendations SET text = 'Zebracrossing ask' "
                                "WHERE id = 2"))
        db.session.commit()
        assert backend_for(db.session).ids(db.session, "recommendations", ["zebracrossing"],
                                           5) == [2]
        db.session.remove()

        downgrade(revision=BEFORE)
        columns = {c["name"] for c in inspect(db.engine).get_columns("recommendations")}
        assert "addressed_to" not in columns and "addressee" in columns
        db.session.execute(text("UPDATE recommendations SET text = 'Quagmire ask' WHERE id = 3"))
        db.session.commit()
        assert backend_for(db.session).ids(db.session, "recommendations", ["quagmire"], 5) == [3]
        db.session.remove()
