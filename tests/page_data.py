"""Data for measuring pages: a database filled at a size, and an admin who can sign in.

:func:`fill` is the one place that decides what data the page benchmark and the page-bounds
test run on.
"""

from __future__ import annotations

import pyotp

from app.models import Role, Sensitivity

#: The benchmark's admin (sees every record, so every page shows all it can).
ADMIN_EMAIL = "bench-admin@parley.example"
ADMIN_PASSWORD = "bench admin passphrase eleven quiet rivers"


def fill(session, scale: str = "medium", seed: int = 1) -> str:
    """Load data of ``scale`` into a migrated, empty database; returns what was loaded."""
    from app.services.demo import seed_demo

    seed_demo(session)
    return f"demo data (asked for {scale}, seed {seed}: the synthetic data is not available)"


def grow(session, factor: int) -> None:
    """Data growing with ``factor`` (for comparing the same pages at two sizes)."""
    from tests.pack_scenarios import build_history

    seed_demo_once(session)
    build_history(session, attendees=3 * factor, recommendations=6 * factor, cases=3 * factor,
                  earlier_meetings=10 * factor)


def seed_demo_once(session) -> None:
    """The demo data (running it twice adds nothing)."""
    from app.services.demo import seed_demo

    seed_demo(session)


def create_admin(session) -> dict:
    """An admin cleared for everything, with a second factor: its email, password, TOTP secret
    and ten recovery codes (each signs in once, so every sign-in needs no wait for a new code).
    """
    from app.security.second_factor import enable_second_factor
    from app.services.accounts import create_account

    user = create_account(session, email=ADMIN_EMAIL, name="Bench Admin", role=Role.ADMIN,
                          clearance=Sensitivity.AT_RISK, password=ADMIN_PASSWORD)
    secret = pyotp.random_base32()
    codes = enable_second_factor(session, user, secret, pyotp.TOTP(secret).now())
    return {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "secret": secret,
            "recovery_codes": list(codes)}


def sign_in(client, admin: dict) -> None:
    """Sign a Flask test client in as the admin of :func:`create_admin` (one recovery code)."""
    response = client.post("/login", data={"email": admin["email"],
                                           "password": admin["password"]})
    if response.status_code == 302 and "/login/code" in response.headers.get("Location", ""):
        response = client.post(response.headers["Location"],
                               data={"code": admin["recovery_codes"].pop()})
    if response.status_code != 302 or "/login" in response.headers.get("Location", ""):
        raise RuntimeError(f"the benchmark admin could not sign in ({response.status_code})")
