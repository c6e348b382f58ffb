"""Who may see restricted persons and cases, decided once for every ORM query.

A ``do_orm_execute`` listener adds ``with_loader_criteria`` to every SELECT, so lists, search,
profiles, history, exports and packs all obey the same rule. Relationship loads inherit the
criteria from the query that loaded their parent.

Inside a request the levels come from the signed-in user (``g.parley_levels``, set by
:func:`remember_levels`); an anonymous request sees only normal records. Outside a request
(command line, tests of services) the session's ``info["parley_levels"]`` applies, which
defaults to everything: the command line is run by the machine's administrator.

One known gap, by SQLAlchemy's design: EXISTS subqueries written with relationship
comparators (``Meeting.their_attendees.any(...)``, ``Case.person.has(...)``) are not
entities of the statement, so the loader criteria do not reach them. A filter that matches on
a related person's or case's fields must add ``Person.sensitivity.in_(current_levels(session))``
itself (see ``app/services/meetings.py``); ``tests/test_meetings.py`` shows why.
"""

from __future__ import annotations

from contextlib import contextmanager

from flask import g, has_request_context
from sqlalchemy import event, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from app.models import Case, Person, Raising, Sensitivity

ALL_LEVELS = tuple(Sensitivity)
SESSION_KEY = "parley_levels"


def current_levels(session: Session) -> tuple[Sensitivity, ...]:
    """The sensitivity levels visible in this context."""
    if has_request_context():
        return g.get(SESSION_KEY, (Sensitivity.NORMAL,))
    return session.info.get(SESSION_KEY, ALL_LEVELS)


def remember_levels(user) -> None:
    """Record the signed-in user's clearance for this request's queries."""
    if user is not None and user.is_authenticated:
        g.parley_levels = tuple(user.visible_levels)
    else:
        g.parley_levels = (Sensitivity.NORMAL,)


@contextmanager
def levels_for(session: Session, levels):
    """Run a block (outside a request) with only ``levels`` visible."""
    previous = session.info.get(SESSION_KEY)
    session.info[SESSION_KEY] = tuple(levels)
    try:
        yield
    finally:
        if previous is None:
            session.info.pop(SESSION_KEY, None)
        else:
            session.info[SESSION_KEY] = previous


def visibility_options(levels):
    """The loader criteria hiding persons, cases and raisings above ``levels``."""
    levels = tuple(levels)
    values = tuple(level.value for level in levels)
    visible_persons = select(Person.__table__.c.id).where(Person.__table__.c.sensitivity.in_(values))
    return (
        with_loader_criteria(
            Person, lambda cls: cls.sensitivity.in_(values), include_aliases=True,
            track_closure_variables=True,
        ),
        with_loader_criteria(
            Case,
            lambda cls: cls.sensitivity.in_(values)
            & or_(cls.person_id.is_(None), cls.person_id.in_(visible_persons)),
            include_aliases=True,
            track_closure_variables=True,
        ),
        with_loader_criteria(
            Raising,
            lambda cls: or_(
                cls.case_id.is_(None),
                cls.case_id.in_(
                    select(Case.__table__.c.id).where(Case.__table__.c.sensitivity.in_(values))
                ),
            ),
            include_aliases=True,
            track_closure_variables=True,
        ),
    )


def _restrict(state: ORMExecuteState) -> None:
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get("parley_unrestricted"):
        return
    levels = current_levels(state.session)
    if set(levels) >= set(ALL_LEVELS):
        return
    state.statement = state.statement.options(*visibility_options(levels))


def install(session_class=Session) -> None:
    """Attach the visibility rule to every session (idempotent)."""
    if not event.contains(session_class, "do_orm_execute", _restrict):
        event.listen(session_class, "do_orm_execute", _restrict)
