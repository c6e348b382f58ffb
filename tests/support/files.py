"""Files outside the tests: the shared sample paper beside the project, and screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.database import BACKEND

#: ``../shared`` beside the project: the only place outside the repository tests read, and
#: only through :func:`require_sample` (which skips, saying why, when it is absent).
SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLE_BRIEFING = SHARED / "samples" / "eu-kazakhstan-hrd-2026-briefing.md"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def require_sample() -> str:
    """The shared briefing paper's text; skips the test with a reason when ../shared is absent."""
    if not SAMPLE_BRIEFING.is_file():
        pytest.skip(f"the sample briefing paper is not beside the project ({SAMPLE_BRIEFING})")
    return SAMPLE_BRIEFING.read_text(encoding="utf-8")


def screenshot(tab, name: str) -> Path:
    """Save a full-page screenshot to tests/screenshots/ (git-ignored) and return its path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{BACKEND}-{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
