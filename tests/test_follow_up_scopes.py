"""Follow-ups in one scope, Mine or Team, with the same numbers on the dashboard and the list; past meetings still planned on the dashboard; what viewers see; a hostile next refused; one function per action and a bounded number of queries."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Direction,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingStatus,
    User,
)
from app.routing import safe_next
from app.services.follow_ups.changes import CHANGES, FollowUpAction
from app.services.follow_ups.lists import SECTION_PER_PAGE as PER
from tests.demo_users import AMINA, sign_in_demo
from tests.support.follow_up_forms import (
    count_in,
    follow_up_named,
    post_forms,
    section,
    switch,
)
from tests.support.queries import count_queries
from tests.support.signing_in import login

TODAY = date.today()


def test_mine_and_team_say_the_same_on_the_dashboard_and_the_list(app, client, demo):
    sign_in_demo(app, client, AMINA)
    for scope, label in (("mine", "Mine"), ("team", "Team")):
        dashboard = client.get(f"/?scope={scope}").get_data(as_text=True)
        overdue_link = re.search(r'<h2 id="overdue"><a href="([^"]+)"',
                                 section(dashboard, "overdue")).group(1)
        assert overdue_link == f"/follow-ups/?scope={scope}#overdue"
        listing = client.get(overdue_link.split("#")[0]).get_data(as_text=True)
        assert switch(dashboard)["Mine"][0] == switch(listing)["Mine"][0]
        assert switch(dashboard)["Team"][0] == switch(listing)["Team"][0]
        assert 'aria-current="true">' + label in listing.replace("\n", "")
        assert count_in(dashboard, "overdue") == count_in(listing, "overdue")
        assert count_in(dashboard, "week") == count_in(listing, "this_week")
    mine = client.get("/?scope=mine").get_data(as_text=True)
    team = client.get("/?scope=team").get_data(as_text=True)
    # the case: the team has overdue follow-ups that are not Amina's
    assert count_in(team, "overdue") > count_in(mine, "overdue") > 0
    assert switch(mine)["Team"][0] > switch(mine)["Mine"][0]
    with app.app_context():
        amina = db.session.scalar(select(User).where(User.email == AMINA))
        everyone = db.session.scalar(select(db.func.count(FollowUp.id)).where(
            FollowUp.status == FollowUpStatus.OPEN, FollowUp.due_on < TODAY))
        hers = db.session.scalar(select(db.func.count(FollowUp.id)).where(
            FollowUp.status == FollowUpStatus.OPEN, FollowUp.due_on < TODAY,
            FollowUp.owner_user_id == amina.id))
    assert count_in(team, "overdue") == everyone and count_in(mine, "overdue") >= hers
    # the list's switch keeps the filters and leaves the pages
    listing = client.get("/follow-ups/?direction=theirs&overdue_page=1").get_data(as_text=True)
    assert switch(listing)["Team"][1] == "/follow-ups/?direction=theirs&scope=team"


def test_the_switch_counts_follow_the_other_filters(app, officer_client, desk):
    theirs = officer_client.get("/follow-ups/?direction=theirs").get_data(as_text=True)
    assert switch(theirs)["Mine"][0] == 2 and switch(theirs)["Team"][0] == 2
    ours = officer_client.get("/follow-ups/?direction=ours").get_data(as_text=True)
    assert switch(ours)["Mine"][0] == 30 and switch(ours)["Team"][0] == 31
    team = officer_client.get(switch(ours)["Team"][1]).get_data(as_text=True)
    assert count_in(team, "overdue") == 31 and "Kim calls the embassy" not in team  # page 2
    page_2 = officer_client.get(switch(ours)["Team"][1] + "&overdue_page=2")
    assert "Kim calls the embassy" in section(page_2.get_data(as_text=True), "overdue")
    odd = officer_client.get("/follow-ups/?endpoint=x&_external=1&_scheme=javascript&direction=ours")
    assert odd.status_code == 200  # only the filters are carried to the other scope
    assert switch(odd.get_data(as_text=True))["Team"][1] == "/follow-ups/?direction=ours&scope=team"


def test_past_planned_meetings_are_to_log_on_the_dashboard(app, officer_client, officer,
                                                           make_user):
    other = make_user(name="Other Officer")
    with app.app_context():
        me, them = db.session.get(User, officer.id), db.session.get(User, other.id)
        start = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)
        mine = [Meeting(title=f"Unlogged {n:02d}", starts_at=start - timedelta(days=n + 1),
                        status=MeetingStatus.PLANNED, our_attendees=[me]) for n in range(12)]
        db.session.add_all(mine + [
            Meeting(title="Their unlogged", starts_at=start - timedelta(days=1),
                    status=MeetingStatus.PLANNED, our_attendees=[them]),
            Meeting(title="Logged already", starts_at=start - timedelta(days=1),
                    status=MeetingStatus.HELD, our_attendees=[me]),
            Meeting(title="Still to come", starts_at=start + timedelta(days=2),
                    status=MeetingStatus.PLANNED, our_attendees=[me])])
        db.session.commit()
        first_id = mine[0].id
    page = officer_client.get("/").get_data(as_text=True)
    to_log = section(page, "to-log")
    assert "Log the outcome" in to_log and count_in(page, "to-log") == 12
    shown = re.findall(r"Unlogged (\d\d)", to_log)
    assert shown == [f"{n:02d}" for n in range(10)]  # the latest 10, latest first
    assert "The latest 10 of 12 shown." in to_log
    assert f'href="/meetings/{first_id}/edit"' in to_log
    assert "Their unlogged" not in to_log and "Logged already" not in to_log
    assert "Still to come" not in to_log
    team = section(officer_client.get("/?scope=team").get_data(as_text=True), "to-log")
    assert "Their unlogged" in team and '<span class="count">13</span>' in team
    with count_queries(app) as few:
        officer_client.get("/")
    with app.app_context():
        me = db.session.get(User, officer.id)
        db.session.add_all(Meeting(title=f"More unlogged {n}", status=MeetingStatus.PLANNED,
                                   starts_at=start - timedelta(days=30 + n), our_attendees=[me])
                           for n in range(40))
        db.session.commit()
    with count_queries(app) as many:
        page = officer_client.get("/").get_data(as_text=True)
    assert count_in(page, "to-log") == 52 and len(many) == len(few)


def test_a_viewer_sees_no_buttons_and_no_meetings_to_log(app, desk, make_user):
    viewer = make_user("viewer", clearance="at_risk")
    with app.app_context():
        db.session.add(Meeting(title="Unlogged one", status=MeetingStatus.PLANNED,
                               starts_at=datetime.now(UTC) - timedelta(days=3)))
        db.session.commit()
    client = app.test_client()
    login(client, viewer.email)
    page = client.get("/follow-ups/?scope=team").get_data(as_text=True)
    assert "Overdue task 00" in page and count_in(page, "overdue") == 33
    theirs = client.get("/follow-ups/?scope=team&direction=theirs").get_data(as_text=True)
    assert "Dana sends the draft law" in theirs and "one-click" not in theirs
    assert "one-click" not in page and "<th scope=\"col\">Actions</th>" not in page
    assert post_forms(page) == [f for f in post_forms(page) if f["action"] == "/logout"]
    dashboard = client.get("/?scope=team").get_data(as_text=True)
    assert "Log the outcome" not in dashboard and "Unlogged one" not in dashboard
    follow_up = follow_up_named(app, "Overdue task 00")
    detail = client.get(f"/follow-ups/{follow_up.id}").get_data(as_text=True)
    assert "+1 week" not in detail and "one-click" not in detail
    refused = client.post(f"/follow-ups/{follow_up.id}/one-click/done",
                          data={"version": follow_up.version, "next": "/follow-ups/"})
    assert refused.status_code == 403
    assert follow_up_named(app, "Overdue task 00").status is FollowUpStatus.OPEN


@pytest.mark.parametrize("hostile", [
    "https://evil.example/follow-ups/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
    "javascript:alert(1)", "/\t/evil.example", "/\n/evil.example", "http:/evil.example",
    "evil.example", " //evil.example",
])
def test_a_hostile_next_is_refused(app, officer_client, desk, hostile):
    assert safe_next(hostile) is None
    follow_up = follow_up_named(app, "Overdue task 00")
    response = officer_client.post(f"/follow-ups/{follow_up.id}/one-click/week",
                                   data={"version": follow_up.version, "next": hostile})
    assert response.status_code == 302
    assert response.headers["Location"] == "/follow-ups/"  # the list, not the hostile address
    detail = officer_client.get(f"/follow-ups/{follow_up.id}",
                                query_string={"next": hostile}).get_data(as_text=True)
    assert "evil.example" not in detail
    response = officer_client.post(f"/follow-ups/{follow_up.id}/broken", data={
        "broken-version": follow_up_named(app, "Overdue task 00").version, "broken-note": "x",
        "next": hostile})
    assert response.status_code == 400  # ours cannot be broken: the page, not a redirect
    assert "evil.example" not in response.get_data(as_text=True)


def test_reschedule_and_broken_on_the_page_return_to_where_the_officer_came_from(
        app, officer_client, desk):
    came_from = "/follow-ups/?scope=team&direction=theirs"
    page = officer_client.get(came_from).get_data(as_text=True)
    promise = follow_up_named(app, "Dana sends the draft law")
    link = re.search(rf'href="(/follow-ups/{promise.id}\?next=[^"]+)"', page).group(1)
    detail = officer_client.get(unescape(link)).get_data(as_text=True)
    assert f'<a href="{came_from}">← Follow-ups</a>'.replace("&", "&amp;") in detail
    response = officer_client.post(f"/follow-ups/{promise.id}/reschedule", data={
        "reschedule-version": promise.version, "reschedule-due_on": "2031-02-03",
        "reschedule-note": "After the session.", "next": came_from})
    assert response.status_code == 302 and response.headers["Location"] == came_from
    back = officer_client.get(came_from).get_data(as_text=True)
    assert "Rescheduled: Dana sends the draft law, now due 3 Feb 2031" in back
    assert "Dana sends the draft law" in section(back, "later")
    response = officer_client.post(f"/follow-ups/{promise.id}/broken", data={
        "broken-version": promise.version + 1, "broken-note": "Never sent.",
        "next": came_from})
    assert response.headers["Location"] == came_from
    back = officer_client.get(came_from).get_data(as_text=True)
    assert "Marked broken: Dana sends the draft law" in back
    assert "Never sent." in section(back, "closed")
    # from the dashboard: its rows link with the way back to it
    dashboard = officer_client.get("/?scope=team").get_data(as_text=True)
    assert re.search(r'href="/follow-ups/\d+\?next=/%3Fscope%3Dteam"', dashboard) or \
        re.search(r'href="/follow-ups/\d+\?next=/\?scope%3Dteam"', dashboard)


def test_every_action_has_one_function():
    assert set(CHANGES) == set(FollowUpAction)
    assert CHANGES[FollowUpAction.DONE].__code__.co_names[:1] == ("mark_done",)


def test_the_list_with_buttons_runs_the_same_queries_for_10_and_200_rows(app, officer_client,
                                                                         officer, desk):
    def add(n):
        with app.app_context():
            db.session.add_all(FollowUp(description=f"Bulk {i}", direction=Direction.OURS,
                                        owner_user_id=officer.id,
                                        due_on=TODAY - timedelta(days=i % 9))
                               for i in range(n))
            db.session.commit()

    add(10)
    officer_client.get("/follow-ups/")
    with count_queries(app) as few:
        page = officer_client.get("/follow-ups/?scope=team").get_data(as_text=True)
    assert page.count("/one-click/done") >= PER
    add(200)
    officer_client.get("/follow-ups/")
    with count_queries(app) as many:
        page = officer_client.get("/follow-ups/?scope=team").get_data(as_text=True)
    assert page.count("/one-click/") >= 50 and len(many) == len(few)



def _count_text(html: str, name: str) -> str:
    """The number beside a section's heading, as written ("25+")."""
    return re.search(r'<span class="count">([^<]+)</span>', section(html, name)).group(1)


