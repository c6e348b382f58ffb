"""The PDF reader: the text layer read with pdfminer.six, bold runs kept, page furniture dropped.

Why pdfminer.six and not pypdf: both were tried on the fixture briefing printed to PDF by
WeasyPrint (one column and two columns) and on the sample briefing printed the same way (there
is no PDF among the shared samples). pypdf's plain extraction follows the content stream, where
WeasyPrint draws list bullets and the running header and footer after the page's text, so list
items lost their markers and ran together (18 of 20 recommendations, 5 of 7 positive steps); it
also split kerned words ("T ax", "T wo"). pypdf's layout mode read one column well but
interleaved the lines of two columns (36 of 68 paragraphs in order). pdfminer.six's layout
analysis found every paragraph whole and in order in both layouts (61 to 64 of 68 by a
first-occurrence check that repeated lead-ins lower), keeps each character's font name (so bold
is known) and words whole. pdfminer.six is well kept (regular releases, pure Python, MIT).
Known limit: a paragraph cut by a column break (not a page break) is not joined again.

How a PDF becomes blocks: pdfminer groups characters into lines and lines into text boxes; a
list marker drawn apart from its text ("•", "1.") is put back in front of the line on the
same baseline; boxes are separated by a blank line; the text then goes through the plain-text
reader (:mod:`.plaintext`), which drops page numbers and running headers and footers and joins
paragraphs cut at page breaks (:mod:`.pagetext`). Stretches in a font whose name contains
"Bold" become the blocks' bold spans, in order, since names are recognised from bold.

Refused with a message: a PDF with no text layer (a scan), one protected by a password, a
damaged one, and one past the :class:`~app.services.imports.briefing.budget.ReadingBudget`
(pages, characters on a page, seconds).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from app.security.cleaning import clean_text
from app.services.imports.briefing.budget import ReadingBudget
from app.services.imports.briefing.lines import Block, ImportRefused, squash
from app.services.imports.briefing.pagetext import page_furniture
from app.services.imports.briefing.plaintext import read_plain_text

#: A list marker drawn on its own: a bullet glyph, "1.", "a)", "(iv)".
_MARKER = re.compile(r"^(?:[•◦▪‣●○■□➢►·*–-]|\d{1,3}[.)]|[a-z][.)]|\([a-z0-9ivx]{1,4}\))$")
#: How far (points) a list marker may stand left of its text.
_MARKER_GAP = 60
#: Letters per page below which a PDF is taken to have no text layer.
_LETTERS_PER_PAGE = 20
#: The time limit is checked every this many characters drawn.
_CHECK_EVERY = 2000
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_ENDS_SENTENCE = tuple(".!?:;")
_SCAN = ("This PDF has no text layer (a scan?): Parley reads the text of a PDF, not its images. "
         "Run it through text recognition (OCR) first, or paste the paper's text instead.")
_PASSWORD = ("This PDF is protected by a password, so its text cannot be read. Save or print it "
             "as a PDF without a password, or paste the paper's text instead.")
_DAMAGED = ("This PDF could not be read; it may be damaged. Save it again from the program "
            "that made it, or paste the paper's text instead.")
_NO_CHARACTER_MAP = ("The text of this PDF cannot be read: its fonts carry no character map. "
                     "Paste the paper's text instead.")


@dataclass
class _Line:
    """One line of text on a page, with the bold flag of each character."""

    x0: float
    x1: float
    y0: float
    y1: float
    chars: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The line's characters."""
        return "".join(ch for ch, _ in self.chars).strip()


def _is_bold(fontname: str) -> bool:
    return "bold" in (fontname or "").lower()


