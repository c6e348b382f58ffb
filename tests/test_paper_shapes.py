"""Papers of many shapes are read, none refused: each fixture of our own gives its exact counts,
and each shape (lead-ins, asking sentences, UPR recommending states, press-release lines,
signatories, text copied from a PDF) gives what it should. Parsing only; the page and the
command line are in tests/test_paper_fixtures.py."""

from __future__ import annotations

import pytest

from app.services.imports.briefing import ImportRefused, parse_paper
from app.services.imports.briefing.inference import case_status, paper_date, short_title
from app.services.imports.briefing.pagetext import mend_pdf_text
from app.services.imports.briefing.shapes import asked_in, split_source_state
from tests.briefing_renditions import pdf_text
from tests.paper_fixtures import EXPECTED, paper_bytes, read


def _parse(name: str):
    return parse_paper(paper_bytes(name), name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_paper_gives_its_exact_counts(name):
    expected = EXPECTED[name]
    briefing = _parse(name)
    summary = briefing.summary()
    assert summary["title"] == expected.title
    assert len(summary["themes"]) == expected.themes
    assert summary["findings"] == {"positive": expected.positive, "concern": expected.concern,
                                   "unthemed": expected.unthemed}
    assert len(summary["recommendations"]) == expected.recommendations
    assert len(summary["persons"]) == expected.persons
    assert len(briefing.groups) == expected.groups
    assert len(briefing.facts) == expected.facts
    assert summary["publisher"] == expected.publisher
    assert summary["published_on"] == expected.published_on


@pytest.mark.parametrize("name", ["briefing.docx", "briefing-bold-headings.docx",
                                  "briefing-from-pdf.txt", "briefing.pdf"])
def test_the_briefing_reads_the_same_in_every_rendition(name):
    original, other = _parse("briefing.md"), _parse(name)
    assert other.themes == original.themes
    assert [(f.polarity, f.text, f.theme) for f in other.findings] == \
        [(f.polarity, f.text, f.theme) for f in original.findings]
    assert [(r.text, r.addressee, r.theme, r.short_title, r.priority)
            for r in other.recommendations] == \
        [(r.text, r.addressee, r.theme, r.short_title, r.priority)
         for r in original.recommendations]
    assert [(p.name, p.status) for p in other.persons] == \
        [(p.name, p.status) for p in original.persons]
    assert [g.title for g in other.groups] == [g.title for g in original.groups]


@pytest.mark.parametrize("lines_per_page", [20, 28, 35])
def test_page_breaks_anywhere_in_the_briefing_change_nothing(lines_per_page):
    original = _parse("briefing.md")
    text = pdf_text(read("briefing.md"), lines_per_page)
    assert "Page 2" in text
    copied = parse_paper(text.encode(), "copied.txt")
    assert [f.text for f in copied.findings] == [f.text for f in original.findings]
    assert [r.text for r in copied.recommendations] == [r.text for r in original.recommendations]
    assert copied.summary()["persons"] == original.summary()["persons"]


def test_the_briefing_infers_titles_priorities_and_case_statuses():
    briefing = _parse("briefing.md")
    recs = briefing.recommendations
    assert [r.priority for r in recs[:5]] == [1, 2, 3, 3, 1]
    assert {r.addressee for r in recs} == {"Valdorian authorities"}
    assert recs[0].short_title == "Hold open public consultations on any further change to " \
                                  "electoral law"
    assert recs[-1].short_title == "Repeal or revise Article 188 and Article 301 of the " \
                                   "Criminal Code so that they"
    assert recs[0].how == "list under the heading “Recommendations to the Valdorian authorities:”"
    status = {p.name: (p.status, p.status_phrase) for p in briefing.persons}
    assert status["Anna Veles"] == ("convicted", "was sentenced to six")
    assert status["Timur Osk"][0] == "detained"
    assert status["Lina Parvo"] == ("released", "was released in February")
    assert status["Erik Sandal"] == ("closed", "was killed in a")
    assert status["Mira Dolen"][0] == "closed" and "died" in status["Mira Dolen"][1]
    assert status["Pavel Rusk"] == ("under_investigation", "Rusk fled abroad after his")
    assert status["Nadia Velt"][0] == "on_trial"
    assert status["Oleg Brann"] == ("under_investigation", "")
    assert [(g.title, g.status) for g in briefing.groups] == [
        ("Green Steppe movement activists", "on_trial"),
        ("Activists who protested against the closure of the Lake Ors nature reserve",
         "convicted")]
    assert briefing.facts[0].value == "Obstructed, 41/100"
    assert briefing.findings[0].how == "under the heading “ELECTORAL REFORM”"


def test_a_statement_without_themes_imports_unthemed_with_its_numbered_list():
    briefing = _parse("statement.txt")
    assert briefing.themes == []
    assert all(f.theme is None and f.polarity == "concern" for f in briefing.findings)
    assert briefing.findings[0].text.startswith("Our organisations are alarmed")
    assert briefing.findings[0].how == "paragraph outside any thematic section"
    recs = briefing.recommendations
    assert [r.addressee for r in recs] == ["Valdoria"] * 5 + ["EU"]
    assert recs[0].text.startswith("In line with its obligations")  # "1.In" without a space
    assert recs[0].short_title == "Release Marta Quill, Jonas Eber and the other detained " \
                                  "journalists without delay"
    assert recs[0].how == "list under the lead-in “We recommend that Valdoria:”"
    assert recs[-1].how == "addressee phrase “The European Union should”"
    assert [r.priority for r in recs] == [1, 2, 3, 3, 3, 1]
    assert [(p.name, p.status) for p in briefing.persons] == [
        ("Marta Quill", "convicted"), ("Jonas Eber", "detained")]
    assert "Lake Ors Civic Forum" not in " ".join(f.text for f in briefing.findings[1:])


def test_an_open_letter_reads_its_asks_and_drops_salutation_and_signatories():
    briefing = _parse("open-letter.md")
    recs = briefing.recommendations
    assert [(r.addressee, r.how.split("“")[0]) for r in recs] == [
        ("EU", "addressee phrase "), ("EU delegation", "addressee phrase "),
        ("EU", "list under the lead-in "), ("EU", "list under the lead-in "),
        ("EU", "list under the lead-in "), ("EU and its member states", "addressee phrase ")]
    assert recs[0].short_title == "Make clear that the new partnership agreement depends on " \
                                  "real progress on human"
    assert recs[2].text == "attend the trials of human rights defenders and journalists;"
    texts = [f.text for f in briefing.findings]
    assert texts[1] == "at least twelve activists were detained for peaceful protests;"
    assert not any("writing to you" in t or "disposal" in t or "Dear" in t for t in texts)
    assert "Among those imprisoned is lawyer Selma Arden" in texts[-1]
    assert briefing.summary()["persons"] == ["Selma Arden", "Piet Norrland"]  # no signatory


def test_a_news_update_skips_press_lines_and_reads_sentence_case_sections():
    briefing = _parse("news-update.txt")
    assert briefing.themes == ["Bloggers jailed", "Protest ban extended", "Media law changes"]
    texts = " ".join(f.text for f in briefing.findings)
    assert "A court in the capital today" not in texts  # the lead is not a finding
    assert "monitors civic space" not in texts and "Media contact" not in texts
    assert [f.theme for f in briefing.findings] == ["Bloggers jailed", "Bloggers jailed",
                                                    "Protest ban extended", "Media law changes"]
    assert [(p.name, p.status) for p in briefing.persons] == [
        ("Ilya Marn", "convicted"), ("Oskar Tell", "convicted")]


def test_a_un_summary_records_each_recommending_state():
    briefing = _parse("un-summary.txt")
    recs = briefing.recommendations
    assert [r.source_state for r in recs] == ["Norway", "Norway", "Chile", "Chile", "Germany",
                                              "Germany, Ireland", "Iran (Islamic Republic of)"]
    assert {r.addressee for r in recs} == {"Valdoria"}
    assert recs[1].text == "Abolish the death penalty in law for all crimes."
    assert not any("(" in r.text for r in recs[1:6])
    assert recs[0].how.endswith("; recommending state “(Norway)”")
    assert recs[0].short_title == "Ratify the Second Optional Protocol to the International " \
                                  "Covenant on Civil"
    summary = briefing.summary()["recommendations"][5]
    assert {k: summary[k] for k in ("addressee", "source_state", "theme")} == {
        "addressee": "Valdoria", "source_state": "Germany, Ireland", "theme": None}


def test_text_copied_from_a_pdf_is_mended():
    briefing = _parse("pdf-text.txt")
    texts = [f.text for f in briefing.findings]
    assert briefing.themes == ["Fair trial", "Treatment in detention"]
    assert "with decision-makers citing vague reasons" in texts[1]
    assert texts[2].endswith("until a few days before the trial opens, which leaves them no "
                             "time to prepare.")
    assert "run by the Ministry of Justice in October" in texts[3]
    assert texts[3].startswith("Former detainees describe")
    joined = " ".join(texts + [r.text for r in briefing.recommendations])
    assert "Page " not in joined and "briefing paper |" not in joined and "•" not in joined
    assert briefing.recommendations[-1].text.endswith("chosen in an open and merit-based "
                                                      "procedure.")
    assert [(p.name, p.status) for p in briefing.persons] == [
        ("Rosa Almeq", "detained"), ("Danel Fyr", "closed")]


# ------------------------------------------------------------------------------ the pieces


def test_only_whom_a_paper_asks_makes_a_recommendation():
    assert asked_in("We urge the EU to raise the cases.") == ("EU", "We urge the EU to")
    assert asked_in("We, the undersigned, call on the EU delegation to act.")[0] == \
        "EU delegation"
    assert asked_in("The Valdorian authorities should stop.")[0] == "Valdorian authorities"
    assert asked_in("Kazakhstan should repeal the law.")[0] == "Kazakhstan"
    for sentence in ("The charges should never have been brought.", "Each case should be heard.",
                     "Civil society should be consulted.", "Journalists should be free.",
                     "In particular the authorities should act."):
        assert asked_in(sentence) is None, sentence


def test_recommending_states_are_only_names_of_states():
    assert split_source_state("Ratify the Protocol (Norway);") == ("Ratify the Protocol.", "Norway")
    assert split_source_state("Act (Côte d’Ivoire and Chile)") == ("Act.", "Côte d’Ivoire, Chile")
    for text in ("Repeal it (Article 274).", "Act now (IPHR)", "Stop (see above)"):
        assert split_source_state(text) == (text, None)


def test_short_titles_take_the_first_clause():
    assert short_title("Pending release, protect the health of detainees; allow visits.") == \
        "Protect the health of detainees"
    assert short_title("End harassment of the media – including online attacks.") == \
        "End harassment of the media"
    assert short_title("3.Drop the charges (see annex).") == "Drop the charges"


def test_case_status_comes_from_the_nearest_words():
    assert case_status("Blogger Ann Bo was not released and remains behind bars.", "Ann Bo")[0] \
        == "detained"
    assert case_status("Reporter Ann Bo died in custody.", "Ann Bo") == \
        ("closed", "Bo died in custody")
    assert case_status("Writer Ann Bo, who fled abroad, was sentenced in absentia.",
                       "Ann Bo")[0] == "under_investigation"
    assert case_status("Activist Ann Bo spoke at the event.", "Ann Bo") == \
        ("under_investigation", "")


def test_the_papers_date_is_a_stated_date_not_an_event():
    assert paper_date(["Brussels, 3 March 2026"]).isoformat() == "2026-03-03"
    assert paper_date(["Published: May 12, 2026"]).isoformat() == "2026-05-12"
    assert paper_date(["Valdor, 4 June 2026 - The court ruled."]).isoformat() == "2026-06-04"
    assert paper_date(["Protests were dispersed on 4 June 2026 in the capital."]) is None


def test_page_furniture_and_hyphenation_are_mended():
    lines = ["Header of the paper", "", "The authorities have detained decision-",
             "makers of the opposition and", "", "3", "", "Header of the paper", "",
             "closed their offices.", "", "4", "", "Header of the paper", "Next paragraph."]
    assert mend_pdf_text(lines) == [
        "", "The authorities have detained decision-makers of the opposition and",
        "closed their offices.", "", "", "Next paragraph."]


def test_lettered_lists_and_numbers_without_a_space_are_lists():
    paper = ("Statement on fair trials\n\nWe recommend that the authorities:\n\n"
             "a) Open hearings to the public.\n(b) Allow lawyers to see their clients.\n"
             "3.Publish all judgments.\n121.4 Guarantee a fair trial (Chile).\n")
    recs = parse_paper(paper.encode(), "statement.txt").recommendations
    assert [r.text for r in recs] == ["Open hearings to the public.",
                                      "Allow lawyers to see their clients.",
                                      "Publish all judgments.", "Guarantee a fair trial."]
    assert recs[-1].source_state == "Chile"


def test_a_paper_that_says_something_is_never_refused():
    letter = b"Dear colleagues,\nthank you for the meeting on the prison visits.\nBest wishes.\n"
    briefing = parse_paper(letter, "letter.txt")
    assert [f.text for f in briefing.findings] == [
        "Dear colleagues, thank you for the meeting on the prison visits."]
    with pytest.raises(ImportRefused, match="No recognisable structure"):
        parse_paper(b"Agenda\n\n10:00 Welcome\n10:30 Coffee\n", "agenda.txt")


def test_sign_offs_and_press_lines_end_or_skip_but_sentences_do_not():
    from app.services.imports.briefing.headings import is_closing, is_press_line, is_salutation

    for line in ("Yours sincerely,", "Best regards, Anna", "Signed by:", "Signatories", "- ENDS -",
                 "Notes to editors", "Media contact: press office"):
        assert is_closing(line), line
    for line in ("Signed by the president in March, the law took effect.", "Ends the practice",
                 "Regards to the family were sent by the court."):
        assert not is_closing(line), line
    assert is_press_line("FOR IMMEDIATE RELEASE") and not is_press_line("Press freedom")
    assert is_salutation("Dear High Representative,") and not is_salutation("Dear me.")


def test_a_recommendations_section_at_the_level_of_the_themes_has_no_theme():
    paper = ("# Paper\n\n## Freedom of expression\n\n- Reporters were fined for their posts.\n\n"
             "### Recommendations to the authorities:\n\n- Stop fining reporters.\n\n"
             "## Torture\n\n- Detainees were beaten in custody.\n\n## Recommendations\n\n"
             "- Ratify the optional protocol.\n\nRecommendations to the EU:\n\n"
             "- Raise torture at the dialogue.\n")
    recs = parse_paper(paper.encode(), "paper.md").recommendations
    assert [(r.theme, r.addressee) for r in recs] == [
        ("Freedom of expression", "Authorities"), (None, "Authorities"), (None, "EU")]