def test_counts_past_the_cap_read_at_least_and_the_pages_still_turn(app, officer_client, desk,
                                                                     monkeypatch):
    """Past ``COUNT_CAP`` the counts say "25+" (the database stops counting there), the pager
    says "of 25+" and links the next page by its cursor, and a page past the end is a 404."""
    from app.services import listing

    monkeypatch.setattr(listing, "COUNT_CAP", 25)
    team = officer_client.get("/follow-ups/?direction=ours&scope=team").get_data(as_text=True)
    assert _count_text(team, "overdue") == "25+"  # 31 overdue, counted to 26
    nav = re.search(r'<nav class="scope-switch".*?</nav>', team, re.DOTALL).group(0)
    assert re.search(r'Team <span class="count">25\+</span>', nav)
    overdue = section(team, "overdue")
    assert "1–20 of 25+" in overdue
    next_link = unescape(re.search(r'<a href="([^"]+)" rel="next">', overdue).group(1))
    assert "overdue_cursor=" in next_link
    second = section(officer_client.get(next_link).get_data(as_text=True), "overdue")
    assert second.count("/one-click/done") == 11 and 'rel="next"' not in second
    assert "21–31 of 31" in second  # the last page knows the length
    assert officer_client.get("/follow-ups/?direction=ours&scope=team&overdue_page=2"
                              ).status_code == 200
    assert officer_client.get("/follow-ups/?direction=ours&scope=team&overdue_page=3"
                              ).status_code == 404
    dashboard = officer_client.get("/?scope=team").get_data(as_text=True)
    assert _count_text(dashboard, "overdue") == "25+"
    assert "All 25+ overdue follow-ups" in section(dashboard, "overdue")