def _line_of(layout_line) -> _Line:
    from pdfminer.layout import LTChar

    line = _Line(layout_line.x0, layout_line.x1, layout_line.y0, layout_line.y1)
    previous_bold = False
    for item in layout_line:
        text = item.get_text()
        if text == "\n":
            continue
        if isinstance(item, LTChar):
            previous_bold = _is_bold(item.fontname)
            line.chars.append((text, previous_bold))
        else:  # a space pdfminer inserted: bold only inside a bold stretch
            line.chars.append((text, previous_bold))
    return line


def _boxes(container):
    """The text boxes of a page in pdfminer's reading order, those inside figures included."""
    from pdfminer.layout import LTFigure, LTTextBox

    for item in container:
        if isinstance(item, LTTextBox):
            yield item
        elif isinstance(item, LTFigure):
            yield from _boxes(item)


def _page_lines(page) -> list[list[_Line]]:
    """The lines of one page grouped by text box, list markers put back in front of their
    text."""
    from pdfminer.layout import LTTextLine

    boxes = [[_line_of(line) for line in box if isinstance(line, LTTextLine)]
             for box in _boxes(page)]
    everything = [line for box in boxes for line in box]
    for box in boxes:
        for marker in list(box):
            if not _MARKER.match(marker.text) or len(box) > 1:
                continue
            height = marker.y1 - marker.y0
            beside = [line for line in everything if line is not marker and line.chars
                      and not _MARKER.match(line.text)
                      and 0 <= line.x0 - marker.x1 <= _MARKER_GAP
                      and abs((line.y0 + line.y1) - (marker.y0 + marker.y1)) / 2 < height / 2]
            if beside:
                target = min(beside, key=lambda line: line.x0 - marker.x1)
                target.chars[:0] = [(marker.text, False), (" ", False)]
                marker.chars = []
    return [_joined_heading([line for line in box if line.text]) for box in boxes]


def _joined_heading(box: list[_Line]) -> list[_Line]:
    """A box all in bold and ending no sentence (a heading wrapped over lines) as one line."""
    if len(box) < 2 or not all(bold or ch.isspace() for line in box for ch, bold in line.chars) \
            or box[-1].text.endswith("."):
        return box
    joined = _Line(box[0].x0, max(line.x1 for line in box), box[-1].y0, box[0].y1)
    for line in box:
        if joined.chars:
            joined.chars.append((" ", True))
        joined.chars.extend(line.chars)
    return [joined]


def _counting_aggregator(budget: ReadingBudget, page_number: list[int]):
    """A pdfminer aggregator that counts characters drawn against the budget."""
    from pdfminer.converter import PDFPageAggregator

    class _CountingAggregator(PDFPageAggregator):
        drawn = 0

        def begin_page(self, page, ctm):
            self.drawn = 0
            super().begin_page(page, ctm)

        def render_char(self, *args, **kwargs):
            self.drawn += 1
            if self.drawn > budget.page_characters:
                raise budget.page_too_dense(page_number[0])
            if self.drawn % _CHECK_EVERY == 0:
                budget.check()
            return super().render_char(*args, **kwargs)

    return _CountingAggregator


