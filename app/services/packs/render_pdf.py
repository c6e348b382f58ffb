"""The PDF pack: WeasyPrint prints the HTML pack, fetching nothing from outside Parley."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from app.services.packs.render_html import STATIC_DIR, render_html


class RefusedFetch(ValueError):
    """WeasyPrint asked for a resource that is not one of Parley's own static files."""


def static_url_fetcher(url: str, *args, **kwargs) -> dict:
    """Serve only files inside ``app/static``; refuse every other URL (http, data, other files)."""
    from weasyprint import default_url_fetcher

    parsed = urlparse(url)
    if parsed.scheme == "file" and not parsed.netloc:
        path = Path(unquote(parsed.path)).resolve()
        if path.is_file() and path.is_relative_to(STATIC_DIR):
            return default_url_fetcher(url, *args, **kwargs)
    raise RefusedFetch(f"Parley's PDF renderer does not fetch {url!r}")


def html_to_pdf(html: str) -> bytes:
    """Print an HTML document to PDF with the static-only fetcher."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    base_url = STATIC_DIR.as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=static_url_fetcher).write_pdf()


def render_pdf(pack: dict) -> bytes:
    """Print the pack structure as a PDF (the HTML pack, laid out on A4)."""
    return html_to_pdf(render_html(pack))
