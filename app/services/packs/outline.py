"""One outline for every pack format: headings, paragraphs, lists, tables and marks.

The outline is made from a pack's (sealed) structure, and HTML, PDF, DOCX and Markdown only
print it (:mod:`app.services.packs.render_html`, ``render_docx``, ``render_markdown``), so they
cannot say different things. Here alone is decided what a pack says and in what order:

- a meeting pack's core (the meeting, objective, asks, who is across the table, what changed,
  likely responses; or, for a meeting already held, its record), then the annexes ticked;
- no sentence twice: a text already printed is referred to, not repeated (:class:`Outline`);
- "never raised with these people" is one mark on an item, not a paragraph.

Headings never skip a level: 1 is the title, 2 a part, 3 a person or theme within it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Styles a run of text may have; every printer knows each.
STYLES = ("", "strong", "meta", "flag", "alert")
NEVER_RAISED = "Not yet raised with them"
ANNEX_LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Run:
    """A piece of text in one style."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Block:
    """One block of the outline.

    ``kind`` is one of: ``marking`` (the audience marking), ``heading`` (``level`` 1-3),
    ``details`` (label / value ``rows``), ``para`` (``runs``; ``style`` "note" or "empty"),
    ``list`` and ``numbered`` (``items``, each a tuple of runs), ``table`` (``rows``, the first
    the header), ``annexes`` (where the annexes start: a new page on paper).
    """

    kind: str
    level: int = 0
    runs: tuple[Run, ...] = ()
    items: tuple[tuple[Run, ...], ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    style: str = ""

    @property
    def text(self) -> str:
        """The block's runs as plain text."""
        return "".join(run.text for run in self.runs)


@dataclass
class Outline:
    """An outline being written, which remembers what it has said (no sentence twice)."""

    blocks: list[Block] = field(default_factory=list)
    said: set[str] = field(default_factory=set)
    #: Recommendation id -> where it stands among the asks ("ask 2"), to refer to it there.
    asked: dict[int, str] = field(default_factory=dict)

    def fresh(self, text: str) -> bool:
        """True the first time a text is said; a text said already is left out or referred to."""
        key = _key(text)
        if not key:
            return False
        if key in self.said:
            return False
        self.said.add(key)
        return True

    def heading(self, level: int, text: str) -> None:
        """A heading (1 title, 2 part, 3 within a part)."""
        self.blocks.append(Block("heading", level=level, runs=(Run(text),)))

    def para(self, *runs, style: str = "") -> None:
        """A paragraph of runs (strings are plain runs); nothing when every run is empty."""
        runs = _runs(runs)
        if runs:
            self.blocks.append(Block("para", runs=runs, style=style))

    def empty(self, text: str) -> None:
        """A line saying a part has nothing in it."""
        self.para(text, style="empty")

    def items(self, items, numbered: bool = False) -> None:
        """A bulleted (or numbered) list; each item a sequence of runs."""
        rows = tuple(r for r in (_runs(item) for item in items) if r)
        if rows:
            self.blocks.append(Block("numbered" if numbered else "list", items=rows))

    def details(self, rows) -> None:
        """Label / value pairs (the cover)."""
        rows = tuple((label, value) for label, value in rows if value)
        if rows:
            self.blocks.append(Block("details", rows=rows))

    def table(self, header: tuple[str, ...], rows) -> None:
        """A table with a header row."""
        rows = tuple(tuple(cell or "" for cell in row) for row in rows)
        if rows:
            self.blocks.append(Block("table", rows=(header, *rows)))


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", (text or "").casefold()).strip()


def _runs(runs) -> tuple[Run, ...]:
    result = []
    for run in runs:
        if run is None:
            continue
        run = run if isinstance(run, Run) else Run(str(run))
        if run.text:
            result.append(run)
    return tuple(result) if any(r.text.strip() for r in result) else ()


def strong(text: str) -> Run:
    """A run in bold."""
    return Run(text, "strong")


def meta(text: str) -> Run:
    """A run in small, muted type."""
    return Run(text, "meta")


def flag(text: str) -> Run:
    """A mark on an item ("Not yet raised with them", "overdue")."""
    return Run(text, "flag")


def alert(text: str) -> Run:
    """A mark that must not be missed ("Promise broken", "Confidential: not for external use")."""
    return Run(text, "alert")


def split(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """The core and the annexes of an outline."""
    for n, block in enumerate(blocks):
        if block.kind == "annexes":
            return blocks[:n], blocks[n + 1:]
    return blocks, []


def plain_lines(blocks: list[Block]) -> list[str]:
    """The outline as plain lines of text, in order (what every format must show)."""
    lines: list[str] = []
    for block in blocks:
        if block.kind in ("heading", "para", "marking"):
            lines.append(block.text)
        elif block.kind in ("list", "numbered"):
            lines.extend("".join(r.text for r in item) for item in block.items)
        elif block.kind in ("details", "table"):
            lines.extend(" ".join(row) for row in block.rows)
    return lines


# -- The cover -----------------------------------------------------------------------------

COVER_LABELS = (("event", "Event"), ("kind", "Kind"), ("dates", "Dates"), ("date", "Date"),
                ("time", "Time"), ("place", "Place"), ("format", "Format"),
                ("counterpart", "Counterpart"), ("status", "Status"), ("our_team", "Our team"),
                ("audience", "Audience"), ("generated_at", "Generated"),
                ("issued_by", "Issued by"), ("travel_until", "Travel copy valid until"))


def _cover(out: Outline, pack: dict) -> None:
    out.blocks.append(Block("marking", runs=(Run(pack["marking"]),)))
    out.heading(1, pack["cover"]["title"])
    rows = []
    for key, label in COVER_LABELS:
        value = pack["cover"].get(key)
        if isinstance(value, list):
            value = ", ".join(value)
        rows.append((label, value or ""))
    out.details(rows)


# -- The meeting pack ----------------------------------------------------------------------

def meeting_outline(pack: dict) -> list[Block]:
    """The outline of a meeting pack (internal or external; a brief or a held meeting's record)."""
    out = Outline()
    _cover(out, pack)
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


def _ask_runs(out: Outline, ask: dict, with_addressee: bool) -> tuple:
    title, point = ask["title"], ask["point"]
    out.fresh(point)
    lead = () if _key(title) and _key(point).startswith(_key(title)) \
        else (strong(title.rstrip(".") + ". "),)
    to = meta(f" To: {ask['addressee']}.") if with_addressee and ask.get("addressee") else None
    never = (" ", flag(NEVER_RAISED)) if ask.get("never_raised") else ()
    return (*lead, point, to, *never)


def _asks(out: Outline, asks: dict) -> None:
    out.asked.update({a["id"]: f"ask {n}" for n, a in enumerate(asks["ask"], start=1)})
    out.asked.update({a["id"]: f"point {n} to raise" for n, a in enumerate(asks["raise"], start=1)})
    out.heading(2, "The asks")
    if asks["ask"]:
        out.items([_ask_runs(out, a, False) for a in asks["ask"]], numbered=True)
    elif not asks["raise"]:
        out.empty("No recommendation chosen for the people in the room.")
    if asks["raise"]:
        if asks["ask"]:
            out.para(strong(f"Points for {asks['counterpart']} to raise"))
        else:
            out.para(meta(f"Points for {asks['counterpart']} to raise with the addressee:"))
        out.items([_ask_runs(out, a, True) for a in asks["raise"]], numbered=True)


def _across(out: Outline, pack: dict, title: str) -> None:
    out.heading(2, title)
    if not pack["across"]:
        out.empty("No one from the other side is recorded.")
    for person in pack["across"]:
        restricted: tuple[str | Run, ...] = (
            (" ", alert(f"{person['sensitivity']}: not for external use"))
            if person.get("restricted") else ())
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
    if rows:
        out.items(rows)
    else:
        out.empty("Nothing recorded since then.")


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
    if rows:
        out.items(rows)
    else:
        out.empty("These people have not answered on these points before.")


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
    if rows:
        out.items(rows)
    else:
        out.empty("Nothing was recorded as raised at this meeting.")
    out.heading(2, "Commitments made")
    commitments = [(strong(c["who"] + ": "), c["text"] + (f", due {c['due']}" if c["due"] else "")
                    + ".", " ", flag(c["status"])) for c in record["commitments"]
                   if out.fresh(c["text"])]
    if commitments:
        out.items(commitments)
    else:
        out.empty("No commitments were recorded at this meeting.")


# -- Annexes ---------------------------------------------------------------------------------

def _annexes(out: Outline, annexes: dict) -> None:
    parts = [(name, annexes[name]) for name in
             ("background", "recommendations", "cases", "follow_ups", "key_facts")
             if annexes.get(name)]
    if not parts:
        return
    out.blocks.append(Block("annexes"))
    for letter, (name, content) in zip(ANNEX_LETTERS, parts):
        ANNEX_PRINTERS[name](out, f"Annex {letter}. ", content)


def _background(out: Outline, prefix: str, sections: list[dict]) -> None:
    out.heading(2, prefix + "Background")
    for section in sections:
        out.heading(3, section["theme"])
        out.items([(flag("Concern"), " ", text) for text in section["concerns"]
                   if out.fresh(text)]
                  + [(flag("Positive step"), " ", text) for text in section["positives"]
                     if out.fresh(text)])


def _raised_line(out: Outline, raised: dict | None) -> tuple:
    if raised is None:
        return ()
    stance = f" ({raised['stance'].lower()})" if raised["stance"] else ""
    answer = f": {raised['response']}" if raised["response"] and out.fresh(raised["response"]) \
        else "."
    return (meta(f"Last raised {raised['date']} at “{raised['meeting']}” with {raised['with']}"
                 f"{stance}"), answer if answer != "." else meta("."))


def _recommendations(out: Outline, prefix: str, recs: list[dict]) -> None:
    out.heading(2, prefix + "The recommendations in full")
    for rec in recs:
        marks = _marks(rec)
        asked = f" · {out.asked[rec['id']]}" if rec.get("id") in out.asked else ""
        out.para(strong(rec["title"]), meta(f" · To: {rec['addressee']} · {rec['status']}"
                                            f" · priority {rec['priority']}{asked}"), *marks)
        if out.fresh(rec["text"]) and _key(rec["text"]) != _key(rec["title"]):
            out.para(rec["text"])
        if rec.get("last_raised"):
            out.para(*_raised_line(out, rec["last_raised"]))


def _marks(item: dict) -> tuple:
    """The marks of a recommendation or case: never raised anywhere, or not with these people."""
    if "last_raised" in item and item["last_raised"] is None:
        return (" ", flag("Never raised"))
    if item.get("never_raised"):
        return (" ", flag(NEVER_RAISED))
    return ()


def _cases(out: Outline, prefix: str, cases: list[dict]) -> None:
    out.heading(2, prefix + "The cases")
    for case in cases:
        restricted: tuple[str | Run, ...] = ()
        if case.get("restricted"):
            naming = "" if case.get("may_be_named") else ", not cleared for naming"
            restricted = (" ", alert(f"Not for external use ({case['sensitivity']}{naming})"))
        out.para(strong(case["title"]), meta(f" · {case['status']}"), *restricted,
                 *_marks(case))
        if case.get("charges") and out.fresh(case["charges"]):
            out.para(meta(case["charges"]))
        if case.get("summary") and out.fresh(case["summary"]):
            out.para(case["summary"])
        update = case.get("latest_update")
        if update and out.fresh(update["text"]):
            internal = (" ", alert("internal")) if update.get("internal") else ()
            out.para(strong(f"Latest ({update['date']}): "), update["text"], *internal)
        if case.get("last_raised"):
            out.para(*_raised_line(out, case["last_raised"]))
        if case.get("notes") and out.fresh(case["notes"]):
            out.para(strong("Our notes: "), case["notes"], style="note")


def _follow_ups(out: Outline, prefix: str, follow_ups: list[dict]) -> None:
    out.heading(2, prefix + "Our outstanding follow-ups")
    out.items([(strong(f"Due {f['due']}: ") if f["due"] else None, f["description"],
                meta(f" ({f['owner']}" + (f", from “{f['meeting']}”" if f["meeting"] else "")
                     + ")"), " " if f["overdue"] else None,
                flag("overdue") if f["overdue"] else None)
               for f in follow_ups if out.fresh(f["description"])])


def _key_facts(out: Outline, prefix: str, facts: list[dict]) -> None:
    out.heading(2, prefix + "Key facts and figures")
    out.table(("Fact", "Figure", "As of", "Source"),
              [(f["label"], f["value"], f["as_of"], f["source"]) for f in facts])


ANNEX_PRINTERS = {"background": _background, "recommendations": _recommendations,
                  "cases": _cases, "follow_ups": _follow_ups, "key_facts": _key_facts}


# -- The event brief -------------------------------------------------------------------------

def event_outline(brief: dict) -> list[Block]:
    """The outline of a dialogue event's brief."""
    out = Outline()
    _cover(out, brief)
    if brief.get("objectives"):
        out.heading(2, "Our objectives")
        out.para(brief["objectives"])
    out.heading(2, "The asks")
    if brief["asks"]:
        out.items([_ask_runs(out, a, True) for a in brief["asks"]], numbered=True)
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
                out.para(strong(rec["title"]), meta(f" · {rec['status']} · priority "
                                                    f"{rec['priority']}"), *marks)
                if out.fresh(rec["text"]) and _key(rec["text"]) != _key(rec["title"]):
                    out.para(rec["text"])
                if rec.get("last_raised"):
                    out.para(*_raised_line(out, rec["last_raised"]))
        if section["cases"]:
            out.heading(3, "Cases")
            _case_paras(out, section["cases"])
    out.heading(2, "Key facts and figures")
    if brief["key_facts"]:
        out.table(("Fact", "Figure", "As of", "Source"),
                  [(f["label"], f["value"], f["as_of"], f["source"]) for f in brief["key_facts"]])
    else:
        out.empty("No key facts recorded.")
    return out.blocks


def _case_paras(out: Outline, cases: list[dict]) -> None:
    for case in cases:
        restricted = (" ", alert(f"Not for external use ({case['sensitivity']})")) \
            if case.get("restricted") else ()
        out.para(strong(case["title"]), meta(f" · {case['status']}"), *restricted)
        if case.get("summary") and out.fresh(case["summary"]):
            out.para(case["summary"])
        update = case.get("latest_update")
        if update and out.fresh(update["text"]):
            out.para(strong(f"Latest ({update['date']}): "), update["text"])
        if case.get("last_raised"):
            out.para(*_raised_line(out, case["last_raised"]))
        if case.get("notes") and out.fresh(case["notes"]):
            out.para(strong("Our notes: "), case["notes"], style="note")


def outline(pack: dict) -> list[Block]:
    """The outline of any pack: a meeting's or an event's."""
    return event_outline(pack) if pack["kind"] == "event" else meeting_outline(pack)
