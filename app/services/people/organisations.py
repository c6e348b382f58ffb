"""An organisation's page: the people who hold posts there now, and those who held them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.models import Affiliation, Organisation
from app.services.people.profiles import post_is_current
from app.services.sections import Sections

ORGANISATION_SECTIONS = Sections("organisations", "organisation_id",
                                 "organisations/_sections.html",
                                 label=lambda organisation: organisation.name)


def _posts(organisation: Organisation):
    return (select(Affiliation)
            .where(Affiliation.organisation_id == organisation.id,
                   Affiliation.archived_at.is_(None))
            .options(selectinload(Affiliation.person))
            .order_by(Affiliation.start_on.desc().nulls_last(), Affiliation.id.desc()))


@ORGANISATION_SECTIONS.section("people", "People here now", empty="Nobody recorded.")
def people(organisation: Organisation):
    """Posts held there now (their holders hidden with them), latest first."""
    return _posts(organisation).where(post_is_current())


@ORGANISATION_SECTIONS.section("former", "Formerly here", empty="Nobody recorded.")
def former(organisation: Organisation):
    """Posts that ended, latest first."""
    return _posts(organisation).where(~post_is_current())
