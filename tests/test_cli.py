"""Command-line user management."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Role, User


def test_create_user_from_environment_password(app, runner, monkeypatch):
    monkeypatch.setenv("PARLEY_PASSWORD", "a long enough passphrase 77")
    result = runner.invoke(args=["create-user", "--email", "New@Parley.example", "--name",
                                 "Nia New", "--role", "viewer"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.email, user.name, user.role) == ("new@parley.example", "Nia New", Role.VIEWER)


def test_create_user_from_prompt(app, runner, monkeypatch):
    monkeypatch.delenv("PARLEY_PASSWORD", raising=False)
    pw = "another long passphrase 99"
    result = runner.invoke(args=["create-user", "--email", "p@parley.example", "--name", "P"],
                           input=f"{pw}\n{pw}\n")
    assert result.exit_code == 0, result.output
    assert "Created officer p@parley.example." in result.output


def test_create_user_refuses_short_password_and_duplicates(app, runner, monkeypatch, officer):
    monkeypatch.setenv("PARLEY_PASSWORD", "short")
    result = runner.invoke(args=["create-user", "--email", "s@parley.example", "--name", "S"])
    assert result.exit_code != 0 and "at least 15 characters" in result.output
    monkeypatch.setenv("PARLEY_PASSWORD", "a long enough passphrase 77")
    result = runner.invoke(args=["create-user", "--email", officer.email, "--name", "Dup"])
    assert result.exit_code != 0 and "already exists" in result.output
    result = runner.invoke(args=["create-user", "--email", "not-an-email", "--name", "X"])
    assert result.exit_code != 0 and "Invalid email" in result.output


def test_ensure_admin_only_when_no_user(app, runner, monkeypatch):
    monkeypatch.delenv("PARLEY_ADMIN_PASSWORD", raising=False)
    monkeypatch.delenv("PARLEY_ADMIN_EMAIL", raising=False)
    result = runner.invoke(args=["ensure-admin"])
    assert result.exit_code == 0
    assert "Password (shown once" in result.output
    password = result.output.rsplit(": ", 1)[1].strip()
    client = app.test_client()
    response = client.post("/login", data={"email": "admin@parley.example", "password": password})
    assert response.status_code == 302
    again = runner.invoke(args=["ensure-admin"])
    assert "Users exist already" in again.output
    with app.app_context():
        assert len(db.session.scalars(select(User)).all()) == 1
