"""The stakeholder profile: posts, meetings, what we raised, stances, commitments both ways.

Everything loads in a fixed number of queries, however many meetings or raisings there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Affiliation,
    Case,
    Direction,
    FollowUp,
    Meeting,
    Person,
    Raising,
    Recommendation,
    meeting_persons,
)


@dataclass
class ThemeStance:
    """How a stakeholder answered on one theme, oldest first."""

    theme: object
    raisings: list = field(default_factory=list)

    @property
    def latest(self):
        """The most recent answer with a stance (or None)."""
        with_stance = [r for r in self.raisings if r.stance is not None]
        return with_stance[-1] if with_stance else None


@dataclass
class Profile:
    """Everything the stakeholder profile shows."""

    person: Person
    current_posts: list
    past_posts: list
    meetings: list
    raisings: list
    stances: list
    their_commitments: list
    our_commitments: list
    cases: list


def _meeting_ids(person: Person):
    return select(meeting_persons.c.meeting_id).where(meeting_persons.c.person_id == person.id)


def _stances(raisings) -> list[ThemeStance]:
    by_theme: dict[int, ThemeStance] = {}
    for raising in sorted(raisings, key=lambda r: (r.meeting.starts_at, r.id)):
        themes = []
        if raising.theme is not None:
            themes = [raising.theme]
        elif raising.recommendation is not None:
            themes = raising.recommendation.themes
        elif raising.case is not None:
            themes = raising.case.themes
        for theme in themes:
            by_theme.setdefault(theme.id, ThemeStance(theme)).raisings.append(raising)
    return sorted(by_theme.values(), key=lambda s: (s.theme.position, s.theme.name))


def build_profile(session: Session, person: Person) -> Profile:
    """Load the profile of ``person`` (already checked visible to the user)."""
    posts = session.scalars(
        select(Affiliation)
        .where(Affiliation.person_id == person.id, Affiliation.archived_at.is_(None))
        .options(selectinload(Affiliation.organisation))
        .order_by(Affiliation.start_on.desc(), Affiliation.id.desc())
    ).all()
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.id.in_(_meeting_ids(person)), Meeting.archived_at.is_(None))
        .options(selectinload(Meeting.event))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    ).all()
    raisings = session.scalars(
        select(Raising)
        .join(Raising.meeting)
        .where(Raising.person_id == person.id, Raising.archived_at.is_(None),
               Meeting.archived_at.is_(None))
        .options(
            selectinload(Raising.meeting),
            selectinload(Raising.theme),
            selectinload(Raising.recommendation).selectinload(Recommendation.themes),
            selectinload(Raising.case).selectinload(Case.themes),
        )
        .order_by(Meeting.starts_at.desc(), Raising.id.desc())
    ).all()
    follow_ups = (
        select(FollowUp)
        .where(FollowUp.archived_at.is_(None))
        .options(selectinload(FollowUp.meeting), selectinload(FollowUp.owner_user))
        .order_by(FollowUp.due_on.desc(), FollowUp.id.desc())
    )
    theirs = session.scalars(follow_ups.where(
        FollowUp.direction == Direction.THEIRS, FollowUp.owner_person_id == person.id)).all()
    ours = session.scalars(follow_ups.where(
        FollowUp.direction == Direction.OURS, FollowUp.meeting_id.in_(_meeting_ids(person)))).all()
    cases = session.scalars(
        select(Case).where(Case.person_id == person.id, Case.archived_at.is_(None))
        .order_by(Case.title)
    ).all()
    return Profile(
        person=person,
        current_posts=[p for p in posts if p.is_current],
        past_posts=[p for p in posts if not p.is_current],
        meetings=list(meetings),
        raisings=list(raisings),
        stances=_stances(raisings),
        their_commitments=list(theirs),
        our_commitments=list(ours),
        cases=list(cases),
    )

