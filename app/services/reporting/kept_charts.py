"""Charts counted over whole tables, kept a few minutes for readers of the same clearance.

The dashboard's and the tracker's charts aggregate every follow-up or recommendation: on a
large database that is a full scan (a few hundred milliseconds) that would otherwise run on
every page view. A chart is drawn through the visibility rule like any query, so readers with
the same clearance would draw the same chart: it is kept per clearance (and database and day)
for ``PARLEY_CHART_SECONDS`` (5 minutes by default; 0 draws it every time), in the worker's
memory. Names are masked when the page is sent, as on every page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from flask import current_app
from sqlalchemy.orm import Session

from app.security.visibility import current_levels

T = TypeVar("T")

#: How long a chart is kept when the configuration does not say.
CHART_SECONDS = 300

_kept: dict[tuple, tuple[float, object]] = {}
_lock = threading.Lock()


def kept_chart(session: Session, name: str, draw: Callable[[], T]) -> T:
    """The chart ``name`` as ``draw()`` returns it, drawn at most once every
    ``PARLEY_CHART_SECONDS`` for readers who see the same records."""
    seconds = current_app.config.get("PARLEY_CHART_SECONDS", CHART_SECONDS)
    if not seconds:
        return draw()
    key = (name, str(session.get_bind().engine.url), tuple(current_levels(session)), date.today())
    now = time.monotonic()
    with _lock:
        hit = _kept.get(key)
    if hit is not None and now - hit[0] < seconds:
        # A name is always drawn by the same function, so what was kept under it is a T.
        return hit[1]  # type: ignore[return-value]
    chart = draw()
    with _lock:
        for old in [k for k, (at, _) in _kept.items() if now - at >= seconds]:
            del _kept[old]
        _kept[key] = (now, chart)
    return chart


def forget_charts() -> None:
    """Drop every kept chart (the next view draws them again)."""
    with _lock:
        _kept.clear()
