"""The outline of a meeting pack: its core, then the annexes ticked.

The core is the meeting, the objective, the asks, who is across the table, what changed and
the likely responses; or, for a meeting already held, its record. "Never raised with these
people" is one mark on an item, not a paragraph.
"""

from __future__ import annotations

from app.services.packs.blocks import Block, Outline, Run, alert, flag, meta, strong
from app.services.packs.parts import (
    ask_runs,
    case_paras,
    cover,
    key_facts_table,
    never_raised_marks,
    recommendation_paras,
)

ANNEX_LETTERS = "ABCDEFGH"


def meeting_outline(pack: dict) -> list[Block]:
    """The outline of a meeting pack (internal or external; a brief or a held meeting's record)."""
    out = Outline()
    cover(out, pack)
    if pack.get("travel"):
        _travel(out, pack["travel"])
    _objective(out, pack)
    if pack.get("mode") == "record" and pack.get("record") is not None:
        _record(out, pack["record"])
        _across(out, pack, "Who was across the table")
    else:
        _asks(out, pack["asks"])
        _across(out, pack, "Who is across the table")
        if "changes" in pack:
            _changes(out, pack["changes"])
        if "responses" in pack:
            _responses(out, pack["responses"])
    _annexes(out, pack["annexes"])
    return out.blocks


def _travel(out: Outline, travel: dict) -> None:
    out.heading(2, "Travel copy")
    out.para(alert(f"Valid until {travel['until']}."), " ", travel["guidance"], style="note")


def _objective(out: Outline, pack: dict) -> None:
    if pack.get("objective") or pack.get("purpose"):
        out.heading(2, "Objective")
        out.para(pack.get("objective", ""))
        if pack.get("purpose"):
            out.para(meta("Why this meeting: "), pack["purpose"])
    if pack.get("notes"):
        lines = [line.strip().lstrip("-*").strip() for line in pack["notes"].splitlines()]
        lines = [line for line in lines if line]
        out.para(strong("Our notes (internal)"), style="note")
        out.items([(line,) for line in lines if out.fresh(line)])



def _asks(out: Outline, asks: dict) -> None:
    out.asked.update({a["id"]: f"ask {n}" for n, a in enumerate(asks["ask"], start=1)})
    out.asked.update({a["id"]: f"point {n} to raise" for n, a in enumerate(asks["raise"], start=1)})
    out.heading(2, "The asks")
    if asks["ask"]:
        out.items([ask_runs(out, a, False) for a in asks["ask"]], numbered=True)
    elif not asks["raise"]:
        out.empty("No recommendation chosen for the people in the room.")
    if asks["raise"]:
        if asks["ask"]:
            out.para(strong(f"Points for {asks['counterpart']} to raise"))
        else:
            out.para(meta(f"Points for {asks['counterpart']} to raise with the addressee:"))
        out.items([ask_runs(out, a, True) for a in asks["raise"]], numbered=True)


def _across(out: Outline, pack: dict, title: str) -> None:
    out.heading(2, title)
    if not pack["across"]:
        out.empty("No one from the other side is recorded.")
    for person in pack["across"]:
        restricted = (" ", alert(f"{person['sensitivity']}: not for external use")) \
            if person.get("restricted") else ()
        out.heading(3, person["name"])
        lines: list[tuple[Run | str, ...]] = []
        if restricted:
            lines.append(restricted[1:])
        if person.get("post"):
            lines.append((person["post"],))
        if "last_met" in person:
            last = person["last_met"]
            if last is None:
                lines.append((meta("First meeting with us."),))
            else:
                times = person.get("times_met", 1)
                more = f" ({times} meetings in our recent history)" if times > 1 else ""
                outcome = f" {last['outcome']}" if last["outcome"] and out.fresh(last["outcome"]) \
                    else ""
                lines.append((strong("Last met "), f"{last['date']}: {last['title']}.{outcome}",
                              meta(more)))
        if person.get("stance"):
            lines.append((strong("Stance: "), person["stance"] + "."))
        for promise in person.get("promises", []):
            lines.append(_promise(out, promise))
        if person.get("notes") and out.fresh(person["notes"]):
            lines.append((meta("Our notes: "), person["notes"]))
        out.items(lines)


def _promise(out: Outline, promise: dict) -> tuple:
    out.fresh(promise["description"])
    due = f", due {promise['due']}" if promise["due"] else ""
    if promise["state"] == "broken":
        outcome = f" {promise['outcome']}" if promise["outcome"] and out.fresh(promise["outcome"]) \
            else ""
        return (alert("Promise broken"), " ", promise["description"] + due + "." + outcome)
    mark = flag("overdue") if promise["state"] == "overdue" else None
    return (strong("Promised: "), promise["description"] + due + ".", " " if mark else None, mark)


