"""UPR recommendation lists (CSV and .xlsx): headers matched loosely, a preview before anything
is written, duplicates reported, "as recommended previously" offered by text similarity
(bounded), the chosen rows saved with their source symbol, state, paragraph and response."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Recommendation, Source, UprResponse
from app.services.imports.upr import build_plan, read_upr_file
from app.services.imports.upr import plan as plan_module
from app.services.imports.upr.columns import match_columns
from tests.support.queries import row_counts

FIXTURES = Path(__file__).parent / "fixtures" / "upr"
CYCLE_2 = "upr-cycle-2.csv"
CYCLE_3 = "upr-cycle-3.csv"


def _bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _upload(client, data: bytes, name: str, addressee: str = "Kazakhstani authorities"):
    return client.post("/import/upr/", data={"file": (io.BytesIO(data), name),
                                             "addressee": addressee},
                       content_type="multipart/form-data")


def _confirm(client, chosen: list[str], declined: str = "", page: int = 1):
    return client.post(f"/import/upr/preview?page={page}", data={
        "chosen": chosen, "declined": declined, "on_page": str(page), "action": "save"},
        follow_redirects=True)


def _by_paragraph() -> dict[str, Recommendation]:
    return {r.upr_paragraph: r for r in db.session.scalars(select(Recommendation))}


def _cycle_3_workbook() -> bytes:
    """The cycle-3 fixture as a workbook: a title row above the headers, 112.10 a number
    formatted with two decimals."""
    book = openpyxl.Workbook()
    sheet = book.active
    lines = _bytes(CYCLE_3).decode("utf-8").splitlines()
    for line in lines:
        sheet.append(line.split(";"))
    for cell in sheet["A"]:
        if cell.value == "112.10":
            cell.value = 112.1
            cell.number_format = "0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture()
def cycle_2(app, officer_client):
    """The cycle-2 list imported through the page, every row and nothing declined."""
    _upload(officer_client, _bytes(CYCLE_2), CYCLE_2)
    _confirm(officer_client, [f"r{n}" for n in range(2, 8)])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Recommendation)) == 6


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("headers, expected", [
    (["Recommendation", "Recommending State", "Regional Group (RS)", "Response",
      "Action Category", "Issues", "Session", "Cycle", "Document"],
     {"text": 0, "state": 1, "response": 3, "cycle": 7, "symbol": 8}),
    (["No.", "Recommendations", "Recommending States", "Position"],
     {"paragraph": 0, "text": 1, "state": 2, "response": 3}),
    (["Reccomendation", "Recomending state", "Respone", "SuR", "Symbol"],
     {"text": 0, "state": 1, "response": 2, "addressee": 3, "symbol": 4}),
    (["Recommendation No.", "Text", "State under review", "State",
      "Position of the State under review", "Report"],
     {"paragraph": 0, "text": 1, "addressee": 2, "state": 3, "response": 4, "symbol": 5}),
], ids=["upr info matrix", "short", "misspelt", "state twice"])
def test_headers_are_matched_loosely(headers, expected):
    found = match_columns(headers)
    assert {field: column for field, column in found.items() if column is not None} == expected


def test_a_list_is_read_with_every_shape_of_value():
    upr = read_upr_file(_bytes(CYCLE_3), CYCLE_3)
    assert dict(upr.column_names()) == {
        "Recommendation": "Text of the recommendation", "Paragraph": "Para. No.",
        "Response": "Position of the State under review", "State under review": None,
        "Recommending state": "Recommended by", "Cycle": "UPR cycle",
        "Document symbol": "Symbol"}
    rows = {row.line: row for row in upr.rows}
    assert len(rows) == 10 and min(rows) == 3  # the title row above the headers is skipped
    first = rows[3]
    assert (first.paragraph, first.state, first.response, first.cycle, first.symbol) == (
        "112.1", "Norway", UprResponse.NOTED, 3, "A/HRC/112/7")  # cycle "third"
    assert rows[6].response is None and rows[6].notes == [
        "response “Supported/Noted” is partly supported: left empty"]
    # The recommending state at the end of the text, UN style.
    assert rows[7].state == "Iceland" and rows[7].text.endswith("without harassment or "
                                                                 "intimidation.")
    # The paragraph number at the start of the text; "Accepted" is supported.
    assert rows[8].paragraph == "112.6" and rows[8].text.startswith("Establish a national")
    assert rows[8].response is UprResponse.SUPPORTED
    assert rows[11].problem == "no recommendation text"
    assert rows[12].paragraph == "112.10" and rows[12].cycle == 3  # "III"
    assert rows[12].notes == [
        "response “Under consideration” is neither supported nor noted: left empty"]


def test_a_workbook_reads_like_the_csv():
    from_csv = read_upr_file(_bytes(CYCLE_3), CYCLE_3)
    from_xlsx = read_upr_file(_cycle_3_workbook(), "upr-cycle-3.xlsx")
    assert from_xlsx.column_names() == from_csv.column_names()
    assert [(r.line, r.paragraph, r.text, r.state, r.response, r.cycle, r.symbol)
            for r in from_xlsx.rows] == \
        [(r.line, r.paragraph, r.text, r.state, r.response, r.cycle, r.symbol)
         for r in from_csv.rows]


# --------------------------------------------------------------------------- the page


def test_preview_then_confirm_saves_the_list_with_its_source(app, officer_client):
    response = _upload(officer_client, _bytes(CYCLE_2), CYCLE_2)
    assert response.status_code == 302 and response.location.endswith("/import/upr/preview")
    with app.app_context():
        before = row_counts()
    page = officer_client.get("/import/upr/preview").get_data(as_text=True)
    assert "<strong>6</strong> new recommendation(s)" in page
    assert "Recommending state ← “Recommending State”" in page
    assert "Document symbol ← “Document symbol”" in page and "State under review ← <em>none" \
        in page
    assert "Confirm and save 6 recommendation(s)" in page
    with app.app_context():
        assert row_counts() == before  # the preview writes nothing
    result = _confirm(officer_client, [f"r{n}" for n in range(2, 8)]).get_data(as_text=True)
    assert "UPR list imported: 6 recommendations created (0 linked to an earlier " \
           "recommendation), 1 new source(s); 0 row(s) not imported." in result
    with app.app_context():
        source = db.session.scalar(select(Source))
        assert (source.document_symbol, source.upr_cycle, source.publisher) == (
            "A/HRC/98/12", 2, "UN Human Rights Council")
        assert "(A/HRC/98/12)" in source.title
        recs = _by_paragraph()
        assert sorted(recs) == ["98.1", "98.2", "98.3", "98.4", "98.5", "98.6"]
        death_penalty = recs["98.1"]
        assert death_penalty.source_state == "Norway"
        assert death_penalty.upr_response is UprResponse.NOTED
        assert death_penalty.addressee == "Kazakhstani authorities"
        assert death_penalty.short_title == "Ratify the Second Optional Protocol to the " \
            "International Covenant on Civil and Political Rights aiming at the abolition of " \
            "the death penalty"[:len(death_penalty.short_title)]
        assert recs["98.4"].text == "Decriminalise defamation and move it to the civil code, " \
            "in line with article 19 of the Covenant"
        assert recs["98.4"].upr_response is UprResponse.SUPPORTED
        assert all(r.source_id == source.id and r.previous_id is None for r in recs.values())
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
        assert audit.changes["kind"] == "UPR list" and audit.changes["created"] == 6
        source_id = source.id
    page = officer_client.get(f"/sources/{source_id}").get_data(as_text=True)
    assert '<dd class="document-symbol">A/HRC/98/12</dd>' in page
    assert "<dt>UPR cycle</dt><dd>2</dd>" in page


def test_duplicates_and_earlier_recommendations_in_the_preview(app, officer_client, cycle_2):
    _upload(officer_client, _bytes(CYCLE_3), CYCLE_3)
    page = officer_client.get("/import/upr/preview").get_data(as_text=True)
    assert "<strong>7</strong> new recommendation(s)" in page
    assert '<strong class="report-duplicate">2</strong> duplicate(s)' in page
    assert '<strong class="report-error">1</strong> row(s) with problems' in page
    assert "<strong>3</strong> new recommendation(s) look like an earlier one" in page
    assert "Duplicate: same text and state as row 4 of this file" in page
    assert "Duplicate: same paragraph 112.2 as row 4 of this file" in page
    assert "Skipped: no recommendation text" in page
    assert "response “Supported/Noted” is partly supported: left empty" in page
    with app.app_context():
        recs = _by_paragraph()
        death_penalty, assembly, defamation = recs["98.1"], recs["98.2"], recs["98.4"]
    assert f'value="l3" checked> Link to <a href="/recommendations/{death_penalty.id}">' in page
    assert "(100% alike; A/HRC/98/12, paragraph 98.1, cycle 2, Norway)" in page
    assert f'recommendation #{assembly.id}</a></label>' in page
    assert "(94% alike; A/HRC/98/12, paragraph 98.2, cycle 2, Germany)" in page
    assert f'recommendation #{defamation.id}</a>' in page
    assert page.count('name="chosen" value="l') == 3
    # Untick the assembly link and the Commissioner row (row 12); save the rest.
    chosen = ["r3", "r4", "r5", "r6", "r7", "r8", "l3", "l6"]
    result = _confirm(officer_client, chosen).get_data(as_text=True)
    assert "UPR list imported: 6 recommendations created (2 linked to an earlier " \
           "recommendation), 1 new source(s); 4 row(s) not imported." in result
    with app.app_context():
        recs = _by_paragraph()
        assert recs["112.1"].previous_id == death_penalty.id
        assert recs["112.4"].previous_id == defamation.id
        assert recs["112.2"].previous_id is None  # the officer unticked it
        assert "112.10" not in recs and "112.7" not in recs
        assert recs["112.5"].source_state == "Iceland"
        assert recs["112.6"].upr_response is UprResponse.SUPPORTED
        assert recs["112.4"].upr_response is None
        assert recs["112.1"].source.document_symbol == "A/HRC/112/7"
        assert recs["112.1"].source.upr_cycle == 3
        later_id, earlier_id = recs["112.1"].id, death_penalty.id
    later = officer_client.get(f"/recommendations/{later_id}").get_data(as_text=True)
    assert "<dt>As recommended previously</dt>" in later
    assert f'href="/recommendations/{earlier_id}"' in later and "paragraph 98.1" in later
    assert '<dd class="upr-response">Noted</dd>' in later and "UPR cycle 3" in later
    earlier = officer_client.get(f"/recommendations/{earlier_id}").get_data(as_text=True)
    assert "<dt>Recommended again</dt>" in earlier and "A/HRC/112/7, paragraph 112.1" in earlier


def test_the_same_list_again_creates_nothing(app, officer_client, cycle_2):
    _upload(officer_client, _bytes(CYCLE_2), CYCLE_2)
    page = officer_client.get("/import/upr/preview").get_data(as_text=True)
    assert "<strong>0</strong> new recommendation(s)" in page
    assert page.count("Duplicate: already held: recommendation #") == 6
    assert "(paragraph 98.3)" in page
    assert 'value="save" disabled' in page


def test_a_workbook_imports_through_the_page(app, officer_client, cycle_2):
    response = _upload(officer_client, _cycle_3_workbook(), "upr-cycle-3.xlsx")
    assert response.status_code == 302
    page = officer_client.get("/import/upr/preview").get_data(as_text=True)
    assert "<strong>7</strong> new recommendation(s)" in page
    assert "<strong>3</strong> new recommendation(s) look like an earlier one" in page
    _confirm(officer_client, ["r3", "l3", "r12"])
    with app.app_context():
        recs = _by_paragraph()
        assert set(recs) == {"98.1", "98.2", "98.3", "98.4", "98.5", "98.6", "112.1", "112.10"}
        assert recs["112.10"].source_state == "Poland"
        assert recs["112.1"].previous_id == recs["98.1"].id


def test_choices_survive_moving_between_pages(app, officer_client, tmp_path):
    lines = ["Paragraph,Recommendation,Recommending State"] + [
        f"7.{n},Recommendation number {n} about a distinct topic {n * 7919},Norway"
        for n in range(1, 121)]
    _upload(officer_client, "\n".join(lines).encode(), "long.csv")
    first = officer_client.get("/import/upr/preview").get_data(as_text=True)
    assert "Rows 1–50 of 120, page 1 of 3." in first
    page_1 = [f"r{n}" for n in range(2, 52)]
    # Untick row 5 on page 1 and move to page 2: the choice travels with the form.
    second = officer_client.post("/import/upr/preview?page=2", data={
        "chosen": [k for k in page_1 if k != "r5"], "declined": "", "on_page": "1",
        "action": "page"}).get_data(as_text=True)
    assert "Rows 51–100 of 120, page 2 of 3" in second
    assert 'name="declined" type="hidden" value="r5"' in second
    assert "Confirm and save 119 recommendation(s)" in second
    page_2 = [f"r{n}" for n in range(52, 102)]
    result = _confirm(officer_client, [k for k in page_2 if k != "r60"], declined="r5",
                      page=2).get_data(as_text=True)
    assert "118 recommendations created" in result
    with app.app_context():
        held = set(db.session.scalars(select(Recommendation.upr_paragraph)))
        assert len(held) == 118 and "7.4" not in held and "7.59" not in held


def test_a_forged_choice_is_refused_and_nothing_saved(app, officer_client):
    _upload(officer_client, _bytes(CYCLE_2), CYCLE_2)
    for data in ({"chosen": ["r2", "r99"], "on_page": "1", "action": "save"},
                 {"chosen": ["r2"], "declined": "x1", "on_page": "1", "action": "save"}):
        response = officer_client.post("/import/upr/preview", data=data)
        assert response.status_code == 400
        assert "The choices could not be read" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Recommendation)) == 0


@pytest.mark.parametrize("data, name, words", [
    (b"", "list.csv", "The file is empty"),
    (b"%PDF-1.4 \x00\x01", "list.csv", "PDF"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "list.csv", "save the sheet as .xlsx (Excel 2007"),
    (b"State,Response\nNorway,Noted\n", "list.csv",
     "No column looks like the recommendation text (headers read: “State”, “Response”)"),
    (b"Recommendation,State\n", "list.csv", "a header row but no recommendation below it"),
    (b"PK\x03\x04broken zip", "list.xlsx", "damaged archive"),
], ids=["empty", "pdf", "old excel", "no text column", "header only", "broken zip"])
def test_a_bad_file_is_explained_and_nothing_changes(app, officer_client, data, name, words):
    with app.app_context():
        before = row_counts()
    response = _upload(officer_client, data, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page
    assert "This list was not imported." in page and words in page
    with app.app_context():
        assert row_counts() == before


def test_a_viewer_sees_no_form_and_cannot_post(app, viewer_client):
    page = viewer_client.get("/import/upr/").get_data(as_text=True)
    assert "Your role can read Parley but not change it." in page
    assert 'enctype="multipart/form-data"' not in page
    assert _upload(viewer_client, _bytes(CYCLE_2), CYCLE_2).status_code == 403


# --------------------------------------------------------------------------- bounded cost


def test_the_comparison_is_bounded_and_prefers_the_same_state(app, officer_client, cycle_2,
                                                             monkeypatch):
    upr = read_upr_file(_bytes(CYCLE_3), CYCLE_3)
    with app.app_context():
        plan = build_plan(db.session, upr, CYCLE_3)
        assert plan.candidates == 6  # every earlier recommendation, under the caps
        # Allow one candidate per new row: SQL picks the recommending states of the file first.
        monkeypatch.setattr(plan_module, "MAX_COMPARISONS", 7)
        plan = build_plan(db.session, upr, CYCLE_3)
        assert plan.candidates == 1
        state = db.session.scalar(select(Recommendation.source_state).where(
            Recommendation.id == max(e.earlier.recommendation_id for e in plan.rows
                                     if e.earlier)))
        assert state in {"Norway", "Germany", "Czechia"}
        monkeypatch.setattr(plan_module, "MAX_COMPARISONS", 6)  # fewer than one a row
        assert build_plan(db.session, upr, CYCLE_3).candidates == 0


# --------------------------------------------------------------------------- command line


def test_command_line_dry_run_json_and_import(app, runner, tmp_path, cycle_2):
    source = tmp_path / "cycle-3.xlsx"
    source.write_bytes(_cycle_3_workbook())
    with app.app_context():
        before = row_counts()
    result = runner.invoke(args=["import-upr", str(source), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    preview = json.loads(result.output)
    assert (preview["new"], preview["duplicates"], preview["problems"], preview["links"]) == \
        (7, 2, 1, 3)
    rows = {row["row"]: row for row in preview["rows"]}
    assert rows[3]["earlier"]["score"] == 100 and rows[3]["response"] == "noted"
    assert rows[12]["paragraph"] == "112.10"
    assert rows[10]["duplicate_of"] == "same paragraph 112.2 as row 4 of this file"
    with app.app_context():
        assert row_counts() == before
    result = runner.invoke(args=["import-upr", str(source), "--dry-run"])
    assert "row 9: same text and state as row 4 of this file" in result.output
    assert "7 new, 2 duplicates, 1 with problems; 3 like an earlier recommendation." \
        in result.output
    result = runner.invoke(args=["import-upr", str(source), "--addressee", "Kazakhstan",
                                 "--no-links"])
    assert result.exit_code == 0, result.output
    assert "Created 7 recommendations (0 linked to an earlier one) and 1 sources." \
        in result.output
    with app.app_context():
        recs = _by_paragraph()
        assert recs["112.3"].addressee == "Kazakhstan" and recs["112.1"].previous_id is None
    result = runner.invoke(args=["import-upr", str(tmp_path / "missing.csv")])
    assert result.exit_code != 0 and "No such file" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("State\nNorway\n", encoding="utf-8")
    result = runner.invoke(args=["import-upr", str(bad)])
    assert result.exit_code == 1 and "No column looks like the recommendation text" \
        in result.output


def test_another_list_of_the_same_document_reuses_its_source(app, officer_client, cycle_2):
    text = ("Recommendation;Paragraph;Document\n"
            "Ratify the Convention on the Rights of Persons with Disabilities' Optional "
            "Protocol;98.7;a/hrc/98/12\n"
            "A different wording under a paragraph already held;98.1;A/HRC/98/12\n")
    _upload(officer_client, text.encode(), "addendum.csv")
    page = officer_client.get("/import/upr/preview").get_data(as_text=True)
    assert "<strong>1</strong> new recommendation(s)" in page
    with app.app_context():
        held = _by_paragraph()["98.1"].id  # ids go on after earlier tests on PostgreSQL
    assert f"Duplicate: already held: recommendation #{held} (paragraph 98.1)" in page
    _confirm(officer_client, ["r2"])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Source)) == 1
        added = _by_paragraph()["98.7"]
        assert added.source.document_symbol == "A/HRC/98/12"
        assert added.addressee == "Kazakhstani authorities"


def test_cancel_drops_the_waiting_list(app, officer_client):
    _upload(officer_client, _bytes(CYCLE_2), CYCLE_2)
    page = officer_client.get("/import/upr/preview").get_data(as_text=True)
    assert 'formaction="/import/upr/cancel">Cancel</button>' in page
    response = officer_client.post("/import/upr/cancel", follow_redirects=True)
    assert "UPR import cancelled; nothing was saved." in response.get_data(as_text=True)
    response = officer_client.get("/import/upr/preview")
    assert response.status_code == 302 and response.location.endswith("/import/upr/")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Recommendation)) == 0