def _extract(data: bytes, budget: ReadingBudget) -> list[list[list[_Line]]]:
    """Pages of text boxes of lines; raises :class:`ImportRefused` for what cannot be read."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    page_number = [0]
    resources = PDFResourceManager(caching=True)
    device = _counting_aggregator(budget, page_number)(resources, laparams=LAParams(all_texts=True))
    interpreter = PDFPageInterpreter(resources, device)
    pages: list[list[list[_Line]]] = []
    try:
        for page in PDFPage.get_pages(io.BytesIO(data), maxpages=budget.pages + 1):
            page_number[0] += 1
            budget.spend("pages")
            budget.check()
            interpreter.process_page(page)
            pages.append(_page_lines(device.get_result()))
    except ImportRefused:
        raise
    except PDFEncryptionError as exc:
        raise ImportRefused(_PASSWORD) from exc
    except Exception as exc:  # pdfminer raises many kinds (syntax, EOF, key, type) on bad files
        raise ImportRefused(_DAMAGED) from exc
    finally:
        device.close()
    return pages


@dataclass
class _Bold:
    """A stretch of bold text: where it starts, and whether it opens or closes its text box
    (then a page or column break may have cut it)."""

    line: int
    text: str = ""
    opens_box: bool = False
    closes_box: bool = False


def _text_and_bold(pages: list[list[list[_Line]]]) -> tuple[list[str], list[_Bold]]:
    """The text lines (a blank line between boxes) and the bold stretches; a stretch goes on
    over the line ends of its box ("decision-" + "makers" keeps the hyphen)."""
    lines: list[str] = []
    spans: list[_Bold] = []
    for boxes in pages:
        for box in boxes:
            current: _Bold | None = None
            for number, line in enumerate(box):
                lines.append(clean_text("".join(ch for ch, _ in line.chars)))
                if current is not None:
                    first, bold = line.chars[0]
                    if bold:
                        current.text = current.text.rstrip()
                        if not (_HYPHEN_END.search(current.text) and first.islower()):
                            current.text += " "
                    else:
                        current = None
                for position, (ch, bold) in enumerate(line.chars):
                    if bold:
                        if current is None:
                            current = _Bold(len(lines) - 1, opens_box=number == position == 0)
                            spans.append(current)
                        current.text += ch
                    elif current is not None and not ch.isspace():
                        current = None
                    elif current is not None:
                        current.text += ch
            if current is not None:
                current.closes_box = True
            lines.append("")
    for span in spans:
        span.text = squash(clean_text(span.text))
    return lines, [span for span in spans if span.text]


def _carried(spans: list[_Bold]) -> list[list[str]]:
    """The bold stretches' texts in groups: a stretch that opens its box in lower case goes on
    from one that closed its box without ending a sentence, across a page or column break
    ("protested against the" + "closure of …")."""
    groups: list[list[str]] = []
    before: _Bold | None = None
    for span in spans:
        if (before is not None and before.closes_box and span.opens_box
                and span.text[:1].islower() and not before.text.endswith(_ENDS_SENTENCE)):
            groups[-1].append(span.text)
        else:
            groups.append([span.text])
        before = span
    return groups


def _joined(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        text = text + part if _HYPHEN_END.search(text) else f"{text} {part}"
    return text


def _attach_bold(blocks: list[Block], spans: list[_Bold]) -> None:
    """Give each block the bold stretches found in it, in the order of the paper; a stretch
    carried over a break and not found whole is looked for in its parts."""
    index, cursor = 0, 0

    def place(span: str) -> bool:
        nonlocal index, cursor
        for at in range(index, len(blocks)):
            where = blocks[at].text.find(span, cursor if at == index else 0)
            if where >= 0:
                blocks[at].bold.append(span)
                index, cursor = at, where + len(span)
                return True
        return False

    for parts in _carried(spans):
        if len(parts) == 1 or not place(_joined(parts)):
            for part in parts:
                place(part)


def read_pdf(data: bytes, budget: ReadingBudget | None = None) -> list[Block]:
    """Blocks of a PDF's text layer, with bold spans; a scan or a locked file is refused."""
    budget = budget or ReadingBudget()
    pages = _extract(data, budget)
    if not pages:
        raise ImportRefused(_DAMAGED)
    lines, spans = _text_and_bold(pages)
    text = "\n".join(lines)
    letters = sum(ch.isalpha() for ch in text)
    if letters < _LETTERS_PER_PAGE * len(pages):
        raise ImportRefused(_SCAN)
    if len(re.findall(r"\(cid:\d+\)", text)) * 5 > letters:
        raise ImportRefused(_NO_CHARACTER_MAP)
    furniture = page_furniture(lines)
    blocks = read_plain_text(text)
    _attach_bold(blocks, [span for span in spans if span.line not in furniture])
    for _block in blocks:
        budget.spend("paragraphs")
    budget.check()
    return blocks
