"""Recommendations: their implementation status and its dated history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import ImplementationStatus, Recommendation, RecommendationStatusChange
from app.security.audit import acting_user_id


def change_status(session: Session, recommendation: Recommendation, to_status: ImplementationStatus,
                  changed_on: date, evidence: str | None) -> RecommendationStatusChange:
    """Record a dated status change with its evidence, and make it the current status."""
    change = RecommendationStatusChange(
        recommendation=recommendation, from_status=recommendation.status, to_status=to_status,
        changed_on=changed_on, evidence=evidence, recorded_by_id=acting_user_id(session),
    )
    session.add(change)
    latest = max((c.changed_on for c in recommendation.status_changes if c is not change),
                 default=None)
    if latest is None or changed_on >= latest:
        recommendation.status = to_status
    session.flush()
    return change


def status_history(session: Session, recommendation: Recommendation) -> list:
    """Status changes, newest first, with who recorded them."""
    return list(session.scalars(
        select(RecommendationStatusChange)
        .where(RecommendationStatusChange.recommendation_id == recommendation.id)
        .options(selectinload(RecommendationStatusChange.recorded_by))
        .order_by(RecommendationStatusChange.changed_on.desc(),
                  RecommendationStatusChange.id.desc())
    ))

