"""The demo data: the 2026 EU-Kazakhstan dialogue, loaded once however often it runs."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Case,
    Finding,
    FollowUp,
    Meeting,
    MeetingStatus,
    Polarity,
    Recommendation,
    Sensitivity,
    Theme,
)


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_demo_loads_the_dialogue_picture(app, demo):
    with app.app_context():
        top_themes = db.session.scalars(
            select(Theme.name).where(Theme.parent_id.is_(None)).order_by(Theme.position)).all()
        assert top_themes == ["Constitutional reform", "Freedom of association",
                              "Freedom of expression", "Freedom of peaceful assembly",
                              "Persecution of activists, journalists and bloggers"]
        assert _count(Finding, Finding.polarity == Polarity.POSITIVE) == 7
        assert _count(Finding, Finding.polarity == Polarity.CONCERN) == 27
        assert _count(Recommendation, Recommendation.addressee == "Kazakhstani authorities") == 20
        assert _count(Case, Case.sensitivity == Sensitivity.AT_RISK) >= 2
        assert _count(Case, Case.may_be_named.is_(True)) >= 5
        statuses = db.session.scalars(select(Meeting.status)).all()
        assert MeetingStatus.HELD in statuses and MeetingStatus.PLANNED in statuses
        assert _count(FollowUp) >= 8


def test_seed_demo_is_idempotent(app, runner, demo):
    with app.app_context():
        before = {m.__name__: _count(m) for m in (Theme, Finding, Recommendation, Case, Meeting,
                                                  FollowUp)}
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "nothing added" in result.output
    with app.app_context():
        after = {m.__name__: _count(m) for m in (Theme, Finding, Recommendation, Case, Meeting,
                                                 FollowUp)}
    assert before == after


def test_seed_demo_if_empty_skips_a_used_database(runner, demo):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "demo not loaded" in result.output


def test_demo_states_facts_in_its_own_words():
    """No run of eight words from the briefing paper appears in the demo's data file."""
    from app.demo.data import load_demo_data
    from tests.support.files import require_sample

    def grams(text: str) -> set[tuple[str, ...]]:
        words = [w.strip(".,;:()*\"'“”‘’").lower() for w in text.split()]
        words = [w for w in words if w]
        return {tuple(words[i:i + 8]) for i in range(len(words) - 7)}

    def texts(value) -> list[str]:
        if isinstance(value, dict):
            return [text for item in value.values() for text in texts(item)]
        if isinstance(value, list):
            return [text for item in value for text in texts(item)]
        return [value] if isinstance(value, str) else []

    paper = grams(require_sample())
    shared = {gram for text in texts(load_demo_data()) for gram in grams(text)} & paper
    proper_name = "kazakhstan international bureau for human rights and rule of law kibhr"
    shared = {g for g in shared if " ".join(g) not in proper_name}
    assert not shared, sorted(shared)[:3]
