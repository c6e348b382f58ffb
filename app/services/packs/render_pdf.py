"""The PDF pack: the HTML pack printed on A4 by :func:`app.services.pdf.html_to_pdf` (the pack
is sealed already, so nothing is masked again)."""

from __future__ import annotations

from app.services.packs.render_html import render_html
from app.services.pdf import html_to_pdf


def render_pdf(pack: dict) -> bytes:
    """Print the pack's outline as a tagged PDF."""
    return html_to_pdf(render_html(pack))
