"""Recommendations: their implementation status and its dated history; the sections of their
page."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    FollowUp,
    ImplementationStatus,
    Raising,
    Recommendation,
    RecommendationStatusChange,
)
from app.security.audit import acting_user_id
from app.services.sections import Sections
from app.services.substance.raised import follow_ups_where, raisings_where

#: The later recommendations listed on a recommendation's page as repeating it.
LATER_SHOWN = 5


def later_repeats(session: Session, recommendation: Recommendation) -> list[Recommendation]:
    """The first :data:`LATER_SHOWN` live recommendations linked to this one as "recommended
    previously" (the UPR list import makes these links)."""
    return list(session.scalars(
        select(Recommendation).where(Recommendation.previous_id == recommendation.id,
                                     Recommendation.archived_at.is_(None))
        .options(selectinload(Recommendation.source))
        .order_by(Recommendation.id).limit(LATER_SHOWN)))


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


RECOMMENDATION_SECTIONS = Sections("recommendations", "recommendation_id",
                                   "recommendations/_sections.html")


@RECOMMENDATION_SECTIONS.section("history", "Implementation status history",
                                 empty="No status change recorded yet.")
def status_history(recommendation: Recommendation):
    """Status changes, newest first, with who recorded them."""
    return (select(RecommendationStatusChange)
            .where(RecommendationStatusChange.recommendation_id == recommendation.id)
            .options(selectinload(RecommendationStatusChange.recorded_by))
            .order_by(RecommendationStatusChange.changed_on.desc(),
                      RecommendationStatusChange.id.desc()))


@RECOMMENDATION_SECTIONS.section("raised", "Where it was raised",
                                 empty="Not raised in any meeting yet.")
def raised(recommendation: Recommendation):
    """Where the recommendation was raised, with whom and how they answered; newest first."""
    return raisings_where(Raising.recommendation_id == recommendation.id)


@RECOMMENDATION_SECTIONS.section("follow_ups", "Follow-ups", empty="No follow-ups.")
def follow_ups(recommendation: Recommendation):
    """Follow-ups linked to the recommendation, soonest due first."""
    return follow_ups_where(FollowUp.recommendation_id == recommendation.id)
