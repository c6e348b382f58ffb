"""The Markdown pack: the same structure as plain text for e-mail, wikis and editors.

Every text taken from the pack is HTML-escaped (``&``, ``<``, ``>``), and its square brackets
backslash-escaped, before the renderer adds its own Markdown marks, so a title such as
``<img src=x onerror=...>`` or ``[click](javascript:...)`` shows as text in any Markdown
viewer instead of becoming an element or a link. The renderer's marks never use those characters
as HTML, so escaping the data once, up front, covers every line.
"""

from __future__ import annotations

from html import escape


def _escaped(value):
    """``value`` with every string in it HTML-escaped and its brackets escaped (no links)."""
    if isinstance(value, str):
        return escape(value, quote=False).replace("[", "\\[").replace("]", "\\]")
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_escaped(item) for item in value]
    return value


def _esc(text: str) -> str:
    """Keep a line from turning into Markdown structure by accident."""
    return (text or "").replace("\r", "").replace("\n", " ").strip()


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def heading(self, level: int, text: str) -> None:
        self.lines.extend(["", "#" * level + " " + _esc(text), ""])

    def bullets(self, texts, numbered: bool = False) -> None:
        for n, text in enumerate(texts, start=1):
            self.lines.append(f"{n}. {_esc(text)}" if numbered else f"- {_esc(text)}")

    def text(self) -> str:
        return "\n".join(self.lines).strip() + "\n"


COVER_LABELS = (("event", "Event"), ("kind", "Kind"), ("dates", "Dates"), ("date", "Date"),
                ("time", "Time"), ("place", "Place"), ("format", "Format"),
                ("counterpart", "Counterpart"), ("status", "Status"), ("our_team", "Our team"),
                ("audience", "Audience"), ("generated_at", "Generated"),
                ("issued_by", "Issued by"))


def _raised(r: dict) -> str:
    stance = f" ({r['stance']})" if r["stance"] else ""
    answer = f": {r['response']}" if r["response"] else ""
    return f"Last raised {r['date']} at \u201c{r['meeting']}\u201d with {r['with']}{stance}{answer}"


def _recommendation(w: _Writer, rec: dict) -> None:
    w.heading(4, rec["title"])
    w.add(_esc(rec["text"]), "")
    flags = " **Never raised with these people.**" if rec.get("never_raised_with_these") else ""
    w.add(f"*Status: {rec['status']} · Priority {rec['priority']}*{flags}")
    if rec.get("last_raised"):
        w.add("", "*" + _esc(_raised(rec["last_raised"])) + "*")


def _case(w: _Writer, c: dict) -> None:
    restricted = " (NOT FOR EXTERNAL USE)" if c.get("restricted") else ""
    w.heading(4, c["title"] + restricted)
    w.add(f"*Status: {c['status']}*" + (f" · {_esc(c['charges'])}" if c["charges"] else ""))
    if c["summary"]:
        w.add("", _esc(c["summary"]))
    if c["latest_update"]:
        u = c["latest_update"]
        internal = " (internal update)" if u.get("internal") else ""
        w.add("", f"**Latest ({u['date']}):** {_esc(u['text'])}{internal}")
    if c.get("last_raised"):
        w.add("", "*" + _esc(_raised(c["last_raised"])) + "*")
    if c.get("notes"):
        w.add("", f"> Our notes: {_esc(c['notes'])}")


def _cover(w: _Writer, pack: dict) -> None:
    w.add(f"**{pack['marking'].upper()}**")
    w.heading(1, pack["cover"]["title"])
    for key, label in COVER_LABELS:
        value = pack["cover"].get(key)
        if value:
            value = ", ".join(value) if isinstance(value, list) else value
            w.add(f"- **{label}:** {_esc(value)}")


def _asks_and_facts(w: _Writer, pack: dict, part: str) -> None:
    if part == "asks":
        w.heading(2, "The asks")
        w.bullets((f"**{a['title']}.** {a['talking_point']} ({a['status']})" for a in pack["asks"]),
                  numbered=True)
        return
    w.heading(2, "Key facts and figures")
    if pack["key_facts"]:
        w.add("| Fact | Figure | As of | Source |", "| --- | --- | --- | --- |")
        for f in pack["key_facts"]:
            cells = (_esc(f["label"]), _esc(f["value"]), f["as_of"], _esc(f["source"]))
            w.add("| " + " | ".join(cells) + " |")


