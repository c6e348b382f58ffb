"""The sample briefing paper in every rendition the import must read, and what it holds
(tests/test_briefing_import*.py)."""

from __future__ import annotations

import pytest

from tests.briefing_renditions import docx_bytes, pdf_bytes, plain_text
from tests.support.files import require_sample

THEMES = ["Constitutional reform", "Freedom of association", "Freedom of expression",
          "Freedom of peaceful assembly", "Persecution of activists, journalists and bloggers"]
PERSONS = ["Gulnara Bazhkenova", "Amir Kassenov", "Aset Mataev", "Temirlan Yensebek",
           "Amangeldy Jahin", "Marat Zhylanbaev", "Duman Mukhamedkarim", "Aigerim Tleuzhan",
           "Lukpan Akhmedyarov", "Yakov Vorontsov", "Bakhytzhan Toregozhina",
           "Zhanar Sekerbayeva", "Murat Adam", "Aidos Sadykov", "Natalia Sadykova",
           "Dinara Smailova"]
GROUPS = ["Activists who opposed the construction of a nuclear power plant",
          "Atajurt movement activists"]


@pytest.fixture(scope="module")
def markdown() -> str:
    """The sample paper as shipped (skips when ../shared is absent)."""
    return require_sample()


def renditions(markdown: str) -> dict[str, tuple[bytes, str]]:
    """Every rendition the import must read exactly: (bytes, file name)."""
    return {
        "markdown": (markdown.encode(), "briefing.md"),
        "word": (docx_bytes(markdown), "briefing.docx"),
        "pasted with bullets": (plain_text(markdown, "• ").encode(), "pasted.txt"),
        "pasted without bullets": (plain_text(markdown, "").encode(), "pasted.txt"),
        "pasted with dashes": (plain_text(markdown, "- ").encode(), "pasted.txt"),
        "pasted and wrapped at 80": (plain_text(markdown, "• ", wrap=80).encode(), "pasted.txt"),
        "pdf": (_sample_pdf(markdown), "briefing.pdf"),
    }


_PDFS: dict[str, bytes] = {}


def _sample_pdf(markdown: str) -> bytes:
    """The sample printed to PDF by WeasyPrint, made once per run."""
    if markdown not in _PDFS:
        _PDFS[markdown] = pdf_bytes(markdown)
    return _PDFS[markdown]




def assert_sample(summary: dict, briefing=None) -> None:
    """The sample's exact structure."""
    assert summary["title"].startswith("EU-Kazakhstan Human Rights Dialogue")
    assert summary["themes"] == THEMES
    assert summary["findings"] == {"positive": 7, "concern": 27, "unthemed": 0}
    assert len(summary["recommendations"]) == 20
    assert {r["addressee"] for r in summary["recommendations"]} == {"Kazakhstani authorities"}
    assert [sum(r["theme"] == t for r in summary["recommendations"]) for t in THEMES] == \
        [4, 4, 3, 3, 6]
    assert summary["persons"] == PERSONS
    if briefing is not None:
        assert [g.title for g in briefing.groups] == GROUPS
        assert [g.phrase for g in briefing.groups][1] == "the Atajurt movement"
        assert [(f.label, f.value) for f in briefing.facts] == [
            ("CIVICUS Monitor rating", "Repressed, 30/100")]
        assert [a.label for a in briefing.articles] == [
            "Criminal Code art. 174 (inciting discord)",
            "Criminal Code art. 274 (knowingly spreading false information)",
            "Criminal Code art. 405 (extremist activities)"]
        charged = {p.name: [c.split(" (")[0] for c in p.charges]
                   for p in briefing.persons if p.charges}
        assert charged == {name: ["Criminal Code art. 274"] for name in (
            "Gulnara Bazhkenova", "Amir Kassenov", "Aset Mataev", "Lukpan Akhmedyarov")} | {
            "Temirlan Yensebek": ["Criminal Code art. 174"],
            "Amangeldy Jahin": ["Criminal Code art. 405"]}
        assert [g.charges for g in briefing.groups] == [
            [], ["Criminal Code art. 174 (inciting discord)"]]
