"""What a meeting's pack page offers: the recommendations and cases to choose from.

A short list of each, most useful first, on the meeting's themes or raised before with the
people across the table; the first few are proposed (ticked) and make the pack when the
officer chooses nothing else. One bounded query ranks the candidates by their ids and a
few columns, a second loads the few that are offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.models import Case, Recommendation, case_themes, recommendation_themes
from app.security.field_crypto import with_private_fields
from app.services.folding import normalise
from app.services.packs import items
from app.services.substance.addressees import Party, Use, use_for

#: Recommendations and cases the pack page offers, most important first; the first
#: ``*_CHOSEN`` of them are ticked, and make the pack when nothing else is chosen.
RECOMMENDATIONS_OFFERED, RECOMMENDATIONS_CHOSEN = 20, 5
CASES_OFFERED, CASES_CHOSEN = 20, 5


@dataclass
class Offer:
    """Recommendations or cases proposed for a pack, most important first, and how many more
    would qualify (on the meeting's themes or raised with these people)."""

    items: list
    tied: set[int]
    #: How many qualify in all.
    total: int


def offered_recommendations(session: Session, theme_ids, tied: set[int], *, limit: int,
                            only=None, counterpart: Party = Party.OTHER,
                            objective: str = "") -> Offer:
    """Recommendations on the meeting's themes or raised before with these people (``tied``),
    most useful first: those the people in the room can act on (:func:`use_for`), then those
    on the meeting's themes or named in its objective, then by priority, then those never
    raised with these people."""
    on_themes = select(recommendation_themes.c.recommendation_id).where(
        recommendation_themes.c.theme_id.in_(list(theme_ids) or [-1]))
    rows = session.execute(
        select(Recommendation.id, Recommendation.priority, Recommendation.addressed_to,
               Recommendation.short_title, Recommendation.id.in_(on_themes).label("on_theme"))
        .where(Recommendation.archived_at.is_(None),
               or_(Recommendation.id.in_(on_themes), Recommendation.id.in_(sorted(tied) or [-1])))
    ).all()
    wanted = objective_words(objective)

    def rank(r):
        unused = use_for(r.addressed_to, counterpart) is Use.NONE
        named = bool(wanted & objective_words(r.short_title or ""))
        return (unused, not (r.on_theme or named), not named, r.priority, r.id in tied, r.id)

    return _offer(session, Recommendation, rows, sorted(rows, key=rank), tied, limit=limit,
                  only=only, options=(selectinload(Recommendation.themes),))


#: Words too common to tie a recommendation to an objective.
_COMMON = frozenset(["about", "after", "again", "their", "there", "these", "those", "which", "while", "where", "under", "with", "without", "would", "should", "could", "other", "being", "human", "rights", "written", "answer", "review", "authorities", "commitment"])


def objective_words(text: str) -> set[str]:
    """The telling words of a text (five letters or more, folded, a plural "s" dropped), to
    match a recommendation's short title against the meeting's objective."""
    words = re.findall(r"[^\W\d_]+", normalise(text or ""))
    return {w[:-1] if w.endswith("s") and len(w) > 5 else w
            for w in words if len(w) >= 5 and w not in _COMMON}


def offered_cases(session: Session, theme_ids, tied: set[int], *, limit: int,
                  only=None) -> Offer:
    """Cases on the meeting's themes or raised before with these people (``tied``): those
    raised with these people first, then people in custody first."""
    on_themes = select(case_themes.c.case_id).where(
        case_themes.c.theme_id.in_(list(theme_ids) or [-1]))
    rows = session.execute(
        select(Case.id, Case.status, Case.title)
        .where(Case.archived_at.is_(None),
               or_(Case.id.in_(on_themes), Case.id.in_(sorted(tied) or [-1])))
    ).all()
    ranked = sorted(rows, key=lambda c: (c.id not in tied, *items.case_sort_key(c)))
    return _offer(session, Case, rows, ranked, tied, limit=limit, only=only,
                  options=(selectinload(Case.themes), joinedload(Case.person),
                           with_private_fields()))


def _offer(session: Session, model, rows, ranked, tied: set[int], *, limit: int, only,
           options=()) -> Offer:
    """The first ``limit`` of the ``ranked`` candidates (those in ``only``, when given),
    loaded with ``options``, out of ``rows`` that qualify."""
    if only is not None:
        ranked = [row for row in ranked if row.id in set(only)]
    ids = [row.id for row in ranked[:limit]]
    found = {record.id: record for record in session.scalars(
        select(model).where(model.id.in_(ids or [-1])).options(*options))}
    chosen = [found[i] for i in ids if i in found]
    return Offer(chosen, {record.id for record in chosen} & tied, len(rows))