def test_a_capped_count_reads_at_most_the_cap_and_an_exact_one_below_it(app, officer_client,
                                                                         desk, monkeypatch):
    from app.services import listing
    from app.services.listing import AtLeast, capped_counts

    with app.app_context():
        open_ours = select(FollowUp.id).where(FollowUp.status == FollowUpStatus.OPEN,
                                              FollowUp.direction == Direction.OURS)
        exact = len(db.session.scalars(open_ours).all())
        monkeypatch.setattr(listing, "COUNT_CAP", exact)
        assert capped_counts(db.session, {"n": open_ours}) == {"n": exact}
        monkeypatch.setattr(listing, "COUNT_CAP", exact - 1)
        counted = capped_counts(db.session, {"n": open_ours})["n"]
    assert isinstance(counted, AtLeast) and counted == exact - 1
    assert f"{AtLeast(1000):,}" == "1,000+" and str(AtLeast(1000)) == "1,000+"


def test_a_sum_of_capped_counts_reads_as_one_count_of_the_same_rows(monkeypatch):
    """The review page's switch adds up its sections for the scope shown: the sum is capped
    as the dashboard's one count of the same rows is, so both say the same."""
    from app.services import listing
    from app.services.listing import AtLeast, summed

    monkeypatch.setattr(listing, "COUNT_CAP", 1000)
    assert summed([3, 4, 0]) == 7 and not isinstance(summed([3, 4]), AtLeast)
    for counts in ([AtLeast(1000), 5], [600, 500]):
        total = summed(counts)
        assert isinstance(total, AtLeast) and f"{total:,}" == "1,000+"
    assert summed([1000]) == 1000 and not isinstance(summed([1000]), AtLeast)
