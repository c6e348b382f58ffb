"""Data for measuring pages: a database filled at a size, and an admin who can sign in.

:func:`fill` (the page benchmark's named scales) and :func:`grow` (the page-bounds test's two
sizes) are the one place that decides what data pages are measured on: the synthetic data of
``flask seed-synthetic`` (app/services/synthetic).
"""

from __future__ import annotations

import pyotp

from app.models import Role, Sensitivity

#: The benchmark's admin (sees every record, so every page shows all it can).
ADMIN_EMAIL = "bench-admin@parley.example"
ADMIN_PASSWORD = "bench admin passphrase eleven quiet rivers"
#: The benchmark's officer (``--user officer``), with the same password.
OFFICER_EMAIL = "bench-officer@parley.example"

#: The page-bounds test's first set of data: every list longer than a page (50 rows, users
#: included), and the density of meetings, raisings and follow-ups per person of years of work;
#: seeded in about a second. The larger size adds nine times as much beside it (:func:`grow`).
BOUNDS_BASE = {
    "users": 60, "themes": 120, "organisations": 80, "persons": 150, "affiliations": 250,
    "sources": 60, "findings": 120, "recommendations": 120, "cases": 120, "events": 60,
    "meetings": 300, "attendees": 900, "raisings": 1500, "follow_ups": 600,
}
#: Audit events per set (the synthetic data writes one): a log longer than a page.
BOUNDS_AUDIT_EVENTS = 60


def fill(session, scale: str = "medium", seed: int = 1) -> str:
    """Load the synthetic data of ``scale`` into a migrated, empty database; says what."""
    from app.services.synthetic import seed_synthetic

    counts = seed_synthetic(session.get_bind(), scale, seed)
    return f"synthetic data, seed {seed} ({counts['meetings']} meetings)"


def bounds_scale(times: int, users: int):
    """:data:`BOUNDS_BASE` times ``times``, with ``users`` users (staff do not grow)."""
    from app.services.synthetic import Scale

    counts = {kind: count * times for kind, count in BOUNDS_BASE.items()}
    return Scale(name=f"page bounds x{times}", **{**counts, "users": users})


def grow(session, times: int = 1, seed: int = 1) -> None:
    """Add a set of synthetic data, :data:`BOUNDS_BASE` times ``times``, beside what is there.

    The first set (``seed`` 1) has the users; a later one (another seed) only the fewest
    users the synthetic data needs, so that the office's staff stays about the same.
    """
    from app.security.audit import record
    from app.services.synthetic import seed_synthetic
    from app.services.synthetic.scales import MINIMUM

    session.commit()
    users = BOUNDS_BASE["users"] if seed == 1 else MINIMUM["users"]
    seed_synthetic(session.get_bind(), bounds_scale(times, users), seed, force=True)
    if seed == 1:  # a full "due this week" on the dashboard from the first set on
        from datetime import date

        from sqlalchemy import text
        session.execute(text(
            "UPDATE follow_ups SET due_on = :day WHERE id IN (SELECT id FROM follow_ups "
            "WHERE status = 'open' AND archived_at IS NULL ORDER BY id LIMIT 15)"),
            {"day": date.today()})
    for n in range(BOUNDS_AUDIT_EVENTS * times):
        record(session, "login", entity_type="User", entity_id=1 + n % users, user_id=None)
    session.commit()


def create_admin(session) -> dict:
    """An admin cleared for everything, with a second factor: its email, password, TOTP secret
    and ten recovery codes (each signs in once, so every sign-in needs no wait for a new code).
    """
    return _user_with_factor(session, ADMIN_EMAIL, "Bench Admin", Role.ADMIN, Sensitivity.AT_RISK)


def create_officer(session) -> dict:
    """An officer cleared for normal records only, as :func:`create_admin` describes its
    admin: every query of its pages goes through the visibility rule, which an admin's skip.
    """
    return _user_with_factor(session, OFFICER_EMAIL, "Bench Officer", Role.OFFICER,
                             Sensitivity.NORMAL)


def _user_with_factor(session, email: str, name: str, role: Role, clearance: Sensitivity):
    from app.security.second_factor import enable_second_factor
    from app.services.admin.accounts import create_account

    user = create_account(session, email=email, name=name, role=role, clearance=clearance,
                          password=ADMIN_PASSWORD)
    secret = pyotp.random_base32()
    codes = enable_second_factor(session, user, secret, pyotp.TOTP(secret).now())
    return {"email": email, "password": ADMIN_PASSWORD, "secret": secret,
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
