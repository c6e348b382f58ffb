"""One outline for every pack format: headings, paragraphs, lists, tables and marks.

The outline is made from a pack's (sealed) structure, and HTML, PDF, DOCX and Markdown only
print it (:mod:`app.services.packs.render_html`, ``render_docx``, ``render_markdown``), so they
cannot say different things. Here alone is decided what a pack says and in what order:

- a meeting pack's core (the meeting, objective, asks, who is across the table, what changed,
  likely responses; or, for a meeting already held, its record), then the annexes ticked
  (:mod:`app.services.packs.meeting_outline`);
- an event brief's objectives, asks, meetings, themes and key facts (here);
- no sentence twice: a text already printed is referred to, not repeated (:class:`Outline`);
- "never raised with these people" is one mark on an item, not a paragraph.

Headings never skip a level: 1 is the title, 2 a part, 3 a person or theme within it.
"""

from __future__ import annotations

from app.services.packs.blocks import Block, Outline, flag, meta, strong
from app.services.packs.meeting_outline import meeting_outline
from app.services.packs.parts import (
    ask_runs,
    case_paras,
    cover,
    key_facts_table,
    recommendation_paras,
)


def event_outline(brief: dict) -> list[Block]:
    """The outline of a dialogue event's brief."""
    out = Outline()
    cover(out, brief)
    if brief.get("objectives"):
        out.heading(2, "Our objectives")
        out.para(brief["objectives"])
    out.heading(2, "The asks")
    if brief["asks"]:
        out.items([ask_runs(out, a, True) for a in brief["asks"]], numbered=True)
    else:
        out.empty("No recommendations recorded.")
    if "meetings" in brief:
        out.heading(2, "Meetings")
        out.items([(strong(f"{m['date']}, {m['title']}"),
                    meta(f" · {m['time']}" + (f" · {m['place']}" if m["place"] else "")
                         + f" · {m['status']}"),
                    (". With " + "; ".join(
                        p["name"] + (f" ({', '.join(p['posts'])})" if p["posts"] else "")
                        for p in m["with"])) if m["with"] else None)
                   for m in brief["meetings"]])
        if brief.get("more_meetings"):
            out.para(meta(f"And {brief['more_meetings']} later meetings, each with its own pack."))
        if not brief["meetings"]:
            out.empty("No meetings planned.")
    for section in brief["themes"]:
        out.heading(2, section["name"])
        if section["recommendations"]:
            out.heading(3, "Recommendations")
            for rec in section["recommendations"]:
                marks = (" ", flag("Raised at this event")) if rec.get("raised_at_event") else ()
                recommendation_paras(out, rec, f" · {rec['status']} · priority {rec['priority']}",
                                     marks)
        if section["cases"]:
            out.heading(3, "Cases")
            for case in section["cases"]:
                case_paras(out, case, in_full=False)
    out.heading(2, "Key facts and figures")
    if brief["key_facts"]:
        key_facts_table(out, brief["key_facts"])
    else:
        out.empty("No key facts recorded.")
    return out.blocks


def outline(pack: dict) -> list[Block]:
    """The outline of any pack: a meeting's or an event's."""
    return event_outline(pack) if pack["kind"] == "event" else meeting_outline(pack)
