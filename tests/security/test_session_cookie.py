"""The session cookie is written back only when something in it changes: a background request
(the type-ahead) answering after a form's save cannot put back a cookie without the save's
flashed message. The idle timeout still ends a session left alone."""

from __future__ import annotations

import time


def test_a_plain_page_sends_no_new_session_cookie(officer_client):
    officer_client.get("/")
    response = officer_client.get("/lookup/persons?q=an")
    assert "session=" not in response.headers.get("Set-Cookie", "")


def test_an_idle_session_ends_and_a_seen_one_is_kept(app, officer_client):
    with officer_client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 60
    response = officer_client.get("/")
    assert response.status_code == 200
    assert "session=" in response.headers.get("Set-Cookie", "")  # seen again: written back
    with officer_client.session_transaction() as session:
        assert session["seen_at"] >= int(time.time()) - 5
        session["seen_at"] = int(time.time()) - app.config["PARLEY_IDLE_TIMEOUT"] - 1
    response = officer_client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
