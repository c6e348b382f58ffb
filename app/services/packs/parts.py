"""The parts that meeting packs and event briefs share: the cover, an ask, and how a
recommendation, a case, its last raising and the key facts read wherever a pack shows them.
"""

from __future__ import annotations

from app.services.packs.blocks import Block, Outline, Run, alert, flag, meta, strong, text_key

NEVER_RAISED = "Not yet raised with them"

COVER_LABELS = (("event", "Event"), ("kind", "Kind"), ("dates", "Dates"), ("date", "Date"),
                ("time", "Time"), ("place", "Place"), ("format", "Format"),
                ("counterpart", "Counterpart"), ("status", "Status"), ("our_team", "Our team"),
                ("audience", "Audience"), ("generated_at", "Generated"),
                ("issued_by", "Issued by"), ("travel_until", "Travel copy valid until"))


def cover(out: Outline, pack: dict) -> None:
    """The audience marking, the title and the cover's details."""
    out.blocks.append(Block("marking", runs=(Run(pack["marking"]),)))
    out.heading(1, pack["cover"]["title"])
    rows = []
    for key, label in COVER_LABELS:
        value = pack["cover"].get(key)
        if isinstance(value, list):
            value = ", ".join(value)
        rows.append((label, value or ""))
    out.details(rows)


def ask_runs(out: Outline, ask: dict, with_addressee: bool) -> tuple:
    """One ask: its title (unless the point starts with it), the point, the addressee when
    asked, and the mark when it was never raised with these people."""
    title, point = ask["title"], ask["point"]
    out.fresh(point)
    lead = () if text_key(title) and text_key(point).startswith(text_key(title)) \
        else (strong(title.rstrip(".") + ". "),)
    to = meta(f" To: {ask['addressee']}.") if with_addressee and ask.get("addressee") else None
    never = (" ", flag(NEVER_RAISED)) if ask.get("never_raised") else ()
    return (*lead, point, to, *never)


def raised_line(out: Outline, raised: dict | None) -> tuple:
    """Where and with whom a recommendation or case was last raised, and the answer."""
    if raised is None:
        return ()
    stance = f" ({raised['stance'].lower()})" if raised["stance"] else ""
    answer = f": {raised['response']}" if raised["response"] and out.fresh(raised["response"]) \
        else "."
    return (meta(f"Last raised {raised['date']} at “{raised['meeting']}” with {raised['with']}"
                 f"{stance}"), answer if answer != "." else meta("."))


def recommendation_paras(out: Outline, rec: dict, about: str, marks: tuple = ()) -> None:
    """A recommendation: its title with ``about`` (addressee, status, priority ...) and
    ``marks``, its text when not said already, and where it was last raised."""
    out.para(strong(rec["title"]), meta(about), *marks)
    if out.fresh(rec["text"]) and text_key(rec["text"]) != text_key(rec["title"]):
        out.para(rec["text"])
    if rec.get("last_raised"):
        out.para(*raised_line(out, rec["last_raised"]))


def never_raised_marks(item: dict) -> tuple:
    """The marks of a recommendation or case: never raised anywhere, or not with these people."""
    if "last_raised" in item and item["last_raised"] is None:
        return (" ", flag("Never raised"))
    if item.get("never_raised"):
        return (" ", flag(NEVER_RAISED))
    return ()


def case_paras(out: Outline, case: dict, *, in_full: bool) -> None:
    """A case: title, status and whether it is for internal use only, its summary, latest
    update, last raising and our notes. ``in_full`` (a meeting pack's annex) adds whether it
    may be named, the never-raised marks, the charges and which update is internal."""
    restricted: tuple[str | Run, ...] = ()
    if case.get("restricted"):
        naming = "" if not in_full or case.get("may_be_named") else ", not cleared for naming"
        restricted = (" ", alert(f"Not for external use ({case['sensitivity']}{naming})"))
    marks = never_raised_marks(case) if in_full else ()
    out.para(strong(case["title"]), meta(f" · {case['status']}"), *restricted, *marks)
    if in_full and case.get("charges") and out.fresh(case["charges"]):
        out.para(meta(case["charges"]))
    if case.get("summary") and out.fresh(case["summary"]):
        out.para(case["summary"])
    update = case.get("latest_update")
    if update and out.fresh(update["text"]):
        internal = (" ", alert("internal")) if in_full and update.get("internal") else ()
        out.para(strong(f"Latest ({update['date']}): "), update["text"], *internal)
    if case.get("last_raised"):
        out.para(*raised_line(out, case["last_raised"]))
    if case.get("notes") and out.fresh(case["notes"]):
        out.para(strong("Our notes: "), case["notes"], style="note")


def key_facts_table(out: Outline, facts: list[dict]) -> None:
    """The key facts and figures as a table: fact, figure, as of, source."""
    out.table(("Fact", "Figure", "As of", "Source"),
              [(f["label"], f["value"], f["as_of"], f["source"]) for f in facts])
