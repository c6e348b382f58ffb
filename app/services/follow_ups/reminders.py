"""Reminder mail: each officer's overdue and due-soon follow-ups, at most once a day each.

"Today" is the officer's own day, in the time zone of their account (UTC when they set none):
at 23:00 UTC it is already tomorrow in Almaty, so what is overdue, due today or due soon, the
day the message speaks of and the times of the meetings it names are all theirs. What went out is kept in :class:`ReminderLog` (one row per officer, follow-up and day), so a
second run on the same day finds nothing new to send. Mail goes through SMTP when
``SMTP_HOST`` is set; otherwise each message is written as an ``.eml`` file into
``<instance>/outbox/``. Functions flush; the command commits after each message.
"""

from __future__ import annotations

import contextlib
import smtplib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, selectinload

from app.models import Direction, FollowUp, FollowUpStatus, Meeting, ReminderLog, Role, User
from app.security import masking
from app.security.visibility import levels_for
from app.services.meetings.time_zones import UTC_NAME, is_zone, local, when

#: Follow-ups due within this many days (today included) count as "due soon".
DUE_SOON_DAYS = 7


@dataclass
class Reminder:
    """One officer's message on their ``today``: what is overdue (oldest first) and what is
    due soon."""

    user: User
    today: date
    overdue: list[FollowUp] = field(default_factory=list)
    due_soon: list[FollowUp] = field(default_factory=list)

    @property
    def zone(self) -> str:
        """The officer's time zone (UTC when they set none)."""
        return self.user.time_zone if is_zone(self.user.time_zone) else UTC_NAME

    @property
    def follow_ups(self) -> list[FollowUp]:
        """Everything in the message, in the order shown."""
        return self.overdue + self.due_soon


def officers_day(user: User, moment: datetime | date) -> date:
    """The day it is for ``user`` at ``moment``, in their time zone (UTC when they set none);
    a day given as a date (``send-reminders --today``) is everyone's day."""
    if isinstance(moment, datetime):
        return local(moment, user.time_zone).date()
    return moment


def pending_reminders(session: Session, moment: datetime | date) -> list[Reminder]:
    """Reminders still to send at ``moment``: open follow-ups of ours, due by the officer's
    today + 7 days, owned by an active officer, and not yet in a reminder sent to them on
    their today (:func:`officers_day`).

    Each officer gets only what their clearance shows (the visibility rule, applied once per
    clearance level and day rather than once per officer).
    """
    latest = moment
    if isinstance(moment, datetime):  # the latest day anywhere: UTC+14 is at most a day ahead
        latest = (moment.astimezone(UTC) + timedelta(days=1)).date()
    officers = session.scalars(
        select(User).where(User.is_active_account.is_(True), User.role != Role.VIEWER)
        .where(User.id.in_(select(FollowUp.owner_user_id).where(_is_due(latest))))
    ).all()
    reminders = {officer.id: Reminder(officer, officers_day(officer, moment))
                 for officer in officers}
    groups: dict[tuple, list[int]] = {}
    for officer in officers:
        key = (tuple(officer.visible_levels), reminders[officer.id].today)
        groups.setdefault(key, []).append(officer.id)
    for (levels, today), user_ids in groups.items():
        with levels_for(session, levels):
            rows = session.scalars(
                select(FollowUp)
                .where(_is_pending(today), FollowUp.owner_user_id.in_(user_ids))
                .options(selectinload(FollowUp.meeting).selectinload(Meeting.event))
                .order_by(FollowUp.owner_user_id, FollowUp.due_on, FollowUp.id)
            ).all()
        for follow_up in rows:
            if follow_up.owner_user_id is None or follow_up.due_on is None:
                continue  # pending ones have both: they were chosen by owner and due date
            reminder = reminders[follow_up.owner_user_id]
            (reminder.overdue if follow_up.due_on < today else reminder.due_soon).append(follow_up)
    return [r for r in reminders.values() if r.follow_ups]


def _is_due(today: date):
    """Open follow-ups of ours, due within the window."""
    return and_(FollowUp.status == FollowUpStatus.OPEN, FollowUp.direction == Direction.OURS,
                FollowUp.archived_at.is_(None), FollowUp.due_on.is_not(None),
                FollowUp.due_on <= today + timedelta(days=DUE_SOON_DAYS))


def _is_pending(today: date):
    """Open follow-ups of ours, due within the window, not yet reminded of today."""
    already = select(ReminderLog.follow_up_id).where(
        ReminderLog.sent_on == today, ReminderLog.user_id == FollowUp.owner_user_id)
    return and_(_is_due(today), ~FollowUp.id.in_(already))


