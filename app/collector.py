"""Python's cycle collector, set for a process that serves pages.

A served page allocates tens of thousands of short-lived objects (ORM rows, template state).
With Python's defaults (a young collection every 700 allocations) many of them are still in
use when a collection runs, so they are promoted to the oldest generation, and every few
dozen requests a full collection walks everything the process holds: the libraries and the
application, about 156,000 objects, which took 100-180 ms on the benchmark machine, a pause
in the middle of somebody's page. Measured in process at 100,000 meetings, the collector
cost 5-6 ms a request on average on the dashboard, the stakeholders list and a profile, and
19 ms on an event brief.

:func:`settle_for_serving` (called by ``create_app`` outside tests) therefore

- freezes what exists once the application is built (:func:`gc.freeze`): modules, classes,
  the URL map, the mappers. They live as long as the process, and a full collection no
  longer walks them;
- collects the young generation every :data:`YOUNG` allocations instead of 700, so that
  fewer of a request's objects are still in use when it runs (and promoted), and the
  oldest generation only after :data:`OLD` collections of the middle one instead of 10.

A young collection walks every object made since the last one: at 50,000 it took up to
40 ms here, at 5,000 up to 4 ms. Measured over 500 requests of five busy pages (in process,
large data), the collector then takes about 0.4 ms a request, and its longest pause is
under 10 ms. Cycles are still collected, by the young collections as before.
"""

from __future__ import annotations

import gc

#: Allocations between two collections of the young generation (Python's default: 700).
YOUNG = 5_000
#: Young collections between two of the middle generation, and middle ones between two
#: full collections (Python's defaults: 10 and 10).
MIDDLE, OLD = 10, 100


_settled = False


def settle_for_serving() -> None:
    """Freeze the objects built so far and space out the collections (see the module).

    Once per process: a process that builds a second application (a script, a test) keeps
    the first settlement.
    """
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()  # what setting up left behind is freed, not kept for the process's life
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, OLD)
