"""The print-ready HTML pack: the outline as a standalone page with its A4 stylesheet inlined."""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app
from markupsafe import Markup

from app.services.packs.blocks import split
from app.services.packs.outline import outline

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
STYLESHEET = STATIC_DIR / "pack-print.css"


@lru_cache(maxsize=1)
def pack_css() -> str:
    """The pack stylesheet, as inlined into every HTML pack."""
    return STYLESHEET.read_text(encoding="utf-8")


def content_security_policy() -> str:
    """A CSP for showing an HTML pack in the browser: its inline stylesheet and nothing else."""
    digest = base64.b64encode(hashlib.sha256(pack_css().encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'self' data:; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


def render_html(pack: dict) -> str:
    """Print the pack's outline as a standalone HTML document (needs an app context)."""
    core, annexes = split(outline(pack))
    template = current_app.jinja_env.get_template("packs/outline.html")
    return template.render(core=core, annexes=annexes, title=pack["cover"]["title"],
                           audience=pack["audience"], css=Markup(pack_css()),
                           expires=(pack.get("travel") or {}).get("until"))
