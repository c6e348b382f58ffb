"""Record pages are bounded: each growing section shows its latest 10 rows, its total and a link
to its full list, which is paged; the queries do not grow with the rows; bad input is refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import render_template_string

from app.extensions import db
from app.models import (
    Case,
    Direction,
    FollowUp,
    Meeting,
    Person,
    Raising,
    Recommendation,
    Sensitivity,
    Stance,
    Theme,
)
from app.services.sections import SectionKind, Sections
from tests.factories import add
from tests.section_world import NEWEST, Shown, World, fill
from tests.support.queries import count_queries


def _part(html: str, anchor: str) -> str:
    """The HTML of the section whose heading has ``id=anchor``, up to the end of its card."""
    assert f'id="{anchor}"' in html, f"no section {anchor}"
    return html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def _numbers(html: str, marker: str) -> set[int]:
    return {int(n) for n in re.findall(rf"{re.escape(marker)}(\d{{3}})", html)}


def _expected(shown: Shown, total: int, count: int = 10) -> set[int]:
    return set(range(total - count, total)) if shown.first == NEWEST else set(range(count))


def _check_page(client, shown: Shown, total: int) -> None:
    response = client.get(shown.page + shown.query)
    assert response.status_code == 200, shown.page
    part = _part(response.get_data(as_text=True), shown.anchor)
    where = f"{shown.page}#{shown.anchor}"
    assert _numbers(part, shown.marker) == _expected(shown, total), where
    assert f'<span class="count">{total:,}</span>' in part, where
    assert f'href="{shown.full_list}"' in part and f"All {total:,}" in part, where


@pytest.fixture()
def world(app, officer):
    return World()


def test_each_section_shows_its_latest_rows_its_total_and_a_link(app, officer_client, officer,
                                                                 world):
    fill(app, world, 13, officer.id)
    for shown in world.sections():
        _check_page(officer_client, shown, 13)


def test_page_queries_do_not_grow_with_the_rows(app, officer_client, officer, world):
    fill(app, world, 12, officer.id)
    pages = sorted({s.page + s.query for s in world.sections()})

    def queries() -> dict[str, int]:
        counted = {}
        for url in pages:
            officer_client.get(url)
            with count_queries(app) as statements:
                assert officer_client.get(url).status_code == 200, url
            counted[url] = len(statements)
        return counted

    few = queries()
    fill(app, world, 48)
    assert queries() == few
    for shown in world.sections():
        _check_page(officer_client, shown, 60)


def test_full_lists_are_paged_and_their_queries_do_not_grow(app, officer_client, officer,
                                                           world):
    fill(app, world, 12, officer.id)
    lists = sorted({s.full_list for s in world.sections()})
    few = {}
    for url in lists:
        officer_client.get(url)
        with count_queries(app) as statements:
            officer_client.get(url)
        few[url] = len(statements)
    fill(app, world, 48)
    for shown in world.sections():
        first = officer_client.get(shown.full_list).get_data(as_text=True)
        assert _numbers(first, shown.marker) == _expected(shown, 60, 50), shown.full_list
        assert '<span class="count">60</span>' in first and 'rel="next"' in first
        second = officer_client.get(f"{shown.full_list}?page=2").get_data(as_text=True)
        assert _numbers(second, shown.marker) == (set(range(10)) if shown.first == NEWEST
                                                  else set(range(50, 60))), shown.full_list
        assert 'rel="prev"' in second and 'rel="next"' not in second
        back = shown.page.removesuffix("/pack").removesuffix("/brief")
        assert f'href="{back}#{shown.anchor}"' in first, shown.full_list
    for url in lists:
        with count_queries(app) as statements:
            officer_client.get(url)
        assert len(statements) == few[url], url


def test_bad_page_numbers_and_unknown_sections(app, officer_client, officer, world):
    fill(app, world, 12, officer.id)
    url = f"/persons/{world.ids['person']}/all/meetings"
    first = _numbers(officer_client.get(url).get_data(as_text=True), "Talk")
    for junk in ("-1", "0", "abc", "1.5", ""):
        response = officer_client.get(f"{url}?page={junk}")
        assert response.status_code == 200, junk
        assert _numbers(response.get_data(as_text=True), "Talk") == first, junk
    for huge in ("99999999999999999999", "2147483648"):
        assert officer_client.get(f"{url}?page={huge}").status_code == 404
    assert officer_client.get(f"{url}?page=2147483647").status_code == 404  # past the last
    for wrong in (f"/persons/{world.ids['person']}/all/nope",
                  f"/persons/{world.ids['person']}/all/",
                  f"/persons/{world.ids['person']}/all/schedule",
                  "/persons/999999/all/meetings", "/persons/0/all/meetings",
                  "/persons/99999999999999999999/all/meetings"):
        assert officer_client.get(wrong).status_code == 404, wrong


def test_hidden_rows_are_neither_shown_nor_counted(app, viewer_client):
    official = Person(full_name="Open Official")
    secret = Person(full_name="Secret Witness", sensitivity=Sensitivity.AT_RISK)
    hidden_case = Case(title="Hidden case", sensitivity=Sensitivity.CONFIDENTIAL)
    rec = Recommendation(text="Open ask", addressee="Authorities")
    add(app, official, secret, hidden_case, rec)
    with app.app_context():
        attendees = [db.session.get(Person, official.id), db.session.get(Person, secret.id)]
        for i in range(14):
            meeting = Meeting(title=f"Talk{i:03d}",
                              starts_at=datetime(2025, 1, 1 + i, tzinfo=UTC),
                              their_attendees=attendees)
            db.session.add(meeting)
            db.session.flush()
            hidden = i % 2 == 1
            db.session.add_all([
                Raising(meeting_id=meeting.id, person_id=official.id,
                        case_id=hidden_case.id if hidden else None,
                        recommendation_id=None if hidden else rec.id,
                        response=f"{'Covert' if hidden else 'Reply'}{i:03d}"),
                Raising(meeting_id=meeting.id, person_id=secret.id, recommendation_id=rec.id,
                        response=f"Whisper{i:03d}"),
                FollowUp(meeting_id=meeting.id, direction=Direction.THEIRS,
                         owner_person_id=official.id, case_id=hidden_case.id if hidden else None,
                         description=f"{'Quiet' if hidden else 'Promise'}{i:03d}")])
        db.session.commit()
    profile = viewer_client.get(f"/persons/{official.id}").get_data(as_text=True)
    raised = _part(profile, "raised")
    assert '<span class="count">7</span>' in raised and "Covert" not in profile
    assert _numbers(raised, "Reply") == {0, 2, 4, 6, 8, 10, 12}
    assert "All 7" not in raised  # 7 visible: no full list to offer
    assert '<span class="count">7</span>' in _part(profile, "their-commitments")
    assert "Quiet" not in profile and "Hidden case" not in profile
    for url in (f"/persons/{official.id}/all/raised", f"/recommendations/{rec.id}/all/raised",
                f"/recommendations/{rec.id}", f"/persons/{official.id}/all/their-commitments"):
        page = viewer_client.get(url).get_data(as_text=True)
        for secret_text in ("Covert", "Quiet", "Whisper", "Secret Witness", "Hidden case"):
            assert secret_text not in page, (url, secret_text)
    assert viewer_client.get(f"/persons/{secret.id}/all/meetings").status_code == 404
    assert viewer_client.get(f"/cases/{hidden_case.id}/all/updates").status_code == 404


def test_stance_per_theme_is_counted_with_the_latest_stance(app, officer_client, officer):
    speech, assembly, detention = (Theme(name="Free speech"), Theme(name="Assembly"),
                                   Theme(name="Detention"))
    official = Person(full_name="Counted Official")
    rec = Recommendation(text="Two themes", addressee="A", themes=[speech, assembly])
    case = Case(title="Themed case", themes=[detention])
    add(app, speech, assembly, detention, official, rec, case)
    stances = ([Stance.SUPPORTIVE] * 3 + [Stance.OPPOSED] * 2 + [None]
               + [Stance.NON_COMMITTAL])
    with app.app_context():
        for i, stance in enumerate(stances):
            meeting = Meeting(title=f"M{i}", starts_at=datetime(2025, 3, 1 + i, tzinfo=UTC))
            db.session.add(meeting)
            db.session.flush()
            db.session.add_all([
                Raising(meeting_id=meeting.id, person_id=official.id, recommendation_id=rec.id,
                        stance=stance),
                Raising(meeting_id=meeting.id, person_id=official.id, case_id=case.id,
                        stance=Stance.OPPOSED),
                Raising(meeting_id=meeting.id, person_id=official.id, theme_id=speech.id,
                        stance=None)])
        db.session.commit()
    part = _part(officer_client.get(f"/persons/{official.id}").get_data(as_text=True),
                 "stances")
    items = {li.split("</strong>")[0].rsplit(">", 1)[-1]:
             " ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in part.split("<li>")[1:]}
    assembly = items["Assembly"]
    assert "latest Non-committal 7 Mar 2025" in assembly and "raised 7 times" in assembly
    assert "Supportive 3 · Non-committal 1 · Opposed 2 · no stance recorded 1" in assembly
    assert "raised 14 times" in items["Free speech"]  # the rec's 7 and 7 on the theme itself
    assert "no stance recorded 8" in items["Free speech"]
    assert "latest Opposed" in items["Detention"] and "raised 7 times" in items["Detention"]


def test_big_totals_are_written_with_thousands(app):
    sections = Sections("persons", "person_id", "persons/_sections.html")
    kind = SectionKind("meetings", "Meetings with them", rows=lambda owner: None)
    with app.test_request_context():
        section = sections.shown(db.session, kind, Person(id=5), [], 1234)
        html = render_template_string(
            '{% from "_macros/sections.html" import section_heading, all_link %}'
            "{{ section_heading(s) }}{{ all_link(s) }}", s=section)
    assert '<span class="count">1,234</span>' in html
    assert 'href="/persons/5/all/meetings"' in html and "All 1,234" in html


def test_every_full_list_is_in_the_leak_sweep(app):
    """The sweep fetches every GET rule whose parameters it can fill with planted ids."""
    from tests.security.sweep_rules import PARAMETER_KINDS, SKIPPED_RULES

    lists = [r for r in app.url_map.iter_rules() if "/all/" in r.rule]
    assert len(lists) >= 25
    for rule in lists:
        assert rule.endpoint not in SKIPPED_RULES
        assert "GET" in rule.methods and set(rule.arguments) <= set(PARAMETER_KINDS), rule.rule


def test_stance_per_theme_shows_the_themes_raised_most_often(app, officer_client, officer):
    """One line per theme grew with the taxonomy: the profile shows the most raised ones and
    says how many there are, with a link to every answer."""
    from app.services.people.profiles import STANCE_THEMES

    themes = [Theme(name=f"Theme {i:02d}") for i in range(STANCE_THEMES + 3)]
    official = Person(full_name="Much Asked Official")
    add(app, *themes, official)
    with app.app_context():
        meeting = Meeting(title="Long agenda", starts_at=datetime(2025, 3, 1, tzinfo=UTC))
        db.session.add(meeting)
        db.session.flush()
        for i, theme in enumerate(themes):  # the last themes raised twice, the first once
            for _ in range(2 if i >= 3 else 1):
                db.session.add(Raising(meeting_id=meeting.id, person_id=official.id,
                                       theme_id=theme.id, stance=Stance.SUPPORTIVE))
        db.session.commit()
    page = officer_client.get(f"/persons/{official.id}").get_data(as_text=True)
    part = _part(page, "stances")
    shown = re.findall(r"<strong>(Theme \d+)</strong>", part)
    assert shown == [f"Theme {i:02d}" for i in range(3, STANCE_THEMES + 3)]  # in theme order
    assert f"The {STANCE_THEMES} themes raised most often with them, of 15" in " ".join(
        re.sub(r"<[^>]+>", " ", part).split())
    assert f'href="/persons/{official.id}/all/raised"' in part
