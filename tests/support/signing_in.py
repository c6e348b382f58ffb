"""Signing in, in the test client and in the browser, second factor included.

Second factor: ``make_user`` (tests/factories.py) enrols admins with a TOTP secret, and
:func:`login` and :func:`browser_login` complete the code step with a code computed by pyotp.
Parley refuses a TOTP code whose 30-second time step is not newer than the last one used
(replay), and tests sign the same user in several times within one step; so :func:`totp_code`
first moves the user's stored counter back in the test database, then returns the current
code. The replay rule itself is tested without this help in tests/security/test_second_factor.py.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pyotp
from sqlalchemy import func, select

from app.extensions import db
from app.models import User

PASSWORD = "correct battery horse staple 42"
#: The session's app, for :func:`browser_login` (which only gets a page and a URL).
SESSION_APP: dict = {}


def totp_code(app, email: str) -> str | None:
    """The current TOTP code of a user (``None`` without a factor), counter moved back first.

    Moving the stored last-used counter back lets a test sign one user in twice within one
    30-second step; nothing outside the tests ever does this.
    """
    with app.app_context():
        user = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
        if user is None or not user.has_second_factor:
            return None
        user.totp_last_counter = None
        db.session.commit()
        secret = user.totp_secret
        db.session.remove()
    return pyotp.TOTP(secret).now()


def login(client, email: str, password: str = PASSWORD):
    """Sign ``client`` in, completing the code step when the user has a second factor.

    Returns the last response: the password step's, or the code step's when there is one.
    """
    response = client.post("/login", data={"email": email, "password": password})
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.split("?")[0].endswith("/login/code"):
        code = totp_code(client.application, email)
        response = client.post(location, data={"code": code})
    return response


def signed_in(client, user):
    """``client`` signed in as ``user`` (the sign-in must succeed)."""
    assert login(client, user.email).status_code == 302
    return client


def reauth(client, email: str, password: str = PASSWORD, next_path: str = "/"):
    """Confirm it is you on the re-authentication page (password, and a code when set up)."""
    data = {"password": password}
    code = totp_code(client.application, email)
    if code:
        data["code"] = code
    return client.post(f"/reauth?{urlencode({'next': next_path})}", data=data)


def browser_login(tab, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    tab.goto(f"{base_url}/login")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(lambda url: url.split("?")[0] in (f"{base_url}/", f"{base_url}/login/code"))
    if tab.url.split("?")[0] == f"{base_url}/login/code":
        tab.get_by_label("Code").fill(totp_code(SESSION_APP["app"], email))
        tab.get_by_role("button", name="Verify").click()
    tab.wait_for_url(f"{base_url}/")
