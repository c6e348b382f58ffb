"""The review queue of possible twins of restricted persons: filled silently from the four ways a
person is created, shown only to officers cleared for the restricted person, merged or told
apart there."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Affiliation,
    Audience,
    AuditEvent,
    Case,
    Direction,
    DuplicateResolution,
    FollowUp,
    Meeting,
    Organisation,
    Pack,
    PackFormat,
    Person,
    PersonName,
    PossibleDuplicate,
    Raising,
    Sensitivity,
)
from app.services.people.person_merge import HANDLED_APART, PERSON_COLUMNS, PERSON_LINKS
from tests.security.helpers import PAPER, meeting_log, upload_contacts, upload_paper
from tests.support.pages import text_of
from tests.support.queries import count_queries
from tests.support.signing_in import signed_in

UNRESTRICTED = {"parley_unrestricted": True}


def _items() -> list[PossibleDuplicate]:
    return db.session.scalars(select(PossibleDuplicate).order_by(PossibleDuplicate.id)
                              .execution_options(**UNRESTRICTED)).all()


def _client_for(app, user):
    return signed_in(app.test_client(), user)


@pytest.fixture()
def reviewer(app, make_user):
    """A client signed in as an officer cleared for at-risk records."""
    return _client_for(app, make_user("officer", clearance="at_risk", name="Rita Reviewer",
                                      email="reviewer@parley.example"))


def _queue_twin(client) -> int:
    """The uncleared officer adds Dinara Smailova's twin; returns its id."""
    response = client.post("/persons/new", data={"full_name": "Dinara Smailova",
                                                 "sensitivity": "normal"})
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _by_person_form(client, user):
    client.post("/persons/new", data={"full_name": "D. Smailova", "sensitivity": "normal",
                                      "other_spellings": "ДИНАРА СМАИЛОВА"})
    return "D. Smailova"


def _by_meeting_log(client, user):
    client.post("/meetings/new", data=meeting_log("Dinara Smaylova", user.id))
    return "Dinara Smaylova"


def _by_contacts_csv(client, user):
    upload_contacts(client, "Full name;Email\nDinara S. Smailova;\n")
    client.post("/contacts/import/report")
    return "Dinara S. Smailova"


def _by_briefing_import(client, user):
    upload_paper(client, PAPER)
    client.post("/import/preview", data={"items": ["person-0"]})
    return "Dinara Smailova"


@pytest.mark.parametrize("create", [_by_person_form, _by_meeting_log, _by_contacts_csv,
                                    _by_briefing_import])
def test_each_way_of_creating_a_person_queues_a_twin(app, uncleared_client, uncleared,
                                                      restricted, create):
    name = create(uncleared_client, uncleared)
    uncleared_client.post("/persons/new", data={"full_name": "Zarina Nobodova",
                                                 "sensitivity": "normal"})
    with app.app_context():
        items = _items()
        assert [(i.new_person.full_name, i.restricted_person_id, i.created_by_id)
                for i in items] == [(name, restricted["dinara"], uncleared.id)]
        assert items[0].resolved_at is None and items[0].created_at is not None


def test_a_cleared_creator_queues_nothing(app, admin_client, restricted, runner, tmp_path):
    admin_client.post("/persons/new", data={"full_name": "Dinara Smailova", "create_anyway": "y",
                                             "sensitivity": "normal"})
    csv = tmp_path / "contacts.csv"
    csv.write_text("Full name\nDinara Smailowa\n", encoding="utf-8")
    runner.invoke(args=["import-contacts", str(csv)])
    with app.app_context():
        assert _items() == []


def test_the_queue_shows_each_item_only_to_those_cleared_for_it(app, make_user,
                                                                uncleared_client, restricted):
    with app.app_context():
        kai = Person(full_name="Kairat Confidential", sensitivity=Sensitivity.CONFIDENTIAL)
        db.session.add(kai)
        db.session.commit()
    _queue_twin(uncleared_client)
    uncleared_client.post("/persons/new", data={"full_name": "Kairat Confidential",
                                                 "sensitivity": "normal"})
    confidential = _client_for(app, make_user("officer", clearance="confidential"))
    admin = _client_for(app, make_user("admin"))
    readers = {"normal": (uncleared_client, []),
               "confidential": (confidential, ["Kairat Confidential"]),
               "admin": (admin, ["Dinara Smailova", "Kairat Confidential"])}
    for who, (client, expected) in readers.items():
        queue = text_of(client.get("/review/"))
        items = re.findall(r'<li class="review-item.*?</li>', queue, re.DOTALL)
        assert sorted(re.search(r"<h3>Restricted record</h3>\s*<p><a [^>]*>([^<]+)", item)
                      .group(1) for item in items) == expected, who
        dashboard = text_of(client.get("/"))
        if who == "normal":
            assert "Nothing to review." in queue
            assert "Review queue" not in dashboard and "Dinara" not in dashboard
        else:
            assert f'Review queue <span class="count">{len(expected)}</span>' in dashboard


