"""Building a pack takes the same number of SQL queries whatever the history."""

from __future__ import annotations

from app.extensions import db
from app.models import Meeting
from app.security.masking import matcher
from app.services.packs.build import build_event_brief, build_meeting_pack
from app.services.packs.offers import CASES_CHOSEN, RECOMMENDATIONS_CHOSEN
from app.services.packs.render_html import render_html
from tests.pack_scenarios import build_history
from tests.support.queries import count_queries


def _pack_queries(meeting_id: int) -> tuple[int, dict]:
    db.session.expire_all()
    matcher(db.session)  # the name matcher is built once per process, not per pack
    with count_queries() as statements:
        pack = build_meeting_pack(db.session, meeting_id, "internal")
        render_html(pack)
    return len(statements), pack


def test_query_count_does_not_grow_with_history(app_context):
    small = build_history(db.session, attendees=1, recommendations=1, cases=1, earlier_meetings=1)
    large = build_history(db.session, attendees=10, recommendations=40, cases=15,
                          earlier_meetings=200)
    db.session.commit()

    small_count, small_pack = _pack_queries(small)
    large_count, large_pack = _pack_queries(large)

    assert len(large_pack["across"]) == 10
    # By default the pack holds the first few of the recommendations and cases proposed.
    assert len(large_pack["annexes"]["recommendations"]) == RECOMMENDATIONS_CHOSEN
    assert len(large_pack["annexes"]["cases"]) == CASES_CHOSEN
    # 200 earlier meetings: the latest 100 are read, the latest named.
    assert large_pack["across"][0]["times_met"] == 100
    assert len(small_pack["across"]) == 1
    assert large_count == small_count
    # Every history section is its own bounded query (the latest few rows, cut in SQL).
    assert large_count <= 30, large_count


def test_event_brief_query_count_is_fixed(app_context):
    small = build_history(db.session, attendees=1, recommendations=1, cases=1, earlier_meetings=1)
    event_id = db.session.get(Meeting, small).event_id
    db.session.commit()
    db.session.expire_all()
    with count_queries() as few:
        build_event_brief(db.session, event_id, "internal")
    build_history(db.session, attendees=10, recommendations=40, cases=15, earlier_meetings=60)
    db.session.commit()
    db.session.expire_all()
    with count_queries() as many:
        build_event_brief(db.session, event_id, "internal")
    assert len(many) == len(few)
