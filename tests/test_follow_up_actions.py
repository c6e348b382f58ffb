"""Acting on follow-ups from the list: one-click Done, "+1 week", Kept and Broken on each row,
back to the same page (scope, filters, page); one scope, Mine or Team, with the same numbers
on the dashboard and the list; past meetings still planned on the dashboard; a hostile
``next`` refused."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Direction,
    FollowUp,
    FollowUpStatus,
)
from app.services.follow_ups import changes
from app.services.follow_ups.changes import FollowUpAction
from app.services.follow_ups.lists import SECTION_PER_PAGE as PER
from tests.support.follow_up_forms import (
    count_in,
    follow_up_named,
    one_click_forms,
    press,
    section,
)

TODAY = date.today()


def test_done_from_the_second_page_returns_to_it_with_its_filters(app, officer_client, desk):
    url = f"/follow-ups/?scope=mine&direction=ours&event={desk['event']}&overdue_page=2"
    page = officer_client.get(url).get_data(as_text=True)
    overdue = section(page, "overdue")
    assert f"Overdue task {PER}" in overdue and f"Overdue task {PER - 1}" not in overdue  # page 2
    buttons = one_click_forms(page, "Overdue task 27")
    assert set(buttons) == {"Done", "+1 week"}  # ours: no Kept or Broken
    assert buttons["Done"]["fields"]["next"] == url + "#overdue"
    response = press(officer_client, buttons["Done"])
    assert response.status_code == 302
    assert response.headers["Location"] == url + "#overdue"
    after = officer_client.get(url).get_data(as_text=True)
    assert "Marked done: Overdue task 27" in after
    overdue = section(after, "overdue")
    assert "Overdue task 27" not in overdue and "Overdue task 26" in overdue
    assert count_in(after, "overdue") == 29
    assert 'value="ours" selected' in after or 'selected value="ours"' in after  # filter kept
    assert "Overdue task 27" in section(after, "closed")
    with app.app_context():
        row = db.session.scalar(select(FollowUp).where(FollowUp.description == "Overdue task 27"))
        assert row.status is FollowUpStatus.DONE
        assert [c.action for c in row.changes][:1] == ["done"]


def test_a_week_later_moves_the_due_date_and_keeps_the_page(app, officer_client, desk):
    url = "/follow-ups/?direction=ours"
    page = officer_client.get(url).get_data(as_text=True)
    response = press(officer_client, one_click_forms(page, "Overdue task 03")["+1 week"])
    assert response.headers["Location"] == url + "#overdue"
    after = officer_client.get(url).get_data(as_text=True)
    new_due = TODAY + timedelta(days=7)  # from today, as it was overdue
    assert f"Moved a week later: Overdue task 03, now due {new_due:%d %b %Y}".replace(
        " 0", " ") in after.replace(" 0", " ")
    assert "Overdue task 03" not in section(after, "overdue")
    assert "Overdue task 03" in section(after, "later")
    with app.app_context():
        row = db.session.scalar(select(FollowUp).where(FollowUp.description == "Overdue task 03"))
        assert row.due_on == new_due and row.status is FollowUpStatus.OPEN
        assert row.changes[0].action == "rescheduled"
        assert row.changes[0].from_due_on == TODAY - timedelta(days=37)


def test_a_week_later_counts_from_a_future_due_date(app, officer):
    with app.app_context():
        row = FollowUp(description="Later one", direction=Direction.OURS,
                       owner_user_id=officer.id, due_on=TODAY + timedelta(days=3))
        db.session.add(row)
        db.session.flush()
        changes.apply_change(db.session, row, changes.Change(FollowUpAction.WEEK_LATER),
                             officer.id)
        assert row.due_on == TODAY + timedelta(days=10)


def test_their_promise_is_kept_or_broken_from_its_row(app, officer_client, desk):
    url = "/follow-ups/?direction=theirs"
    page = officer_client.get(url).get_data(as_text=True)
    buttons = one_click_forms(page, "Dana sends the draft law")
    assert set(buttons) == {"Kept", "Broken", "+1 week"}  # no Done for their promise
    assert press(officer_client, buttons["Kept"]).headers["Location"] == url + "#overdue"
    page = officer_client.get(url).get_data(as_text=True)
    assert "Marked kept: Dana sends the draft law" in page
    assert "Dana sends the draft law" in section(page, "closed")
    press(officer_client, one_click_forms(page, "Dana confirms the visit")["Broken"])
    page = officer_client.get(url).get_data(as_text=True)
    assert "Marked broken: Dana confirms the visit" in page
    assert re.search(r"Kept\s*1<", page) and re.search(r"Broken\s*1<", page)
    with app.app_context():
        statuses = dict(db.session.execute(select(FollowUp.description, FollowUp.status).where(
            FollowUp.direction == Direction.THEIRS)).all())
    assert statuses == {"Dana sends the draft law": FollowUpStatus.DONE,
                        "Dana confirms the visit": FollowUpStatus.BROKEN}


def test_closing_the_only_row_of_the_last_page_returns_to_the_last_page(app, officer_client,
                                                                        desk):
    url = "/follow-ups/?direction=ours&overdue_page=2"
    for n in range(PER, 29):  # leave one row on page 2 (Overdue task 29)
        page = officer_client.get(url).get_data(as_text=True)
        press(officer_client, one_click_forms(page, f"Overdue task {n}")["Done"])
    page = officer_client.get(url).get_data(as_text=True)
    assert section(page, "overdue").count("<tr data-follow-up") == 1
    response = press(officer_client, one_click_forms(page, "Overdue task 29")["Done"])
    assert response.headers["Location"] == url + "#overdue"
    back = officer_client.get(url)
    assert back.status_code == 200
    assert "Marked done: Overdue task 29" in back.get_data(as_text=True)
    assert f"Overdue task {PER - 1}" in section(back.get_data(as_text=True), "overdue")  # last
    # any other request for a page past the last one still answers 404
    assert officer_client.get(url).status_code == 404


def test_a_stale_or_closed_row_is_said_and_changes_nothing(app, officer_client, desk):
    url = "/follow-ups/?direction=ours"
    page = officer_client.get(url).get_data(as_text=True)
    buttons = one_click_forms(page, "Overdue task 05")
    press(officer_client, buttons["+1 week"])  # the same page, pressed twice: the second is stale
    response = press(officer_client, buttons["Done"])
    assert response.headers["Location"] == url + "#overdue"
    after = officer_client.get(url).get_data(as_text=True)
    assert "Someone else changed this record while you were working on it" in after
    assert follow_up_named(app, "Overdue task 05").status is FollowUpStatus.OPEN
    follow_up = follow_up_named(app, "Overdue task 06")
    refused = officer_client.post(f"/follow-ups/{follow_up.id}/one-click/kept", data={
        "version": follow_up.version, "next": url})
    assert refused.headers["Location"] == url
    assert "Only a stakeholder&#39;s promise can be marked kept." in \
        officer_client.get(url).get_data(as_text=True)
    assert follow_up_named(app, "Overdue task 06").status is FollowUpStatus.OPEN
    assert officer_client.post(f"/follow-ups/{follow_up.id}/one-click/drop",
                               data={"next": url}).status_code == 404  # not a one-click change


def test_the_buttons_work_without_javascript_with_the_csrf_token(app, officer_client, desk,
                                                                 csrf_on):
    url = "/follow-ups/?scope=team"
    page = officer_client.get(url).get_data(as_text=True)
    done = one_click_forms(page, "Overdue task 10")["Done"]
    assert done["fields"]["csrf_token"]  # a plain form: token, version, where to return
    assert set(done["fields"]) == {"csrf_token", "version", "next"}
    forged = dict(done["fields"], csrf_token="")
    assert officer_client.post(done["action"], data=forged).status_code == 400
    assert follow_up_named(app, "Overdue task 10").status is FollowUpStatus.OPEN
    assert press(officer_client, done).headers["Location"] == url + "#overdue"
    assert follow_up_named(app, "Overdue task 10").status is FollowUpStatus.DONE
    # the filters are a GET form with its own button; the script only sends it on change
    assert re.search(r'<form method="get" action="/follow-ups/"[^>]*data-apply-on-change', page)
    assert '<button type="submit" class="button primary">Filter</button>' in page
    assert "/static/apply-filters.js" in page
    with app.test_client().get("/static/apply-filters.js") as response:
        script = response.get_data(as_text=True)
    assert "lookup:change" in script and "requestSubmit" in script

