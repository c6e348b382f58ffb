"""The history a pack prints, cut to the latest few rows in SQL (``LIMIT`` and
``row_number()`` windows): the last raising of each recommendation and case, these people's
latest answers on them, each attendee's latest stances, each case's latest updates, the
commitments on both sides and what changed since the last meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, literal, or_, select, union, union_all
from sqlalchemy.orm import Session, aliased, joinedload

from app.models import (
    CaseUpdate,
    Direction,
    FollowUp,
    FollowUpStatus,
    Meeting,
    Raising,
    RecommendationStatusChange,
    Theme,
    case_themes,
    recommendation_themes,
)
from app.services.packs.items import CASE_STATUS_ORDER


@dataclass(frozen=True)
class Bounds:
    """How many of the latest rows each history section of a pack holds."""

    #: The window of history read: the latest earlier meetings with any of these people.
    recent_meetings: int = 100
    #: Earlier meetings listed per attendee (the rest in the window are counted).
    past_meetings: int = 5
    #: These people's earlier answers per recommendation or case ("likely responses").
    responses: int = 2
    #: Findings per theme.
    findings: int = 5
    #: Open commitments listed per attendee.
    commitments: int = 5
    #: Rows of each "what changed" list and of our outstanding follow-ups.
    history: int = 10
    #: Key facts and figures.
    key_facts: int = 30


def status_order(column):
    """SQL: the rank of a case status, people in custody first (as ``items.case_sort_key``)."""
    return case({status: n for n, status in enumerate(CASE_STATUS_ORDER)}, value=column,
                else_=len(CASE_STATUS_ORDER))


def latest_raisings(session: Session, rec_ids: list[int], case_ids: list[int], *,
                    where=(), answered=None, responses: int = 0):
    """For each of these recommendations and cases: its latest raising (at a meeting meeting
    ``where``, clauses on Meeting) and, when ``answered`` (an SQL condition on Raising) is
    given, the latest ``responses`` raisings meeting it, newest first. One query."""
    last: dict[tuple[str, int], Raising] = {}
    answers: dict[tuple[str, int], list[Raising]] = {}
    flag = case((answered, 1), else_=0) if answered is not None else literal(0)
    # Each raising's meeting date by primary key, NULL when its meeting is left out by
    # ``where``: a subject has a few hundred raisings, and joining the meetings would read
    # the whole table. Computed once per raising, inside the windowed subquery.
    held_at = (select(Meeting.starts_at).where(Meeting.id == Raising.meeting_id, *where)
               .scalar_subquery())
    sides = []
    for kind, column, ids in (("rec", Raising.recommendation_id, rec_ids),
                              ("case", Raising.case_id, case_ids)):
        if not ids:
            continue
        newest = (held_at.desc().nulls_last(), Raising.id.desc())
        sides.append(
            select(Raising.id.label("raising"), literal(kind).label("kind"),
                   column.label("subject"), flag.label("answered"), held_at.label("held_at"),
                   func.row_number().over(partition_by=column, order_by=newest).label("n"),
                   func.row_number().over(partition_by=(column, flag), order_by=newest)
                   .label("m"))
            .where(column.in_(ids), Raising.archived_at.is_(None)))
    if not sides:
        return last, answers
    ranked = (union_all(*sides) if len(sides) > 1 else sides[0]).subquery()
    rows = session.execute(
        select(Raising, ranked.c.kind, ranked.c.subject, ranked.c.n, ranked.c.answered,
               ranked.c.m)
        .join(ranked, ranked.c.raising == Raising.id)
        .where(ranked.c.held_at.is_not(None),
               or_(ranked.c.n == 1, and_(ranked.c.answered == 1, ranked.c.m <= responses)))
        .options(joinedload(Raising.meeting), joinedload(Raising.person), joinedload(Raising.theme))
        .order_by(ranked.c.kind, ranked.c.subject, ranked.c.m)).all()
    for raising, kind, subject, n, is_answer, m in rows:
        if n == 1:
            last[(kind, subject)] = raising
        if is_answer and m <= responses:
            answers.setdefault((kind, subject), []).append(raising)
    return last, answers


def stances_of(session: Session, scope) -> dict[int, list[tuple]]:
    """Person id -> [(theme name, stance, meeting start)] from their raisings with a stance at
    the recent meetings with them, newest first; a raising is about its own theme, else its
    recommendation's or case's themes. Two bounded queries."""
    result: dict[int, list[tuple]] = {}
    rows = session.execute(
        select(Raising.id, Raising.person_id, Raising.stance, Meeting.starts_at)
        .join(Meeting, Meeting.id == Raising.meeting_id)
        .where(*scope.recent_raisings(), Raising.person_id.in_(scope.person_ids),
               Raising.stance.is_not(None))
        .order_by(Meeting.starts_at.desc(), Raising.id.desc())).all()
    if not rows:
        return result
    names = _theme_names(session, [row.id for row in rows])
    for row in rows:
        for name in names.get(row.id, []):
            result.setdefault(row.person_id, []).append((name, row.stance, row.starts_at))
    return result


def _theme_names(session: Session, raising_ids: list[int]) -> dict[int, list[str]]:
    """Raising id -> names of the themes it was about (its own, or its subject's)."""
    columns = (Raising.id.label("raising"), Theme.name.label("name"),
               Theme.position.label("position"), Theme.id.label("theme"))
    mine = Raising.id.in_(raising_ids)
    own = select(*columns).join(Theme, Theme.id == Raising.theme_id).where(mine)
    of_rec = (select(*columns)
              .join(recommendation_themes,
                    recommendation_themes.c.recommendation_id == Raising.recommendation_id)
              .join(Theme, Theme.id == recommendation_themes.c.theme_id)
              .where(mine, Raising.theme_id.is_(None)))
    of_case = (select(*columns)
               .join(case_themes, case_themes.c.case_id == Raising.case_id)
               .join(Theme, Theme.id == case_themes.c.theme_id)
               .where(mine, Raising.theme_id.is_(None), Raising.recommendation_id.is_(None)))
    found = union_all(own, of_rec, of_case).subquery()
    result: dict[int, list[str]] = {}
    for raising_id, name in session.execute(
            select(found.c.raising, found.c.name)
            .order_by(found.c.raising, found.c.position, found.c.theme)):
        result.setdefault(raising_id, []).append(name)
    return result


def latest_case_updates(session: Session, case_ids: list[int]) -> dict[int, list[CaseUpdate]]:
    """Case id -> its latest update and its latest update that may be shared (one or two),
    newest first. One query."""
    result: dict[int, list[CaseUpdate]] = {}
    if not case_ids:
        return result
    newest = (CaseUpdate.happened_on.desc(), CaseUpdate.id.desc())
    internal = case((CaseUpdate.is_internal.is_(True), 1), else_=0)
    ranked = (
        select(CaseUpdate,
               func.row_number().over(partition_by=CaseUpdate.case_id, order_by=newest)
               .label("n"),
               func.row_number().over(partition_by=(CaseUpdate.case_id, internal),
                                      order_by=newest).label("m"))
        .where(CaseUpdate.case_id.in_(case_ids), CaseUpdate.archived_at.is_(None))
    ).subquery()
    row = aliased(CaseUpdate, ranked)
    for update in session.scalars(
            select(row)
            .where(or_(ranked.c.n == 1, and_(ranked.c.m == 1, row.is_internal.is_not(True))))
            .order_by(row.happened_on.desc(), row.id.desc())):
        result.setdefault(update.case_id, []).append(update)
    return result


def their_commitments(session: Session, person_ids: set[int], per_person: int) -> dict:
    """Each attendee's open commitments, earliest due first, at most ``per_person`` each."""
    result: dict[int, list[FollowUp]] = {pid: [] for pid in person_ids}
    if not person_ids:
        return result
    live = [FollowUp.archived_at.is_(None), FollowUp.status == FollowUpStatus.OPEN,
            FollowUp.direction == Direction.THEIRS,
            FollowUp.owner_person_id.in_(sorted(person_ids))]
    ranked = (select(FollowUp, func.row_number().over(
        partition_by=FollowUp.owner_person_id,
        order_by=(FollowUp.due_on.asc().nulls_last(), FollowUp.id)).label("n"))
        .where(*live)).subquery()
    row = aliased(FollowUp, ranked)
    for follow_up in session.scalars(
            select(row).where(ranked.c.n <= per_person)
            .order_by(row.due_on.asc().nulls_last(), row.id)):
        result[follow_up.owner_person_id].append(follow_up)
    return result


def closed_since(session: Session, scope, previous: datetime | None,
                  limit: int) -> list[FollowUp]:
    """Commitments kept, dropped or broken since ``previous`` at this or a recent meeting with
    these people, or owed by these people: the latest ``limit``."""
    if previous is None:
        return []
    closed = [FollowUp.archived_at.is_(None), FollowUp.status != FollowUpStatus.OPEN,
              FollowUp.closed_at.is_not(None), FollowUp.closed_at >= previous]
    ids = union(
        select(FollowUp.id).where(FollowUp.meeting_id.in_([scope.meeting.id, *scope.recent]),
                                  *closed),
        select(FollowUp.id).where(FollowUp.owner_person_id.in_(scope.person_ids), *closed))
    return list(session.scalars(
        select(FollowUp).where(FollowUp.id.in_(ids))
        .options(joinedload(FollowUp.owner_user), joinedload(FollowUp.owner_person))
        .order_by(FollowUp.closed_at.desc(), FollowUp.id.desc()).limit(limit)))


def our_follow_ups(session: Session, scope, limit: int) -> list[FollowUp]:
    """Our open commitments from this or a recent meeting with these people: overdue first,
    then by due date."""
    today = date.today()
    overdue = case((FollowUp.due_on < today, 0), else_=1)
    return list(session.scalars(
        select(FollowUp)
        .where(FollowUp.archived_at.is_(None), FollowUp.status == FollowUpStatus.OPEN,
               FollowUp.direction == Direction.OURS,
               FollowUp.meeting_id.in_([scope.meeting.id, *scope.recent]))
        .options(joinedload(FollowUp.owner_user), joinedload(FollowUp.owner_person),
                 joinedload(FollowUp.meeting))
        .order_by(overdue, FollowUp.due_on.asc().nulls_last(), FollowUp.id).limit(limit)))


def updates_since(session: Session, case_ids: list[int], since: date | None,
                   limit: int) -> list[CaseUpdate]:
    """Developments in these cases since ``since``, the latest ``limit``."""
    if since is None or not case_ids:
        return []
    return list(session.scalars(
        select(CaseUpdate)
        .where(CaseUpdate.case_id.in_(case_ids), CaseUpdate.archived_at.is_(None),
               CaseUpdate.happened_on >= since)
        .order_by(CaseUpdate.happened_on.desc(), CaseUpdate.id.desc()).limit(limit)))


def status_changes_since(session: Session, rec_ids: list[int], since: date | None,
                          limit: int) -> list[RecommendationStatusChange]:
    """Implementation status changes of these recommendations since ``since``, latest first."""
    if since is None or not rec_ids:
        return []
    change = RecommendationStatusChange
    return list(session.scalars(
        select(change).where(change.recommendation_id.in_(rec_ids), change.changed_on >= since)
        .order_by(change.changed_on.desc(), change.id.desc()).limit(limit)))

