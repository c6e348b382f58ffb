"""What reminder mail has gone out, so that a second run on the same day sends nothing twice."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow


class ReminderLog(Model):
    """One follow-up included in one officer's reminder on one day. Append-only."""

    __tablename__ = "reminder_logs"
    __table_args__ = (
        UniqueConstraint("user_id", "follow_up_id", "sent_on",
                         name="uq_reminder_logs_user_follow_up_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The officer who was reminded.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    follow_up_id: Mapped[int] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), index=True
    )
    #: The day the reminder run counted as "today".
    sent_on: Mapped[date] = mapped_column(Date, index=True)
    #: When the message actually left (or was written to the outbox).
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
