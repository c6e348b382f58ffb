"""``flask send-reminders``: overdue and due-soon follow-ups by mail, never twice a day."""

from __future__ import annotations

import email
import shutil
from datetime import date, timedelta
from email import policy
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Direction, FollowUp, FollowUpStatus, ReminderLog, User
from app.services import reminders as service
from tests.demo_users import AMINA, JONAS, VERA

TODAY = date.today()


@pytest.fixture()
def outbox(app):
    """The app's outbox folder, empty at the start of the test."""
    folder = Path(app.instance_path) / "outbox"
    shutil.rmtree(folder, ignore_errors=True)
    app.config["SMTP_HOST"] = None
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _messages(folder: Path) -> dict[str, email.message.EmailMessage]:
    result = {}
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        result[message["To"]] = message
    return result


def test_each_officer_gets_their_overdue_and_due_soon_follow_ups(app, runner, demo, outbox):
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "No SMTP_HOST configured" in result.output and str(outbox) in result.output
    messages = _messages(outbox)
    assert set(messages) == {AMINA, JONAS}  # the viewer owns nothing and gets nothing
    amina = messages[AMINA].get_content()
    assert "Overdue (oldest first):" in amina
    overdue_part = amina.split("Overdue (oldest first):")[1].split("Due in the next")[0]
    first_item = overdue_part.strip().splitlines()[0]
    assert "Send the EEAS desk a one-page update on Marat Zhylanbaev's health" in first_item
    assert "14 days overdue" in first_item
    assert "Prepare the talking-point pack" not in amina  # due in 8 days: not yet
    jonas = messages[JONAS].get_content()
    assert "Share our trial-monitoring notes" in jonas and "3 days overdue" in jonas
    assert "Draft a background note on the Atajurt trial" in jonas
    assert "Send the EEAS desk" not in jonas
    assert "Send the MFA a written list" not in amina  # done long ago
    assert messages[AMINA]["Subject"].startswith("Parley follow-ups: 1 overdue")


def test_due_soon_means_the_next_seven_days(app, runner, demo, outbox):
    result = runner.invoke(args=["send-reminders", "--today",
                                 (TODAY + timedelta(days=1)).isoformat()])
    assert result.exit_code == 0, result.output
    assert "Prepare the talking-point pack" in _messages(outbox)[AMINA].get_content()


def test_second_run_the_same_day_sends_nothing_new(app, runner, demo, outbox):
    first = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0
    assert len(list(outbox.glob("*.eml"))) == 2
    second = runner.invoke(args=["send-reminders"])
    assert second.exit_code == 0
    assert "Nothing new to remind anyone of" in second.output
    assert len(list(outbox.glob("*.eml"))) == 2
    with app.app_context():
        logged = db.session.scalar(select(func.count()).select_from(ReminderLog))
        assert logged == 3  # Amina: 1 overdue; Jonas: 1 overdue and 1 due soon
    third = runner.invoke(args=["send-reminders", "--today",
                                (TODAY + timedelta(days=1)).isoformat()])
    assert third.exit_code == 0 and len(list(outbox.glob("*.eml"))) == 4  # a new day


def test_a_new_follow_up_due_later_the_same_day_is_sent_alone(app, runner, demo, outbox):
    runner.invoke(args=["send-reminders"])
    with app.app_context():
        jonas = db.session.scalar(select(User).where(User.email == JONAS))
        db.session.add(FollowUp(description="Call the embassy back", direction=Direction.OURS,
                                owner_user_id=jonas.id, due_on=TODAY))
        db.session.commit()
    result = runner.invoke(args=["send-reminders"])
    assert JONAS in result.output and AMINA not in result.output
    latest = max(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    body = email.message_from_bytes(latest.read_bytes(), policy=policy.default).get_content()
    assert "Call the embassy back" in body and "Share our trial-monitoring notes" not in body


def test_smtp_is_used_when_configured(app, runner, demo, outbox, monkeypatch):
    sent, calls = [], []

    class FakeSMTP:
        def __init__(self, host, port, timeout=None):
            calls.append(("connect", host, port))

        def starttls(self):
            calls.append(("starttls",))

        def login(self, user, password):
            calls.append(("login", user, password))

        def send_message(self, message):
            sent.append(message)

        def quit(self):
            calls.append(("quit",))

    monkeypatch.setattr(service.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "SMTP_HOST", "mail.example.org")
    monkeypatch.setitem(app.config, "SMTP_PORT", 2525)
    monkeypatch.setitem(app.config, "SMTP_USER", "parley")
    monkeypatch.setitem(app.config, "SMTP_PASSWORD", "s3cret")
    monkeypatch.setitem(app.config, "MAIL_FROM", "reminders@ngo.example")
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "Sent 2 reminder(s) through mail.example.org." in result.output
    assert calls[0] == ("connect", "mail.example.org", 2525)
    assert ("starttls",) in calls and ("login", "parley", "s3cret") in calls
    assert calls[-1] == ("quit",)
    assert {m["To"] for m in sent} == {AMINA, JONAS}
    assert all(m["From"] == "reminders@ngo.example" for m in sent)
    assert not list(outbox.glob("*.eml"))
    assert "s3cret" not in result.output


def test_bad_date_is_one_line_and_non_zero(runner, outbox):
    result = runner.invoke(args=["send-reminders", "--today", "31/12/2026"])
    assert result.exit_code != 0
    assert "use YYYY-MM-DD" in result.output


def test_inactive_officers_and_closed_follow_ups_are_left_out(app, demo):
    with app.app_context():
        jonas = db.session.scalar(select(User).where(User.email == JONAS))
        jonas.is_active_account = False
        db.session.commit()
        reminders = service.pending_reminders(db.session, TODAY)
        assert [r.user.email for r in reminders] == [AMINA]
        assert all(f.status is FollowUpStatus.OPEN for r in reminders for f in r.follow_ups)
        assert VERA not in [r.user.email for r in reminders]
