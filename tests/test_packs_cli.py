"""``flask pack`` and ``flask event-brief`` on the command line."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, DialogueEvent, Meeting, Pack


def ids(app):
    with app.app_context():
        meeting = db.session.scalar(select(Meeting.id).where(
            Meeting.title.startswith("German embassy")))
        event = db.session.scalar(select(DialogueEvent.id).where(
            DialogueEvent.title == "EU-Kazakhstan Human Rights Dialogue 2026"))
    return meeting, event


def test_pack_writes_the_file_and_keeps_it(app, runner, demo, tmp_path):
    meeting_id, _ = ids(app)
    output = tmp_path / "german.md"
    result = runner.invoke(args=["pack", str(meeting_id), "--format", "md",
                                 "--audience", "external", "--output", str(output)])
    assert result.exit_code == 0, result.output
    text = output.read_text()
    assert "# German embassy: human rights attaché" in text
    assert "Katrin Vollmer-Hesse" in text and "**For external use**" in text
    with app.app_context():
        pack = db.session.scalars(select(Pack)).one()
        assert pack.content == output.read_bytes() and pack.issued_by_id is None
        audit = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "pack_issued")).one()
        assert audit.changes["via"] == "command line"


def test_event_brief_writes_a_pdf(app, runner, demo, tmp_path):
    _, event_id = ids(app)
    output = tmp_path / "brief.pdf"
    result = runner.invoke(args=["event-brief", str(event_id), "--format", "pdf",
                                 "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")


def test_bad_id_or_format_is_one_line_and_non_zero(app, runner, demo, tmp_path):
    meeting_id, _ = ids(app)
    output = str(tmp_path / "x")
    for args, message in (
        (["pack", "999", "--format", "pdf", "--output", output], "No meeting with id 999."),
        (["pack", str(meeting_id), "--format", "odt", "--output", output], "Unknown format"),
        (["pack", str(meeting_id), "--audience", "press", "--output", output], "Unknown audience"),
        (["event-brief", "999", "--output", output], "No event with id 999."),
    ):
        result = runner.invoke(args=args)
        assert result.exit_code != 0
        assert message in result.output
        assert len(result.output.strip().splitlines()) == 1
    with app.app_context():
        assert db.session.scalars(select(Pack)).all() == []
