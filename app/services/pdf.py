"""PDF printing, in one place: WeasyPrint prints Parley's HTML, fetching nothing but Parley's
own static files, as a tagged PDF (PDF/UA-1: headings, lists and tables marked for screen
readers, the document language set by ``<html lang>``), with fonts configured once per process.

:func:`html_to_pdf` prints HTML that is final already (a sealed pack); :func:`render_pdf`
first masks restricted names for the reader inside a request (a PDF is not a text response, so
:func:`app.security.masking.mask_response` cannot reach it).
"""

from __future__ import annotations

import logging
import mimetypes
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

STATIC_FOLDER = Path(__file__).resolve().parent.parent / "static"
#: The PDF variant every Parley PDF is printed in.
PDF_VARIANT = "pdf/ua-1"


class BlockedFetch(ValueError):
    """A document asked for something outside Parley's static folder."""


def static_url(filename: str) -> str:
    """The ``file://`` address of a static file, for documents rendered to PDF."""
    return (STATIC_FOLDER / filename).resolve().as_uri()


def static_only_fetcher(url: str, *args, **kwargs) -> dict:
    """WeasyPrint ``url_fetcher``: serve files from app/static, refuse everything else."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise BlockedFetch(f"refused to fetch {url!r}: only Parley's static files are allowed")
    path = Path(unquote(parts.path)).resolve()
    if STATIC_FOLDER.resolve() not in path.parents or not path.is_file():
        raise BlockedFetch(f"refused to fetch {url!r}: only Parley's static files are allowed")
    mime_type, _ = mimetypes.guess_type(path.name)
    return {"string": path.read_bytes(), "mime_type": mime_type or "application/octet-stream",
            "redirected_url": path.as_uri()}


@lru_cache(maxsize=1)
def _font_config():
    """WeasyPrint's font configuration, made once (reading the system's fonts is slow)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_to_pdf(html: str) -> bytes:
    """Print final HTML to PDF bytes: tagged, static files only, fonts cached."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=STATIC_FOLDER.as_uri() + "/",
                    url_fetcher=static_only_fetcher)
    return document.write_pdf(font_config=_font_config(), pdf_variant=PDF_VARIANT,
                              pdf_tags=True)


def render_pdf(html: str) -> bytes:
    """Print an HTML page to PDF, masked for the reader first when inside a request."""
    from flask import has_request_context

    if has_request_context():
        from app.extensions import db
        from app.security.masking import mask

        html = mask(db.session(), html)
    return html_to_pdf(html)