def _themes(w: _Writer, pack: dict) -> None:
    for section in pack["themes"]:
        w.heading(2, section["name"])
        if section.get("points"):
            w.heading(3, "Points to make")
            w.bullets(section["points"], numbered=True)
        if section.get("concerns") or section.get("positives"):
            w.heading(3, "Background")
            w.bullets(["(-) " + t for t in section["concerns"]] +
                      ["(+) " + t for t in section["positives"]])
        if section["recommendations"]:
            w.heading(3, "Recommendations")
            for rec in section["recommendations"]:
                _recommendation(w, rec)
        if section["cases"]:
            w.heading(3, "Cases")
            for c in section["cases"]:
                _case(w, c)


def _attendees(w: _Writer, pack: dict) -> None:
    w.heading(2, "Who is across the table")
    for a in pack["attendees"]:
        restricted = " (NOT FOR EXTERNAL USE)" if a.get("restricted") else ""
        w.heading(3, a["name"] + restricted)
        w.bullets(a["posts"])
        if a.get("notes"):
            w.add("", f"> {_esc(a['notes'])}")
        if "past_meetings" in a:
            w.add("", "**Our past meetings:**", "")
            w.bullets([f"{m['date']}: {m['title']}" + (f". {m['outcome']}" if m["outcome"] else "")
                       for m in a["past_meetings"]] or ["First meeting with us."])
            if a["earlier_meetings"]:
                least = "at least " if a.get("earlier_meetings_at_least") else ""
                w.add(f"- and {least}{a['earlier_meetings']} earlier meetings")
        if a.get("stances"):
            w.add("", "**Stance on our themes:**", "")
            w.bullets(f"{s['theme']}: {s['stance']} ({s['date']})" for s in a["stances"])
        if a.get("open_commitments"):
            w.add("", "**Their open commitments:**", "")
            w.bullets(c["description"] + (f", due {c['due']}" if c["due"] else "")
                      + (" (overdue)" if c["overdue"] else "") for c in a["open_commitments"])


def _internal_parts(w: _Writer, pack: dict) -> None:
    if "likely_responses" in pack:
        w.heading(2, "Likely responses and our replies")
        for r in pack["likely_responses"]:
            w.add(f"- **{_esc(r['subject'])}** ({r['with']}, {r['date']}): "
                  f"\u201c{_esc(r['response'])}\u201d"
                  + (f" Our reply: {_esc(r['our_reply'])}" if r["our_reply"] else ""))
    if "changes" in pack:
        changes = pack["changes"]
        w.heading(2, "What changed since we last met these people")
        if not changes["since"]:
            w.add("We have not met these people before.")
        else:
            w.add(f"Since {changes['since']}:", "")
            w.bullets([f"{u['date']}, {u['case']}: {u['text']}" for u in changes["case_updates"]]
                      + [f"{c['date']}, {c['recommendation']}: {c['from'] or 'new'} -> {c['to']}"
                         for c in changes["status_changes"]]
                      + [f"{c['date']}, {c['who']}: {c['description']}: {c['status']}"
                         for c in changes["commitments"]] or ["Nothing recorded since then."])
    if "our_follow_ups" in pack:
        w.heading(2, "Our outstanding follow-ups")
        w.bullets([(f"Due {f['due']}{' (overdue)' if f['overdue'] else ''}: " if f["due"] else "")
                   + f"{f['description']} ({f['owner']})" for f in pack["our_follow_ups"]]
                  or ["Nothing outstanding on our side."])


def render_markdown(pack: dict) -> str:
    """Print the pack structure as Markdown, every text in it HTML-escaped."""
    pack = _escaped(pack)
    w = _Writer()
    _cover(w, pack)
    for key, title in (("purpose", "Why this meeting"), ("objective", "Objective"),
                       ("objectives", "Our objectives")):
        if pack.get(key):
            w.heading(2, title)
            w.add(pack[key])
    if pack.get("notes"):
        w.heading(2, "Our notes (internal)")
        w.add(pack["notes"])
    _asks_and_facts(w, pack, "asks")
    if "attendees" in pack:
        _attendees(w, pack)
    if "meetings" in pack:
        w.heading(2, "Meetings")
        for m in pack["meetings"]:
            w.add(f"- **{m['date']}, {_esc(m['title'])}** ({m['status']}): "
                  + "; ".join(p["name"] for p in m["with"]))
        if pack.get("more_meetings"):
            w.add(f"- and {pack['more_meetings']} later meetings, each with its own pack")
    _themes(w, pack)
    _internal_parts(w, pack)
    _asks_and_facts(w, pack, "facts")
    return w.text()