def test_a_cleared_officer_merges_the_twin(app, uncleared_client, uncleared, restricted,
                                           reviewer):
    twin_id = _queue_twin(uncleared_client)
    with app.app_context():
        dinara = db.session.get(Person, restricted["dinara"])
        twin = db.session.get(Person, twin_id)
        twin.email, twin.phone = "other@shelter.example", "+382 20 555 010"
        twin.other_names = [PersonName(name="Динара Смаилова", script="Cyrillic"),
                            PersonName(name="Dinara Smajlova", script="Latin")]
        org = Organisation(name="Women's Shelter Podgorica")
        both = Meeting(title="Both attended", starts_at=datetime(2026, 6, 1, tzinfo=UTC),
                       their_attendees=[dinara, twin])
        alone = Meeting(title="Twin attended", starts_at=datetime(2026, 6, 2, tzinfo=UTC),
                        their_attendees=[twin])
        db.session.add_all([
            org, both, alone, Affiliation(person=twin, organisation=org, role="Director"),
            Raising(meeting=alone, person=twin, response="Asked for protection"),
            FollowUp(meeting=alone, owner_person=twin, direction=Direction.THEIRS,
                     description="Send the court papers"),
            Case(title="Case of D. Smailova", person=twin),
            Pack(meeting=alone, audience=Audience.INTERNAL, format=PackFormat.HTML, snapshot={},
                 filename="p.html", content_type="text/html", content=b"x",
                 persons_named=[twin]),
        ])
        db.session.commit()
        item_id = _items()[0].id

    queue = text_of(reviewer.get("/review/"))
    assert "Possible duplicate of a restricted record" in queue and "Nora Normal" in queue
    response = reviewer.post(f"/review/{item_id}/merge", follow_redirects=True)
    page = text_of(response)
    assert "“Dinara Smailova” merged into this record: 7 link(s) moved" in page
    assert "Dinara Smajlova" in page  # the new spelling now on the restricted record

    with app.app_context():
        run = lambda stmt: db.session.scalars(stmt.execution_options(**UNRESTRICTED)).all()
        rid = restricted["dinara"]
        assert {m.title for m in run(select(Meeting))
                if rid in [p.id for p in m.their_attendees]} == {"Both attended", "Twin attended"}
        assert all(twin_id not in [p.id for p in m.their_attendees] for m in run(select(Meeting)))
        assert [r.person_id for r in run(select(Raising))] == [rid]
        assert [f.owner_person_id for f in run(select(FollowUp))] == [rid]
        assert [a.person_id for a in run(select(Affiliation))] == [rid]
        case = run(select(Case).where(Case.title == "Case of D. Smailova"))[0]
        assert case.person_id == rid and case.sensitivity is Sensitivity.AT_RISK
        assert [p.id for p in run(select(Pack))[0].persons_named] == [rid]
        dinara = db.session.get(Person, rid)
        assert sorted(n.name for n in dinara.other_names) == [
            "Dinara Smajlova", "Dinara Smaylova", "Динара Смаилова"]
        assert dinara.email == "dinara@shelter.example" and dinara.phone == "+382 20 555 010"
        twin = db.session.get(Person, twin_id)
        assert twin.archived_at is not None and twin.sensitivity is Sensitivity.AT_RISK
        item = db.session.get(PossibleDuplicate, item_id)
        assert item.resolution is DuplicateResolution.MERGED and item.resolved_by_id is not None
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "merge"))
        assert audit.entity_id == rid and audit.changes["merged_person_id"] == twin_id
        assert audit.changes["moved"]["meeting_persons"] == 1
    assert "Nothing to review." in text_of(reviewer.get("/review/"))
    # The twin, and what was logged on it, are now out of the uncleared officer's sight.
    assert uncleared_client.get(f"/persons/{twin_id}").status_code == 404
    assert "Dinara" not in text_of(uncleared_client.get("/meetings/?q=Twin"))


