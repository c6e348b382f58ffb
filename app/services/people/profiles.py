"""The stakeholder profile: posts, meetings, what we raised, stances, commitments both ways.

Each part that grows is a section (:mod:`app.services.sections`): the profile shows its latest
rows and its total, its full list is paged. The stance per theme is counted in SQL. The
profile loads in a fixed number of queries, however many meetings or raisings there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload

from app.models import (
    Affiliation,
    Case,
    Direction,
    FollowUp,
    Meeting,
    Person,
    Raising,
    Stance,
    Theme,
    case_themes,
    meeting_persons,
    recommendation_themes,
)
from app.services.sections import Sections

PERSON_SECTIONS = Sections("persons", "person_id", "persons/_sections.html",
                           label=lambda person: person.full_name)


def post_is_current(today: date | None = None):
    """SQL: the post has not ended (:attr:`Affiliation.is_current`)."""
    today = today or date.today()
    return or_(Affiliation.end_on.is_(None), Affiliation.end_on >= today)


def _posts(person: Person):
    return (select(Affiliation)
            .where(Affiliation.person_id == person.id, Affiliation.archived_at.is_(None))
            .options(joinedload(Affiliation.organisation))
            .order_by(Affiliation.start_on.desc().nulls_last(), Affiliation.id.desc()))


@PERSON_SECTIONS.section("posts", "Posts", empty="No current post recorded.")
def current_posts(person: Person):
    """The posts the person holds now, latest first."""
    return _posts(person).where(post_is_current())


@PERSON_SECTIONS.section("past_posts", "Past posts", empty="No past post recorded.")
def past_posts(person: Person):
    """The posts the person held before, latest first."""
    return _posts(person).where(~post_is_current())


def _meeting_ids(person: Person):
    return select(meeting_persons.c.meeting_id).where(meeting_persons.c.person_id == person.id)


@PERSON_SECTIONS.section("meetings", "Meetings with them", empty="No meetings with them yet.")
def meetings(person: Person):
    """The meetings the person attended, latest first."""
    return (select(Meeting)
            .where(Meeting.id.in_(_meeting_ids(person)), Meeting.archived_at.is_(None))
            .options(joinedload(Meeting.event))
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc()))


def _raised_with(person: Person):
    return (Raising.person_id == person.id, Raising.archived_at.is_(None),
            Meeting.archived_at.is_(None))


@PERSON_SECTIONS.section("raised", "What we raised with them",
                         empty="Nothing raised with them yet.")
def raised(person: Person):
    """What was raised with the person and how they answered, latest first."""
    return (select(Raising).join(Raising.meeting).where(*_raised_with(person))
            .options(contains_eager(Raising.meeting), selectinload(Raising.theme),
                     selectinload(Raising.recommendation), selectinload(Raising.case))
            .order_by(Meeting.starts_at.desc(), Raising.id.desc()))


def _commitments():
    return (select(FollowUp).where(FollowUp.archived_at.is_(None))
            .options(joinedload(FollowUp.meeting), joinedload(FollowUp.owner_user))
            .order_by(FollowUp.due_on.desc().nulls_last(), FollowUp.id.desc()))


@PERSON_SECTIONS.section("their_commitments", "Their commitments",
                         empty="No commitments recorded.")
def their_commitments(person: Person):
    """What the person promised, latest due first."""
    return _commitments().where(FollowUp.direction == Direction.THEIRS,
                                FollowUp.owner_person_id == person.id)


@PERSON_SECTIONS.section("our_commitments", "Our commitments to them",
                         empty="No commitments recorded.")
def our_commitments(person: Person):
    """What we promised at meetings with the person, latest due first: read through the
    person's meetings (index on the follow-ups' meeting and direction)."""
    return _commitments().where(FollowUp.meeting_id.in_(_meeting_ids(person)),
                                FollowUp.direction == Direction.OURS)


@PERSON_SECTIONS.section("cases", "Cases", empty="No case about them.")
def cases(person: Person):
    """The cases about the person, by title."""
    return (select(Case).where(Case.person_id == person.id, Case.archived_at.is_(None))
            .order_by(Case.title, Case.id))


@dataclass
class ThemeStance:
    """How a stakeholder answered on one theme: raisings per stance, and the latest stance."""

    theme_id: int
    name: str
    position: int
    counts: dict = field(default_factory=dict)
    latest: Stance | None = None
    latest_at: datetime | None = None
    _latest_key: tuple = ()

    @property
    def total(self) -> int:
        """How many times something on this theme was raised with them."""
        return sum(self.counts.values())

    @property
    def stance_counts(self) -> list[tuple[Stance | None, int]]:
        """(stance, how many) in a fixed order, "no stance recorded" last."""
        order = [*Stance, None]
        return [(stance, self.counts[stance]) for stance in order if self.counts.get(stance)]


def stance_per_theme(session: Session, person: Person) -> list[ThemeStance]:
    """Per theme, how the person answered: counted in SQL (GROUP BY theme and stance).

    A raising is on its own theme, else on its recommendation's themes, else on its case's.
    """
    via_recommendation = and_(Raising.theme_id.is_(None),
                              recommendation_themes.c.recommendation_id
                              == Raising.recommendation_id)
    via_case = and_(Raising.theme_id.is_(None), Raising.recommendation_id.is_(None),
                    case_themes.c.case_id == Raising.case_id)
    theme_id = func.coalesce(Raising.theme_id, recommendation_themes.c.theme_id,
                             case_themes.c.theme_id)
    rows = session.execute(
        select(Theme.id, Theme.name, Theme.position, Raising.stance, func.count(Raising.id),
               func.max(Meeting.starts_at), func.max(Raising.id))
        .select_from(Raising).join(Raising.meeting)
        .outerjoin(recommendation_themes, via_recommendation)
        .outerjoin(case_themes, via_case)
        .join(Theme, Theme.id == theme_id)
        .where(*_raised_with(person))
        .group_by(Theme.id, Theme.name, Theme.position, Raising.stance)
    ).all()
    by_theme: dict[int, ThemeStance] = {}
    for theme, name, position, stance, count, last_at, last_id in rows:
        summary = by_theme.setdefault(theme, ThemeStance(theme, name, position))
        summary.counts[stance] = count
        if stance is not None and (last_at, last_id) > summary._latest_key:
            summary.latest, summary.latest_at, summary._latest_key = stance, last_at, (
                last_at, last_id)
    return sorted(by_theme.values(), key=lambda s: (s.position, s.name))


#: The profile shows the stance on this many themes at most (those raised most often with
#: the person, then most recently): one line per theme grew with the taxonomy.
STANCE_THEMES = 12


def most_raised(stances: list[ThemeStance], limit: int = STANCE_THEMES) -> list[ThemeStance]:
    """The ``limit`` themes raised most often (then most recently), in the themes' order."""
    ranked = sorted(stances, key=lambda s: (-s.total, -(s.latest_at.timestamp()
                                                        if s.latest_at else 0), s.position))
    return sorted(ranked[:limit], key=lambda s: (s.position, s.name))


@dataclass
class Profile:
    """Everything the stakeholder profile shows."""

    person: Person
    sections: dict
    #: the stances on the themes raised most often (:func:`most_raised`)
    stances: list
    #: how many themes were raised with them in all
    stance_themes: int = 0


def build_profile(session: Session, person: Person) -> Profile:
    """Load the profile of ``person`` (already checked visible to the user)."""
    stances = stance_per_theme(session, person)
    return Profile(person=person, sections=PERSON_SECTIONS.latest(session, person),
                   stances=most_raised(stances), stance_themes=len(stances))
