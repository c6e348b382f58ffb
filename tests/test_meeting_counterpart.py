"""Who sits across the table at a meeting (read from the attendees' posts on the day, else the
event), and the tracker's "never raised with" by the same rule."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from markupsafe import escape
from sqlalchemy import select

from app.demo.build import seed_demo
from app.extensions import db
from app.models import (
    Affiliation,
    DialogueEvent,
    EventKind,
    Meeting,
    Organisation,
    OrganisationKind,
    Person,
    Raising,
    Recommendation,
    Sensitivity,
)
from app.security.visibility import levels_for
from app.services.reporting import tracker
from app.services.substance.addressees import (
    Party,
    event_counterpart,
    meeting_counterpart,
    read_counterpart,
)
from tests.support.queries import count_queries

A, E, M, I, O = (Party.AUTHORITIES, Party.EU, Party.MEMBER_STATE, Party.INTERNATIONAL,
                 Party.OTHER)


# ---- who sits across the table ----------------------------------------------------------------

DAY = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


def _org(name: str, kind: OrganisationKind) -> Organisation:
    org = Organisation(name=name, kind=kind)
    db.session.add(org)
    return org


def _official(name: str, org: Organisation | None, start: date | None = None,
              end: date | None = None, **values) -> Person:
    person = Person(full_name=name, **values)
    db.session.add(person)
    if org is not None:
        db.session.add(Affiliation(person=person, organisation=org, role="Official",
                                   start_on=start, end_on=end))
    return person


def _meeting(title: str, persons: list[Person], event: DialogueEvent | None = None) -> Meeting:
    meeting = Meeting(title=title, starts_at=DAY, event=event, their_attendees=persons)
    db.session.add(meeting)
    db.session.flush()
    return meeting


@pytest.fixture()
def table(app_context):
    """Organisations of each kind and officials in them (one post ended before the day)."""
    orgs = {kind: _org(f"Org {kind.value}", kind) for kind in OrganisationKind}
    people = {
        "minister": _official("Deputy Minister", orgs[OrganisationKind.GOVERNMENT]),
        "prosecutor": _official("Prosecutor", orgs[OrganisationKind.GOVERNMENT],
                                start=date(2020, 1, 1)),
        "desk": _official("EEAS Desk", orgs[OrganisationKind.EU_INSTITUTION]),
        "mep": _official("MEP", orgs[OrganisationKind.EU_INSTITUTION]),
        "attache": _official("Attaché", orgs[OrganisationKind.MEMBER_STATE]),
        "former": _official("Former Minister", orgs[OrganisationKind.GOVERNMENT],
                            start=date(2015, 1, 1), end=date(2026, 6, 9)),
        "future": _official("Minister To Be", orgs[OrganisationKind.GOVERNMENT],
                            start=date(2026, 6, 11)),
        "journalist": _official("Journalist", orgs[OrganisationKind.MEDIA]),
        "nobody": _official("No Post", None),
        "hidden": _official("Hidden Official", orgs[OrganisationKind.GOVERNMENT],
                            sensitivity=Sensitivity.AT_RISK),
    }
    db.session.flush()
    return people


def test_meeting_counterpart_is_the_majority_of_their_posts_on_the_day(table):
    p = table
    assert meeting_counterpart(db.session, _meeting("Gov", [p["minister"], p["prosecutor"]])) is A
    assert meeting_counterpart(db.session, _meeting("EU", [p["desk"], p["mep"]])) is E
    assert meeting_counterpart(db.session, _meeting("MS", [p["attache"]])) is M
    # a majority wins; on a tie the government does
    assert meeting_counterpart(db.session, _meeting(
        "EU+", [p["desk"], p["mep"], p["minister"]])) is E
    assert meeting_counterpart(db.session, _meeting("Tie", [p["desk"], p["minister"]])) is A
    assert meeting_counterpart(db.session, _meeting(
        "Press", [p["journalist"], p["nobody"]])) is O
    # a post ended the day before, or starting after, does not count
    assert meeting_counterpart(db.session, _meeting(
        "Former", [p["former"], p["future"], p["desk"]])) is E


def test_meeting_counterpart_is_one_query(table, app):
    meeting = _meeting("EU", [table["desk"], table["mep"], table["minister"]])
    with count_queries() as statements:
        assert meeting_counterpart(db.session, meeting) is E
    assert len(statements) == 1, statements


def test_meeting_counterpart_falls_back_to_the_event(table):
    dialogue = DialogueEvent(title="Human Rights Dialogue", counterpart_country="Kazakhstan")
    upr = DialogueEvent(title="UPR", kind=EventKind.UPR_SESSION)
    conference = DialogueEvent(title="Conference", kind=EventKind.CONFERENCE)
    db.session.add_all([dialogue, upr, conference])
    nobody = [table["nobody"], table["former"]]
    assert read_counterpart(db.session, _meeting("D", nobody, dialogue)) == (
        A, "by the dialogue event: nobody across the table has a post on record")
    assert meeting_counterpart(db.session, _meeting("U", nobody, upr)) is I
    assert meeting_counterpart(db.session, _meeting("C", nobody, conference)) is O
    assert meeting_counterpart(db.session, _meeting("None", [], None)) is O
    assert event_counterpart(DialogueEvent(title="With Germany",
                                           counterpart_country="Germany")) is M


def test_a_hidden_attendees_post_counts_only_for_those_cleared(table):
    meeting = _meeting("Mixed", [table["hidden"], table["desk"]])
    assert meeting_counterpart(db.session, meeting) is A  # 1 government, 1 EU: a tie
    with levels_for(db.session, [Sensitivity.NORMAL]):
        assert meeting_counterpart(db.session, meeting) is E


# ---- the tracker's "never raised with" --------------------------------------------------------

def _recommendations() -> dict[str, Recommendation]:
    recs = {addressee: Recommendation(text=f"Ask of {addressee}.", short_title=f"To {addressee}",
                                      addressee=addressee, priority=n)
            for n, addressee in enumerate(("Kazakhstani authorities", "EU", "EU member states",
                                           "UN Human Rights Council", "Journalists"), start=1)}
    db.session.add_all(recs.values())
    db.session.flush()
    return recs


def test_never_raised_with_lists_what_is_for_these_people(table):
    recs = _recommendations()
    gov = _meeting("Gov", [table["minister"]])
    eu = _meeting("EU", [table["desk"]])
    db.session.add(Raising(meeting=eu, person=table["desk"],
                           recommendation=recs["EU member states"]))
    db.session.flush()

    def gap(meeting):
        counterpart = meeting_counterpart(db.session, meeting)
        shown, total = tracker.never_raised_with(
            db.session, [p.id for p in meeting.their_attendees], counterpart=counterpart)
        assert total == len(shown)
        return [r.addressee for r in shown]

    assert gap(gov) == ["Kazakhstani authorities"]
    assert gap(eu) == ["Kazakhstani authorities", "EU", "UN Human Rights Council", "Journalists"]
    # without a counterpart, everything never raised (as before)
    assert len(tracker.never_raised_with(db.session, [table["minister"].id])[0]) == 5


def test_the_tracker_page_lists_by_the_rule_and_says_which(app, officer_client):
    with app.app_context():
        seed_demo(db.session)
        db.session.commit()
        gov = db.session.scalar(select(Meeting).where(
            Meeting.title.startswith("Government delegation")))
        eeas = db.session.scalar(select(Meeting).where(
            Meeting.title.startswith("EEAS Central Asia desk")))
        eu_titles = [r.title for r in db.session.scalars(
            select(Recommendation).where(Recommendation.addressed_to == Party.EU))]
        ids = gov.id, eeas.id
    assert len(eu_titles) == 2

    def gap_of(meeting_id):
        html = officer_client.get(f"/tracker/?meeting={meeting_id}").get_data(as_text=True)
        listed = re.search(r'<ol class="gap-list">(.*?)</ol>', html, re.DOTALL).group(1)
        return html, listed

    html, listed = gap_of(ids[0])
    assert "<strong>Read as a government delegation</strong>" in html
    assert "Asks for a government delegation: those addressed to the authorities." in html
    assert not any(str(escape(title)) in listed for title in eu_titles)
    assert 'data-use="ask"' in listed and 'data-use="raise"' not in listed
    html, listed = gap_of(ids[1])
    assert "<strong>Read as the EU</strong>" in html
    assert "(by the posts of the people across the table on the day)" in html
    assert all(str(escape(title)) in listed for title in eu_titles)
    assert 'data-use="ask"' in listed and 'data-use="raise"' in listed
