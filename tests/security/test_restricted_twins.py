"""Pentest finding 4: an officer cleared only for normal records adds an at-risk person Parley
already holds (on the person form or as a new person in the meeting log). Nothing warns them
(that would be an oracle), but the twin must reach cleared officers' review queue, so that what
is logged on it can be moved onto the restricted record."""

from __future__ import annotations

import re

from tests.security.helpers import meeting_log
from tests.support.pages import text_of
from tests.support.signing_in import login


def test_finding_4_a_new_namesake_of_an_at_risk_person_goes_to_the_review_queue(
        app, uncleared_client, uncleared, restricted, make_user):
    response = uncleared_client.post("/persons/new", data={
        "full_name": "Dinara Smailova", "sensitivity": "normal"})
    assert response.status_code == 302
    twin_url = response.headers["Location"]
    response = uncleared_client.post("/meetings/new",
                                     data=meeting_log("динара смаилова", uncleared.id))
    # Warned of the namesake they just added (in another script), never of the restricted one.
    assert response.status_code == 422
    warning = text_of(response)
    assert f'{twin_url}"' in warning and f'/persons/{restricted["dinara"]}"' not in warning
    response = uncleared_client.post("/meetings/new", data=meeting_log(
        "динара смаилова", uncleared.id, **{"new_persons-0-create_anyway": "y"}))
    assert response.status_code == 302

    cleared = make_user("officer", clearance="at_risk", email="cleared@parley.example")
    reviewer = app.test_client()
    login(reviewer, cleared.email)
    queue = text_of(reviewer.get("/review/"))
    items = re.findall(r'<li class="review-item[^"]*".*?</li>', queue, re.DOTALL)
    assert len(items) == 2
    assert all("Possible duplicate of a restricted record" in item for item in items)
    assert all(f'/persons/{restricted["dinara"]}"' in item for item in items)
    assert any(f'{twin_url}"' in item for item in items)
    assert "динара смаилова" in queue and "Nora Normal" in queue
