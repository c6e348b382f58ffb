"""Reading pages in tests."""

from __future__ import annotations

import html


def text_of(response) -> str:
    """A response's page as text, with HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))
