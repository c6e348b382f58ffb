"""Changing one's own password ends every other session."""

from tests.support.signing_in import PASSWORD, login

NEW = "a fresh passphrase for parley 2026"


def test_password_change_ends_other_sessions(app, officer):
    mine, other = app.test_client(), app.test_client()
    login(mine, officer.email)
    login(other, officer.email)
    response = mine.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW})
    assert response.status_code == 302
    assert "Password changed" in mine.get("/").get_data(as_text=True)
    assert other.get("/").status_code == 302  # the other session ended
    fresh = app.test_client()
    assert login(fresh, officer.email, PASSWORD).status_code == 401
    assert login(fresh, officer.email, NEW).status_code == 302


def test_password_change_refusals_are_shown_beside_fields(viewer_client):
    page = viewer_client.post("/account/password", data={
        "current_password": "not it at all", "new_password": "short",
        "confirm_password": "different"}).get_data(as_text=True)
    assert "Use at least 15 characters." in page
    assert "The two new passwords differ." in page
    page = viewer_client.post("/account/password", data={
        "current_password": "not it at all", "new_password": NEW,
        "confirm_password": NEW}).get_data(as_text=True)
    assert "This is not your current password." in page
