"""Each area (blueprint) keeps its views to itself: what two areas share lives in a shared
module (``app/record_views``, ``app/services``), never in one area's ``routes.py``."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def imported_routes(path: Path) -> set[str]:
    """The ``app.<area>.routes`` modules that the module at ``path`` imports, in any form."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {name for name in names
                  if name.startswith("app.") and name.split(".")[-1] == "routes"
                  and len(name.split(".")) == 3}
    return found


def test_the_check_sees_every_form_of_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from app.organisations.routes import country_choices\n"
                      "import app.cases.routes\nfrom app.events import routes\n"
                      "from app.record_views.forms import options\n")
    assert imported_routes(module) == {"app.organisations.routes", "app.cases.routes",
                                       "app.events.routes"}


def test_no_area_imports_another_areas_routes():
    crossing = []
    for path in sorted(APP.rglob("*.py")):
        area = path.relative_to(APP).parts[0]
        for name in sorted(imported_routes(path)):
            if name.split(".")[1] != area:
                crossing.append(f"{path.relative_to(APP.parent)} imports {name}")
    assert crossing == []
