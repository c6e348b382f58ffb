"""Every way around the visibility rule goes through ``unrestricted()``, and each caller is
listed here with its reason: a new bypass fails this test until it is added on purpose."""

from __future__ import annotations

import ast
from pathlib import Path

from flask import g
from sqlalchemy import select

from app.models import Person, Sensitivity
from app.security.visibility import is_unrestricted, levels_for, unrestricted

APP = Path(__file__).resolve().parents[2] / "app"
RULE = "app/security/visibility.py"

#: Module -> (calls of ``unrestricted()``, why it reads past the rule).
CALLERS = {
    "app/security/restricted_access.py": (
        1, "tells a hidden record from a missing one, to audit the refusal"),
    "app/security/masking/matcher.py": (
        2, "the names to mask must include those the reader may not see"),
    "app/services/data_protection/erasure.py": (
        2, "erasing a person reaches every record about them, whatever its level"),
    "app/services/data_protection/erasure_plan.py": (
        5, "planning an erasure finds every record about the person, whatever its level"),
    "app/services/data_protection/erasure_preview.py": (
        6, "the erasure's confirmation counts every record the erasure will reach"),
    "app/services/people/names.py": (
        2, "keeps every name's transliteration key; the duplicates found are read through it"),
    "app/services/people/mentions.py": (
        1, "finds a person's name in every free text, for erasure and subject access"),
    "app/services/data_protection/subject_access.py": (
        1, "a subject access export holds everything about the person"),
    "app/services/admin/field_keys.py": (
        2, "re-encrypts every row when the keys are rotated"),
    "app/services/data_protection/review_queue.py": (
        2, "compares new names with restricted ones; the result only reaches cleared users"),
    "app/services/packs/issue.py": (
        1, "links an issued pack to every record it holds"),
    "app/services/packs/seal.py": (
        1, "a pack's level is that of the most sensitive record it names"),
    "app/demo/data.py": (
        1, "loading the demo twice finds its records whatever their level"),
}


def _modules():
    for path in sorted(APP.rglob("*.py")):
        yield path.relative_to(APP.parent).as_posix(), path.read_text(encoding="utf-8")


def _calls(source: str, name: str) -> int:
    """Calls of a function called ``name`` (``name(...)`` or ``module.name(...)``)."""
    count = 0
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            called = node.func
            found = called.id if isinstance(called, ast.Name) else getattr(called, "attr", None)
            count += found == name
    return count


def test_every_bypass_of_the_rule_is_listed():
    found = {module: _calls(source, "unrestricted") for module, source in _modules()}
    found = {module: n for module, n in found.items() if n and module != RULE}
    listed = {module: n for module, (n, _) in CALLERS.items()}
    assert found == listed, (
        "unrestricted() callers changed: a new bypass of the visibility rule must be a "
        "decision, listed in CALLERS with its reason (and one that went away, removed)")


def test_the_option_is_named_only_by_the_rule():
    """No module sets or reads the execution option itself, nor borrows its name."""
    for module, source in _modules():
        if module == RULE:
            continue
        assert "parley_unrestricted" not in source, module
        assert "_UNRESTRICTED" not in source, module
        assert _calls(source, "is_unrestricted") <= (module == "app/security/restricted_access.py")


def test_unrestricted_reads_past_the_rule_and_levels_for_only_narrows(app):
    from app.extensions import db

    with app.app_context():
        db.session.add_all([Person(full_name="Open official"),
                            Person(full_name="Hidden witness", sensitivity=Sensitivity.AT_RISK)])
        db.session.flush()
        names = select(Person.full_name).order_by(Person.full_name)
        assert is_unrestricted(unrestricted(names).get_execution_options())
        with levels_for(db.session, (Sensitivity.NORMAL,)):
            assert db.session.scalars(names).all() == ["Open official"]
            assert db.session.scalars(unrestricted(names)).all() == [
                "Hidden witness", "Open official"]
            with levels_for(db.session, tuple(Sensitivity)):  # cannot widen the block around
                assert db.session.scalars(names).all() == ["Open official"]
        # An anonymous request sees normal records only, and levels_for cannot widen that.
        with app.test_request_context("/"), levels_for(db.session, tuple(Sensitivity)):
            assert db.session.scalars(names).all() == ["Open official"]
        with app.test_request_context("/"):  # a cleared reader's calendar file: normal only
            g.parley_levels = tuple(Sensitivity)
            assert len(db.session.scalars(names).all()) == 2
            with levels_for(db.session, (Sensitivity.NORMAL,)):
                assert db.session.scalars(names).all() == ["Open official"]
            assert g.parley_levels == tuple(Sensitivity)
        db.session.rollback()
