"""The test suite's own layout: test modules import shared helpers from plain helper modules
(tests/support/, tests/factories.py…), never from a ``conftest.py`` (pytest loads those itself;
importing one runs it twice, under two names) nor from another test module (which would make
pytest collect its tests twice and tie unrelated tests together)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def forbidden_imports(source: str) -> list[str]:
    """The modules ``source`` imports that a test module must not: a conftest or a test module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
            if node.module in (None, "tests", "tests.security", "tests.browser") or node.level:
                names += [f"{node.module or ''}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            last = name.rsplit(".", 1)[-1]
            if last == "conftest" or last.startswith("test_"):
                found.append(name)
    return found


def test_the_check_catches_each_forbidden_kind():
    assert forbidden_imports("from tests.conftest import login") == ["tests.conftest"]
    assert forbidden_imports("from tests.security.conftest import swap") == [
        "tests.security.conftest"]
    assert forbidden_imports("from tests.test_packs_web import form_for") == [
        "tests.test_packs_web"]
    assert forbidden_imports("def f():\n    from tests.security.test_leak_sweep import X\n") == [
        "tests.security.test_leak_sweep"]
    assert forbidden_imports("from tests import conftest") == ["tests.conftest"]
    assert forbidden_imports("from . import test_meetings") == [".test_meetings"]
    assert forbidden_imports("import tests.test_meetings") == ["tests.test_meetings"]
    assert forbidden_imports("from tests.support.signing_in import login\n"
                             "from tests.factories import make_world") == []


def test_no_module_of_the_suite_imports_a_conftest_or_a_test_module():
    modules = [p for p in TESTS.rglob("*.py") if "node_modules" not in p.parts]
    assert len(modules) > 100
    offenders = {str(p.relative_to(TESTS)): found for p in modules
                 if (found := forbidden_imports(p.read_text(encoding="utf-8")))}
    assert offenders == {}, "move the shared helpers to a plain module (tests/support/)"
