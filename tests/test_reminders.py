"""``flask send-reminders``: overdue and due-soon follow-ups by mail, never twice a day."""

from __future__ import annotations

import email
import shutil
from datetime import UTC, date, datetime, timedelta
from email import policy
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Direction, FollowUp, FollowUpStatus, Meeting, ReminderLog, User
from app.services.follow_ups import reminders as service
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


def test_each_officer_is_reminded_on_their_own_day_with_times_in_their_zone(app, make_user,
                                                                            tmp_path):
    """At 21:30 UTC on 10 March it is already 11 March in Almaty: the Almaty officer's
    follow-up due on the 10th is a day overdue, the New York officer's is due today; the
    meeting it came from is shown at each officer's own clock."""
    almaty = make_user("officer", time_zone="Asia/Almaty", name="Aigerim")
    new_york = make_user("officer", time_zone="America/New_York", name="Nora")
    no_zone = make_user("officer", name="Uma")
    moment = datetime(2026, 3, 10, 21, 30, tzinfo=UTC)
    with app.app_context():
        meeting = Meeting(title="Round table", starts_at=datetime(2026, 3, 12, 9, tzinfo=UTC),
                          time_zone="Europe/Brussels")
        for user in (almaty, new_york, no_zone):
            db.session.add_all([
                FollowUp(description=f"Due on the tenth for {user.name}", meeting=meeting,
                         direction=Direction.OURS, owner_user_id=user.id,
                         due_on=date(2026, 3, 10)),
                FollowUp(description=f"Due on the eighteenth for {user.name}",
                         direction=Direction.OURS, owner_user_id=user.id,
                         due_on=date(2026, 3, 18))])
        db.session.commit()
        reminders = {r.user.name: r for r in service.pending_reminders(db.session, moment)}
        assert {name: r.today for name, r in reminders.items()} == {
            "Aigerim": date(2026, 3, 11), "Nora": date(2026, 3, 10), "Uma": date(2026, 3, 10)}
        assert [f.description for f in reminders["Aigerim"].overdue] == [
            "Due on the tenth for Aigerim"]
        # the 18th is within seven days of the 11th, not of the 10th
        assert [f.description for f in reminders["Aigerim"].due_soon] == [
            "Due on the eighteenth for Aigerim"]
        assert reminders["Nora"].overdue == []
        assert [f.description for f in reminders["Nora"].due_soon] == [
            "Due on the tenth for Nora"]
        texts = {name: service.compose(r, "parley@ngo.example").get_content()
                 for name, r in reminders.items()}
        assert "on 11 Mar 2026 (Asia/Almaty)" in texts["Aigerim"]
        assert "due 10 Mar 2026, 1 day overdue" in texts["Aigerim"]
        assert "from: Round table, 12 Mar 2026, 14:00 (Asia/Almaty)" in texts["Aigerim"]
        assert "on 10 Mar 2026 (America/New_York)" in texts["Nora"]
        assert "due 10 Mar 2026, today" in texts["Nora"]
        assert "from: Round table, 12 Mar 2026, 05:00 (America/New_York)" in texts["Nora"]
        assert "from: Round table, 12 Mar 2026, 09:00 (UTC)" in texts["Uma"]
        # sent on the officer's day: the same moment finds nothing new for her
        outbox = service.Outbox(tmp_path)
        service.send_reminder(db.session, reminders["Aigerim"], outbox, "parley@ngo.example")
        db.session.commit()
        assert db.session.scalars(select(ReminderLog.sent_on).where(
            ReminderLog.user_id == almaty.id)).all() == [date(2026, 3, 11)] * 2
        assert [path.name for path in tmp_path.iterdir()] == [
            f"2026-03-11-reminder-user{almaty.id}.eml"]
        again = {r.user.name for r in service.pending_reminders(db.session, moment)}
        assert again == {"Nora", "Uma"}
