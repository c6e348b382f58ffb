"""PDF rendering with WeasyPrint that fetches nothing but Parley's own static files."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

STATIC_FOLDER = Path(__file__).resolve().parent.parent / "static"


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


def render_pdf(html: str) -> bytes:
    """Render an HTML document to PDF bytes, with outside fetches refused.

    Inside a request the HTML is masked for the reader first (a PDF is not a text response,
    so :func:`app.security.masking.mask_response` cannot reach it).
    """
    from flask import has_request_context
    from weasyprint import HTML

    if has_request_context():
        from app.extensions import db
        from app.security.masking import mask

        html = mask(db.session, html)
    return HTML(string=html, base_url=STATIC_FOLDER.as_uri() + "/",
                url_fetcher=static_only_fetcher).write_pdf()