def _line(follow_up: FollowUp, today: date, zone: str) -> str:
    if follow_up.due_on is None:
        raise ValueError("a reminder lists only follow-ups with a due date")
    late = (today - follow_up.due_on).days
    due = f"due {follow_up.due_on:%d %b %Y}"
    if late > 0:
        due += f", {late} day{'s' if late != 1 else ''} overdue"
    elif late == 0:
        due += ", today"
    meeting = ""
    if follow_up.meeting:
        meeting = (f"\n    from: {follow_up.meeting.title}, "
                   f"{when(follow_up.meeting.starts_at, zone, zone)}")
    return f"  - {follow_up.description} ({due}){meeting}"


def compose(reminder: Reminder, sender: str, link: str | None = None,
            mask=lambda text: text) -> EmailMessage:
    """The plain-text reminder message for one officer on their day, meeting times in their
    time zone (``mask`` hides names above them)."""
    today, zone = reminder.today, reminder.zone
    parts = []
    if reminder.overdue:
        parts.append(f"{len(reminder.overdue)} overdue")
    if reminder.due_soon:
        parts.append(f"{len(reminder.due_soon)} due in the next {DUE_SOON_DAYS} days")
    message = EmailMessage()
    message["Subject"] = f"Parley follow-ups: {' and '.join(parts)}"
    message["From"] = sender
    message["To"] = reminder.user.email
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] or "parley")
    lines = [f"Hello {reminder.user.name},", "",
             f"Your open follow-ups in Parley on {today:%d %b %Y} ({zone}):", ""]
    if reminder.overdue:
        lines += ["Overdue (oldest first):"]
        lines += [_line(f, today, zone) for f in reminder.overdue] + [""]
    if reminder.due_soon:
        lines += [f"Due in the next {DUE_SOON_DAYS} days:"]
        lines += [_line(f, today, zone) for f in reminder.due_soon] + [""]
    lines.append(f"Review them on the Follow-ups page{': ' + link if link else ' in Parley'}.")
    lines += ["", "-- ", "Parley reminders. Internal: do not forward."]
    message.set_content(mask("\n".join(lines)))
    return message


class Outbox:
    """Writes messages as ``.eml`` files when no SMTP server is configured."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def send(self, message: EmailMessage, today: date, user_id: int) -> str:
        """Write ``message`` to the outbox folder; returns the file path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = f"{today:%Y-%m-%d}-reminder-user{user_id}"
        path = self.folder / f"{stem}.eml"
        counter = 1
        while path.exists():
            counter += 1
            path = self.folder / f"{stem}-{counter}.eml"
        path.write_bytes(message.as_bytes())
        return str(path)


class SMTPTransport:
    """Sends messages through the configured SMTP server, one connection per run."""

    def __init__(self, host: str, port: int, user: str | None, password: str | None,
                 starttls: bool):
        self.host, self.port, self.user, self.password = host, port, user, password
        self.starttls = starttls
        self._connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self._connection is None:
            connection = smtplib.SMTP(self.host, self.port, timeout=30)
            if self.starttls:
                connection.starttls()
            if self.user:
                connection.login(self.user, self.password or "")
            self._connection = connection
        return self._connection

    def send(self, message: EmailMessage, today: date, user_id: int) -> str:
        """Send ``message``; returns the recipient."""
        self._connect().send_message(message)
        return message["To"]

    def close(self) -> None:
        """Say goodbye to the server."""
        if self._connection is not None:
            with contextlib.suppress(smtplib.SMTPException):
                self._connection.quit()
            self._connection = None


def transport_from_config(config, instance_path: str):
    """SMTP when ``SMTP_HOST`` is set, otherwise the outbox folder."""
    if config.get("SMTP_HOST"):
        starttls = config.get("SMTP_STARTTLS", True)
        if isinstance(starttls, str):
            starttls = starttls.strip().lower() not in ("0", "false", "no", "off", "")
        return SMTPTransport(config["SMTP_HOST"], int(config.get("SMTP_PORT") or 587),
                             config.get("SMTP_USER"), config.get("SMTP_PASSWORD"), starttls)
    return Outbox(Path(instance_path) / "outbox")


def send_reminder(session: Session, reminder: Reminder, transport, sender: str,
                  link: str | None = None) -> str:
    """Send one officer's reminder and log every follow-up in it for their today."""
    levels = reminder.user.visible_levels
    message = compose(reminder, sender, link, mask=masking.masker(session, levels))
    where = transport.send(message, reminder.today, reminder.user.id)
    for follow_up in reminder.follow_ups:
        session.add(ReminderLog(user_id=reminder.user.id, follow_up_id=follow_up.id,
                                sent_on=reminder.today))
    session.flush()
    return where
