"""Sealing a pack: mask the names its reader may not read, and record what it holds.

Every pack (meeting pack, event brief; preview or issued) passes here once, at the end of
its build, so the four renderings print the same masked outline:

- an internal pack masks, in all its text, the names of persons above the issuer's clearance;
- an external pack masks every confidential or at-risk name, whatever the issuer's clearance,
  except the persons whose cases the pack names because they are cleared for naming;
- the pack records whom it masked (``persons_masked``) and takes the sensitivity of the most
  sensitive record it holds in clear: the persons it names, the cases it holds (group cases
  too) and the restricted names left in its free text. The visibility rule then shows an
  issued pack only to readers cleared for all of that.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Audience, Case, Person, Sensitivity
from app.security.masking import matcher, seal_structure
from app.security.visibility import current_levels, unrestricted

#: Keys of the pack structure that hold ids and levels rather than text.
BOOKKEEPING = ("persons_named", "cases_held", "persons_masked", "sensitivity")


def most_sensitive(levels) -> Sensitivity:
    """The highest of ``levels`` (normal when there are none)."""
    order = list(Sensitivity)
    return max((Sensitivity(level) for level in levels), key=order.index,
               default=Sensitivity.NORMAL)


def seal(session: Session, pack: dict) -> dict:
    """``pack`` with restricted names masked for its audience, and its level recorded."""
    external = pack["audience"] == Audience.EXTERNAL.value
    levels = (Sensitivity.NORMAL,) if external else current_levels(session)
    exempt = tuple(pack.get("persons_named") or ()) if external else ()
    found = matcher(session)
    text = {key: value for key, value in pack.items() if key not in BOOKKEEPING}
    sealed, masked_ids, in_clear = seal_structure(found, text, levels, exempt)
    # Restricted persons left in clear in the text are named by the pack too (subject access,
    # and the visibility rule hides the pack if one of them is made more sensitive later).
    sealed["persons_named"] = sorted({*(pack.get("persons_named") or []), *in_clear})
    sealed["cases_held"] = sorted(set(pack.get("cases_held") or []))
    sealed["persons_masked"] = sorted(masked_ids)
    sealed["sensitivity"] = most_sensitive([
        *in_clear.values(), *_held_levels(session, sealed["persons_named"], sealed["cases_held"]),
    ]).value
    return sealed


def _held_levels(session: Session, person_ids, case_ids) -> list[Sensitivity]:
    """The levels of the persons and cases a pack holds, and of those cases' persons."""
    case_ids, person_ids = sorted(case_ids), sorted(person_ids)
    if not case_ids and not person_ids:
        return []
    case_persons = select(Case.person_id).where(Case.id.in_(case_ids))
    persons = select(Person.sensitivity).where(
        or_(Person.id.in_(person_ids), Person.id.in_(case_persons)))
    cases = select(Case.sensitivity).where(Case.id.in_(case_ids))
    stmt = persons.union_all(cases)
    return [Sensitivity(v) for v in session.scalars(unrestricted(stmt))]
