"""Importing a list of UPR recommendations (CSV or .xlsx): read the rows (:mod:`.rows`, headers
matched loosely by :mod:`.columns`), preview what is new, duplicated or repeats an earlier
recommendation (:mod:`.plan`), then save the officer's choice (:mod:`.save`).

Kept apart from the briefing import: a UPR list is a table, not a paper.
"""

from app.services.imports.upr.plan import SIMILAR, UprPlan, build_plan
from app.services.imports.upr.rows import UprList, read_upr_file
from app.services.imports.upr.save import UprResult, save_plan

__all__ = ["SIMILAR", "UprList", "UprPlan", "UprResult", "build_plan", "read_upr_file",
           "save_plan"]
