"""Briefing-paper import: the sample comes out exactly from Markdown, Word and pasted text,
through the page and the command line; re-importing duplicates nothing; bad input changes
nothing."""

from __future__ import annotations

import io

import pytest

from app.services.imports.briefing import parse_paper
from tests.support.briefing_sample import (
    assert_sample,
    renditions,
)
from tests.support.queries import row_counts

# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("rendition", ["markdown", "word", "pasted with bullets",
                                       "pasted without bullets", "pasted with dashes",
                                       "pasted and wrapped at 80", "pdf"])
def test_sample_parses_exactly_from_every_rendition(markdown, rendition):
    data, name = renditions(markdown)[rendition]
    briefing = parse_paper(data, name)
    assert_sample(briefing.summary(), briefing)


def test_markers_numbering_headings_and_addressees_vary():
    paper = """Briefing on media freedom and fair trial

FREEDOM OF THE MEDIA

(+) A new press law was adopted after consultation.
(–) Two newspapers were closed by court order.
– Reporters face fines for "false" information under Article 274 of the Criminal Code.
The EU should raise media freedom at the next subcommittee.

We recommend that Kazakhstan:
1. Reopen the closed newspapers.
2. Repeal Article 274.

Fair trial

Concerns:
Journalist Anna Example was detained for a post.
Positive steps:
The bar association admitted independent lawyers.

Recommendations:
1) Guarantee access to a lawyer from the first hour of detention.
"""
    briefing = parse_paper(paper.encode(), "paper.txt")
    summary = briefing.summary()
    assert summary["themes"] == ["Freedom of the media", "Fair trial"]
    assert summary["findings"] == {"positive": 2, "concern": 3, "unthemed": 0}
    polarities = [(f.polarity, f.text[:12]) for f in briefing.findings]
    assert polarities[0] == ("positive", "A new press ")
    assert polarities[-1] == ("positive", "The bar asso")
    addressed = [(r["addressee"], r["text"][:10]) for r in summary["recommendations"]]
    assert addressed == [("EU", "The EU sho"), ("Kazakhstan", "Reopen the"),
                         ("Kazakhstan", "Repeal Art"), ("Authorities", "Guarantee ")]
    assert summary["persons"] == ["Anna Example"]
    assert briefing.articles[0].number == "274"


def test_plain_text_names_come_from_cue_words_not_from_any_capitals():
    paper = """Defenders under pressure

HUMAN RIGHTS DEFENDERS

- Lawyers Aru Bekova and Dana Serik were disbarred; the Supreme Court upheld it.
- The Ministry of Justice denied that blogger Timur Nurly, activists Ainur Sadu, Erlan Tas \
and Olga Berg, and the widow of Kairat Ospan were under pressure.
- Journalists from Radio Azattyq and activists who visited Astana were questioned.
- Twelve members of the Steppe Union were charged.
"""
    briefing = parse_paper(paper.encode(), "paper.txt")
    assert briefing.summary()["persons"] == ["Aru Bekova", "Dana Serik", "Timur Nurly",
                                             "Ainur Sadu", "Erlan Tas", "Olga Berg"]
    assert [g.title for g in briefing.groups] == ["Steppe Union members"]


#: A text with no sentence in it: a salutation, an agenda and a signature.
NO_SENTENCE = b"Dear colleagues,\n\nAgenda\n10:00 Welcome\n10:30 Coffee\n\nBest wishes,\nAnna\n"


def _refusals(markdown: str) -> dict[str, tuple[bytes, str, str]]:
    """Bad inputs: (bytes, file name, words the message must contain)."""
    return {
        "empty": (b"", "empty.md", "empty"),
        "blank": (b"  \n\n \n", "blank.txt", "empty"),
        "binary": (bytes(range(256)) * 20, "paper.md", "binary"),
        "pdf": (b"%PDF-1.7\n" + b"\x00\x01" * 50, "paper.pdf", "PDF"),
        "image renamed .md": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "paper.md", "image"),
        "zip that is not Word": (_zip_bytes(), "paper.docx", "not a Word"),
        "no sentence": (NO_SENTENCE, "agenda.txt", "No recognisable structure"),
    }


def _zip_bytes() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


def test_each_bad_input_is_refused_on_the_page_and_nothing_changes(app, officer_client,
                                                                   markdown):
    with app.app_context():
        before = row_counts()
    for name, (data, filename, words) in _refusals(markdown).items():
        response = officer_client.post("/import/", data={
            "paper": (io.BytesIO(data), filename)}, content_type="multipart/form-data")
        page = response.get_data(as_text=True)
        assert response.status_code in (400, 422), name
        assert words in page, (name, page[-1500:])
        assert "Nothing has been saved" in page or "Choose a file" in page, name
    with app.app_context():
        assert row_counts() == before


def test_paper_over_the_import_limit_gets_a_friendly_message(app, officer_client, markdown):
    with app.app_context():
        before = row_counts()
    app.config["PARLEY_IMPORT_MAX_BYTES"] = 1000
    try:
        response = officer_client.post("/import/", data={
            "paper": (io.BytesIO(markdown.encode()), "briefing.md")},
            content_type="multipart/form-data")
    finally:
        app.config.pop("PARLEY_IMPORT_MAX_BYTES")
    assert response.status_code == 422
    assert "too large to import" in response.get_data(as_text=True)
    app.config["MAX_CONTENT_LENGTH"], limit = 2000, app.config["MAX_CONTENT_LENGTH"]
    try:
        response = officer_client.post("/import/", data={
            "paper": (io.BytesIO(markdown.encode()), "briefing.md")},
            content_type="multipart/form-data")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)
    with app.app_context():
        assert row_counts() == before


def test_each_bad_input_is_refused_on_the_command_line(app, runner, tmp_path, markdown):
    with app.app_context():
        before = row_counts()
    for name, (data, filename, words) in _refusals(markdown).items():
        path = tmp_path / filename
        path.write_bytes(data)
        result = runner.invoke(args=["import-briefing", str(path)])
        assert result.exit_code != 0, name
        assert words in result.output, (name, result.output)
        assert len(result.output.strip().splitlines()) == 1, result.output
    result = runner.invoke(args=["import-briefing", str(tmp_path / "missing.md")])
    assert result.exit_code != 0 and "No such file" in result.output
    with app.app_context():
        assert row_counts() == before

