"""The DOCX pack: real Word headings and lists, so officers can keep editing it in Word.

Pack text is only ever inserted as run text (data, never a template). The document's core
properties carry no officer's name in an external pack: author and "last modified by" are
"Parley" unless the internal pack names who issued it.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from app.security.cleaning import clean_deep
from app.services.packs.render_markdown import COVER_LABELS

MUTED = RGBColor(0x5B, 0x64, 0x75)
ALERT = RGBColor(0xA4, 0x26, 0x2C)


class _Doc:
    """A thin writer over python-docx using the built-in Word styles."""

    def __init__(self, pack: dict) -> None:
        self.pack = pack
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin, section.bottom_margin = Mm(20), Mm(18)
        self.doc.styles["Normal"].font.size = Pt(10)
        self._header_footer(section)

    def _header_footer(self, section) -> None:
        header = section.header.paragraphs[0]
        run = header.add_run(self.pack["marking"].upper())
        run.bold, run.font.size, run.font.color.rgb = True, Pt(8), ALERT
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer.add_run("Page ").font.size = Pt(8)
        self._field(footer, "PAGE")
        footer.add_run(" of ").font.size = Pt(8)
        self._field(footer, "NUMPAGES")

    @staticmethod
    def _field(paragraph, code: str) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(8)
        for tag, text in (("begin", None), (None, code), ("separate", None), (None, "1"),
                          ("end", None)):
            if tag:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), tag)
            elif text == code:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {code} "
            else:
                element = OxmlElement("w:t")
                element.text = text
            run._r.append(element)

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def para(self, text: str = "", *, bold_lead: str | None = None, muted: bool = False,
             style: str | None = None):
        paragraph = self.doc.add_paragraph(style=style)
        if bold_lead:
            paragraph.add_run(bold_lead).bold = True
        run = paragraph.add_run(text)
        if muted:
            run.font.color.rgb = MUTED
            run.font.size = Pt(9)
        return paragraph

    def flag(self, paragraph, text: str) -> None:
        run = paragraph.add_run(f"  [{text}]")
        run.bold, run.font.size, run.font.color.rgb = True, Pt(8), ALERT

    def bullets(self, texts, numbered: bool = False) -> None:
        style = "List Number" if numbered else "List Bullet"
        num_id = self._restarted_numbering() if numbered else None
        for text in texts:
            paragraph = self.doc.add_paragraph(text, style=style)
            if num_id is not None:
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = num_id

    def _restarted_numbering(self) -> int:
        """A new Word numbering that starts at 1 (each numbered list counts from 1 again)."""
        numbering = self.doc.part.numbering_part.element
        style_num = self.doc.styles["List Number"].element.pPr.numPr.numId.val
        abstract_id = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Light List Accent 1"
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = text
        for values in rows:
            for cell, text in zip(table.add_row().cells, values):
                cell.text = text

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _raised(r: dict) -> str:
    stance = f" ({r['stance']})" if r["stance"] else ""
    answer = f": {r['response']}" if r["response"] else ""
    return f"Last raised {r['date']} at \u201c{r['meeting']}\u201d with {r['with']}{stance}{answer}"


def _recommendation(d: _Doc, rec: dict) -> None:
    d.heading(rec["title"], 4)
    d.para(rec["text"])
    meta = d.para(f"Status: {rec['status']} · Priority {rec['priority']}", muted=True)
    if rec.get("never_raised_with_these"):
        d.flag(meta, "Never raised with these people")
    if rec.get("raised_at_event"):
        d.flag(meta, "Raised at this event")
    if rec.get("last_raised"):
        d.para(_raised(rec["last_raised"]), muted=True)


def _case(d: _Doc, c: dict) -> None:
    d.heading(c["title"], 4)
    meta = d.para(f"Status: {c['status']}" + (f" · {c['charges']}" if c["charges"] else ""),
                  muted=True)
    if c.get("restricted"):
        d.flag(meta, f"Not for external use: {c['sensitivity']}"
               + ("" if c["may_be_named"] else ", not cleared for naming"))
    if c["summary"]:
        d.para(c["summary"])
    if c["latest_update"]:
        u = c["latest_update"]
        p = d.para(u["text"], bold_lead=f"Latest ({u['date']}): ")
        if u.get("internal"):
            d.flag(p, "Internal update")
    if c.get("last_raised"):
        d.para(_raised(c["last_raised"]), muted=True)
    if c.get("notes"):
        d.para(c["notes"], bold_lead="Our notes: ")


def _cover(d: _Doc, pack: dict) -> None:
    marking = d.para(pack["marking"].upper())
    marking.runs[0].bold, marking.runs[0].font.color.rgb = True, ALERT
    d.doc.add_heading(pack["cover"]["title"], level=0)
    rows = []
    for key, label in COVER_LABELS:
        value = pack["cover"].get(key)
        if value:
            rows.append([label, ", ".join(value) if isinstance(value, list) else value])
    table = d.doc.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].paragraphs[0].runs[0].font.color.rgb = MUTED
        cells[0].width, cells[1].width = Mm(35), Mm(135)


def _attendees(d: _Doc, pack: dict) -> None:
    d.heading("Who is across the table", 1)
    for a in pack["attendees"]:
        d.heading(a["name"], 2)
        if a.get("restricted"):
            d.flag(d.para(""), f"{a['sensitivity']}: not for external use")
        for post in a["posts"]:
            d.para(post, muted=True)
        if a.get("notes"):
            d.para(a["notes"], bold_lead="Our notes: ")
        if "past_meetings" in a:
            d.heading("Our past meetings", 3)
            d.bullets([f"{m['date']}: {m['title']}" + (f". {m['outcome']}" if m["outcome"] else "")
                       for m in a["past_meetings"]] or ["First meeting with us."])
            if a["earlier_meetings"]:
                least = "at least " if a.get("earlier_meetings_at_least") else ""
                d.para(f"And {least}{a['earlier_meetings']} earlier meetings.", muted=True)
        if a.get("stances"):
            d.heading("Stance on our themes", 3)
            d.bullets(f"{s['theme']}: {s['stance']} ({s['date']})" for s in a["stances"])
        if a.get("open_commitments"):
            d.heading("Their open commitments", 3)
            d.bullets(c["description"] + (f", due {c['due']}" if c["due"] else "")
                      + (" (overdue)" if c["overdue"] else "") for c in a["open_commitments"])


def _themes(d: _Doc, pack: dict) -> None:
    for section in pack["themes"]:
        d.heading(section["name"], 1)
        if section.get("points"):
            d.heading("Points to make", 2)
            d.bullets(section["points"], numbered=True)
        if section.get("concerns") or section.get("positives"):
            d.heading("Background", 2)
            d.bullets(["\u2212 " + t for t in section["concerns"]]
                      + ["+ " + t for t in section["positives"]])
        if section["recommendations"]:
            d.heading("Recommendations", 2)
            for rec in section["recommendations"]:
                _recommendation(d, rec)
        if section["cases"]:
            d.heading("Cases", 2)
            for c in section["cases"]:
                _case(d, c)


def _internal_parts(d: _Doc, pack: dict) -> None:
    if "likely_responses" in pack:
        d.heading("Likely responses and our replies", 1)
        for r in pack["likely_responses"]:
            d.para(f" ({r['with']}, {r['date']})", bold_lead=r["subject"])
            d.para(f"They said: \u201c{r['response']}\u201d", style="List Bullet")
            if r["our_reply"]:
                d.para(r["our_reply"], bold_lead="Our reply: ", style="List Bullet")
        if not pack["likely_responses"]:
            d.para("These people have not answered on these points before.", muted=True)
    if "changes" in pack:
        changes = pack["changes"]
        d.heading("What changed since we last met these people", 1)
        if not changes["since"]:
            d.para("We have not met these people before.", muted=True)
        else:
            d.para(f"Since {changes['since']}.", muted=True)
            d.bullets([f"{u['date']}, {u['case']}: {u['text']}" for u in changes["case_updates"]]
                      + [f"{c['date']}, {c['recommendation']}: "
                         f"{c['from'] or 'new'} \u2192 {c['to']}"
                         for c in changes["status_changes"]]
                      + [f"{c['date']}, {c['who']}: {c['description']}: {c['status']}"
                         for c in changes["commitments"]] or ["Nothing recorded since then."])
    if "our_follow_ups" in pack:
        d.heading("Our outstanding follow-ups", 1)
        d.bullets([(f"Due {f['due']}{' (overdue)' if f['overdue'] else ''}: " if f["due"] else "")
                   + f"{f['description']} ({f['owner']})" for f in pack["our_follow_ups"]]
                  or ["Nothing outstanding on our side."])


def _properties(d: _Doc, pack: dict) -> None:
    props = d.doc.core_properties
    author = pack["cover"].get("issued_by") or "Parley"
    props.author = author
    props.last_modified_by = author
    props.title = pack["cover"]["title"]
    props.subject = "Talking-point pack"
    props.keywords = pack["marking"]
    props.comments = ""
    props.category = pack["cover"]["audience"]
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    props.created = props.modified = now
    props.revision = 1


def render_docx(pack: dict) -> bytes:
    """Print the pack structure as a Word document (text cleaned first: Word refuses controls)."""
    pack = clean_deep(pack)
    d = _Doc(pack)
    _cover(d, pack)
    for key, title in (("purpose", "Why this meeting"), ("objective", "Objective"),
                       ("objectives", "Our objectives"), ("notes", "Our notes (internal)")):
        if pack.get(key):
            d.heading(title, 1)
            for line in pack[key].splitlines():
                if line.strip():
                    d.para(line.lstrip("- ").strip(),
                           style="List Bullet" if line.lstrip().startswith("- ") else None)
    d.heading("The asks", 1)
    d.bullets([f"{a['title']}. {a['talking_point']} ({a['status']})" for a in pack["asks"]],
              numbered=True)
    if "attendees" in pack:
        _attendees(d, pack)
    if "meetings" in pack:
        d.heading("Meetings", 1)
        for m in pack["meetings"]:
            d.heading(m["title"], 2)
            d.para(f"{m['date']}, {m['time']} · {m['place']} · {m['status']}", muted=True)
            d.bullets(p["name"] + (", " + "; ".join(p["posts"]) if p["posts"] else "")
                      for p in m["with"])
        if pack.get("more_meetings"):
            d.para(f"And {pack['more_meetings']} later meetings, each with its own pack.",
                   muted=True)
    _themes(d, pack)
    _internal_parts(d, pack)
    d.heading("Key facts and figures", 1)
    d.table(["Fact", "Figure", "As of", "Source"],
            [[f["label"], f["value"], f["as_of"], f["source"]] for f in pack["key_facts"]])
    _properties(d, pack)
    return d.save()