def _changes(out: Outline, changes: dict) -> None:
    since = f" ({changes['since']})" if changes["since"] else ""
    out.heading(2, f"What changed since we last met{since}")
    if not changes["since"]:
        out.empty("We have not met these people before.")
        return
    rows = []
    for c in changes["items"]:
        mark = alert(c["mark"]) if c["kind"] == "broken" else flag(c["mark"])
        if c["kind"] in ("broken", "kept", "closed"):
            said_before = not out.fresh(c["text"])
            text = "the promise above" if said_before else c["text"]
            detail = f"{c['date']}, {c['subject']}: {text}."
            extra = f" {c['outcome']}" if c.get("outcome") and out.fresh(c["outcome"]) else ""
            rows.append((mark, " ", detail + extra))
        elif c["kind"] == "case":
            out.fresh(c["text"])
            internal = (" ", alert("internal")) if c.get("internal") else ()
            rows.append((mark, " ", f"{c['date']}, {c['subject']} (now {c['status']}): {c['text']}",
                         *internal))
        else:
            evidence = f" {c['evidence']}" if c.get("evidence") and out.fresh(c["evidence"]) \
                else ""
            rows.append((mark, " ", f"{c['date']}, {c['subject']}: {c['text']}.{evidence}"))
    out.items_or_empty(rows, "Nothing recorded since then.")


def _responses(out: Outline, responses: list[dict]) -> None:
    out.heading(2, "Likely responses and our replies")
    rows = []
    for r in responses:
        if not out.fresh(r["said"]):
            continue
        stance = f", {r['stance'].lower()}" if r["stance"] else ""
        reply = (strong(" Reply: "), r["reply"]) if r["reply"] and out.fresh(r["reply"]) else ()
        said = f"They said ({r['with']}, {r['date']}{stance}): “{r['said']}”"
        rows.append((strong(r["subject"] + ". "), said, *reply))
    out.items_or_empty(rows, "These people have not answered on these points before.")


def _record(out: Outline, record: dict) -> None:
    if record["outcome"]:
        out.heading(2, "Outcome")
        out.para(record["outcome"])
        out.fresh(record["outcome"])
    out.heading(2, "What was raised")
    rows = []
    for r in record["raised"]:
        point = f" {r['point']}" if r["point"] and out.fresh(r["point"]) else ""
        who = f" with {r['with']}" if r["with"] else ""
        said = f" Answer{' (' + r['stance'].lower() + ')' if r['stance'] else ''}: {r['said']}" \
            if r["said"] and out.fresh(r["said"]) else ""
        reply = f" Our reply: {r['reply']}" if r["reply"] and out.fresh(r["reply"]) else ""
        rows.append((strong(r["subject"]), meta(who + "."), point, said, reply))
    out.items_or_empty(rows, "Nothing was recorded as raised at this meeting.")
    out.heading(2, "Commitments made")
    commitments = [(strong(c["who"] + ": "), c["text"] + (f", due {c['due']}" if c["due"] else "")
                    + ".", " ", flag(c["status"])) for c in record["commitments"]
                   if out.fresh(c["text"])]
    out.items_or_empty(commitments, "No commitments were recorded at this meeting.")


# -- Annexes ---------------------------------------------------------------------------------

def _annexes(out: Outline, annexes: dict) -> None:
    parts = [(name, annexes[name]) for name in
             ("background", "recommendations", "cases", "follow_ups", "key_facts")
             if annexes.get(name)]
    if not parts:
        return
    out.blocks.append(Block("annexes"))
    for letter, (name, content) in zip(ANNEX_LETTERS, parts, strict=False):
        ANNEX_PRINTERS[name](out, f"Annex {letter}. ", content)


def _background(out: Outline, prefix: str, sections: list[dict]) -> None:
    out.heading(2, prefix + "Background")
    for section in sections:
        out.heading(3, section["theme"])
        out.items([(flag("Concern"), " ", text) for text in section["concerns"]
                   if out.fresh(text)]
                  + [(flag("Positive step"), " ", text) for text in section["positives"]
                     if out.fresh(text)])



def _recommendations(out: Outline, prefix: str, recs: list[dict]) -> None:
    out.heading(2, prefix + "The recommendations in full")
    for rec in recs:
        asked = f" · {out.asked[rec['id']]}" if rec.get("id") in out.asked else ""
        recommendation_paras(out, rec, f" · To: {rec['addressee']} · {rec['status']}"
                                       f" · priority {rec['priority']}{asked}",
                             never_raised_marks(rec))


def _cases(out: Outline, prefix: str, cases: list[dict]) -> None:
    out.heading(2, prefix + "The cases")
    for case in cases:
        case_paras(out, case, in_full=True)


def _follow_ups(out: Outline, prefix: str, follow_ups: list[dict]) -> None:
    out.heading(2, prefix + "Our outstanding follow-ups")
    out.items([(strong(f"Due {f['due']}: ") if f["due"] else None, f["description"],
                meta(f" ({f['owner']}" + (f", from “{f['meeting']}”" if f["meeting"] else "")
                     + ")"), " " if f["overdue"] else None,
                flag("overdue") if f["overdue"] else None)
               for f in follow_ups if out.fresh(f["description"])])


def _key_facts(out: Outline, prefix: str, facts: list[dict]) -> None:
    out.heading(2, prefix + "Key facts and figures")
    key_facts_table(out, facts)


ANNEX_PRINTERS = {"background": _background, "recommendations": _recommendations,
                  "cases": _cases, "follow_ups": _follow_ups, "key_facts": _key_facts}