def test_a_merge_takes_one_statement_per_table_whatever_the_links(app, make_user, restricted,
                                                                  uncleared_client, reviewer):
    def merge_with(links: int) -> int:
        twin_id = _queue_twin(uncleared_client)
        with app.app_context():
            twin = db.session.get(Person, twin_id)
            org = Organisation(name=f"Org {links}")
            for n in range(links):
                meeting = Meeting(title=f"M{n}", starts_at=datetime(2026, 6, 1, tzinfo=UTC),
                                  their_attendees=[twin])
                db.session.add_all([meeting, Raising(meeting=meeting, person=twin),
                                    Affiliation(person=twin, organisation=org, role="Role"),
                                    PersonName(person=twin, name=f"Spelling {links} {n}")])
            db.session.commit()
            item_id = db.session.scalar(select(PossibleDuplicate.id).where(
                PossibleDuplicate.new_person_id == twin_id))
        with count_queries(app) as queries:
            assert reviewer.post(f"/review/{item_id}/merge").status_code == 302
        return len(queries)

    assert merge_with(1) == merge_with(6)


def test_confirm_as_different_closes_the_item(app, uncleared_client, restricted, reviewer):
    twin_id = _queue_twin(uncleared_client)
    with app.app_context():
        item_id = _items()[0].id
    response = reviewer.post(f"/review/{item_id}/different", follow_redirects=True)
    assert "Marked as a different person; the item is closed." in text_of(response)
    assert "Nothing to review." in text_of(response)
    again = reviewer.post(f"/review/{item_id}/merge", follow_redirects=True)
    assert "Someone has already closed this item; nothing was changed." in text_of(again)
    with app.app_context():
        item = db.session.get(PossibleDuplicate, item_id)
        assert item.resolution is DuplicateResolution.DIFFERENT
        twin = db.session.get(Person, twin_id)
        assert twin.archived_at is None and twin.sensitivity is Sensitivity.NORMAL
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "review_different")).changes["new_person_id"] == twin_id


def test_who_may_not_act_gets_403_or_404_and_nothing_changes(app, make_user, uncleared_client,
                                                              restricted):
    twin_id = _queue_twin(uncleared_client)
    with app.app_context():
        item_id = _items()[0].id
    viewer = _client_for(app, make_user("viewer", clearance="at_risk"))
    assert viewer.get("/review/").status_code == 403
    assert viewer.post(f"/review/{item_id}/merge").status_code == 403
    assert "Review queue" not in text_of(viewer.get("/"))
    for action in ("merge", "different"):
        assert uncleared_client.post(f"/review/{item_id}/{action}").status_code == 404
    confidential = _client_for(app, make_user("officer", clearance="confidential"))
    assert confidential.post(f"/review/{item_id}/merge").status_code == 404
    assert confidential.post("/review/99999/merge").status_code == 404
    with app.app_context():
        assert _items()[0].resolved_at is None
        assert db.session.get(Person, twin_id).archived_at is None


def test_merge_needs_the_csrf_token(app, uncleared_client, restricted, reviewer, csrf_on):
    app.config["WTF_CSRF_ENABLED"] = False  # csrf_on switches it back off after the test
    _queue_twin(uncleared_client)
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        item_id = _items()[0].id
    response = reviewer.post(f"/review/{item_id}/merge")
    assert response.status_code == 400 and "Form expired" in text_of(response)
    queue = reviewer.get("/review/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', queue).group(1)
    assert reviewer.post(f"/review/{item_id}/merge", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        assert _items()[0].resolution is DuplicateResolution.MERGED


def test_the_queue_is_paginated(app, uncleared_client, restricted, reviewer):
    with app.app_context():
        twins = [Person(full_name=f"Twin {n}") for n in range(51)]
        db.session.add_all(twins)
        db.session.flush()
        db.session.add_all([PossibleDuplicate(new_person_id=t.id,
                                              restricted_person_id=restricted["dinara"])
                            for t in twins])
        db.session.commit()
    first = text_of(reviewer.get("/review/"))
    assert first.count('class="review-item') == 50 and 'rel="next"' in first
    second = text_of(reviewer.get("/review/?page=2"))
    assert second.count('class="review-item') == 1 and "Twin 50" in second
    assert reviewer.get("/review/?page=abc").status_code == 200


def test_every_person_foreign_key_is_merged(app):
    """A new table pointing at persons must be added to the merge (or handled apart)."""
    covered = {(model.__tablename__, column.key) for _, model, column in PERSON_COLUMNS}
    covered |= {(table.name, "person_id") for table, _ in PERSON_LINKS}
    found = set()
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "persons" and table.name not in HANDLED_APART:
                found.add((table.name, fk.parent.name))
    assert found == covered
