"""The full list of each growing section of a record page, paged: one view for every page.

``add_section_routes(bp, PERSON_SECTIONS, Person)`` adds ``/persons/<id>/all/<section>`` for
every section declared in ``PERSON_SECTIONS`` (endpoint ``persons.all_<section>``); an unknown
section has no route and answers 404. The record is loaded through the visibility rule first:
a hidden record's lists answer 404 like its page. The rows are cut into pages by
:func:`app.record_views.pages.list_page` and shown with the section's own rows macro
(``templates/_macros/sections.html`` renders the sections on the record's page).
"""

from __future__ import annotations

from flask import Blueprint, url_for

from app.extensions import db
from app.record_views.pages import list_page, show
from app.security.record_loading import get_or_404
from app.services.sections import SectionKind, Sections, count_of, numbered


def add_section_routes(bp: Blueprint, sections: Sections, model) -> None:
    """Add the paged full list of each of ``sections`` to ``bp``."""
    if bp.name != sections.blueprint:
        raise ValueError(f"sections of {sections.blueprint} added to blueprint {bp.name}")
    for kind in sections:
        bp.add_url_rule(f"/<int:{sections.id_arg}>/all/{kind.slug}",
                        endpoint=sections.endpoint(kind).split(".", 1)[1],
                        view_func=_full_list_view(sections, model, kind), methods=["GET"])


def _full_list_view(sections: Sections, model, kind: SectionKind):
    def full_list(**view_args):
        """Every row of one section of a record's page, a page at a time."""
        owner = get_or_404(model, view_args[sections.id_arg])
        return full_list_page(sections, kind, owner)

    full_list.__name__ = f"all_{kind.name}"
    return full_list


def full_list_page(sections: Sections, kind: SectionKind, owner) -> str:
    """Render the page of ``kind``'s rows asked for in the query string, with the total."""
    stmt = kind.rows(owner)
    total = count_of(db.session(), stmt)
    page = list_page(numbered(stmt), total=total)
    section = sections.shown(db.session(), kind, owner, page.items, total)
    back = url_for(f"{sections.blueprint}.{sections.page}", **section.url_args)
    return show("sections/full_list.html", section=section, page=page,
                owner_label=sections.label(owner), back_url=f"{back}#{section.anchor}")
