"""Source pages: sources with their findings (+/-), bad input, archive."""

from __future__ import annotations

from app.models import Finding, Polarity, Recommendation, Source, Theme
from tests.factories import add, load


def test_officer_adds_a_source_and_findings_with_polarity(app, officer_client):
    theme_id = add(app, Theme(name="Freedom of assembly"))
    response = officer_client.post("/sources/new", data={
        "title": "Joint briefing paper", "publisher": "IPHR and KIBHR",
        "published_on": "2026-02-20", "url": "https://example.org/briefing"})
    assert response.status_code == 302
    source_url = response.headers["Location"]
    source_id = int(source_url.rstrip("/").split("/")[-1])
    officer_client.post(f"/sources/{source_id}/findings/new", data={
        "polarity": "positive", "theme_id": theme_id, "text": "New law on peaceful assemblies"})
    officer_client.post(f"/sources/{source_id}/findings/new", data={
        "polarity": "concern", "theme_id": theme_id, "text": "Organisers still fined"})
    page = officer_client.get(source_url).get_data(as_text=True)
    assert "IPHR and KIBHR" in page and "20 Feb 2026" in page
    assert "Freedom of assembly" in page
    assert "Positive step:" in page and "New law on peaceful assemblies" in page
    assert "Concern:" in page and "Organisers still fined" in page


def test_url_must_be_http_and_dates_real(officer_client):
    response = officer_client.post("/sources/new", data={
        "title": "Bad", "url": "javascript:alert(1)", "published_on": "2026-02-30"})
    text = response.get_data(as_text=True)
    assert "Enter a web address starting with http:// or https://." in text
    assert "Enter a real date" in text


def test_finding_needs_text_and_a_known_polarity(app, officer_client):
    source_id = add(app, Source(title="S"))
    response = officer_client.post(f"/sources/{source_id}/findings/new", data={
        "polarity": "neutral", "text": ""})
    text = response.get_data(as_text=True)
    assert "This field is required." in text and "Not a valid choice" in text


def test_finding_edit_stale_and_archive(app, officer_client):
    source_id = add(app, Source(title="S"))
    finding_id = add(app, Finding(source_id=source_id, polarity=Polarity.CONCERN, text="Old"))
    url = f"/sources/{source_id}/findings/{finding_id}/edit"
    assert officer_client.post(url, data={"polarity": "concern", "text": "Newer",
                                          "version": "1"}).status_code == 302
    text = officer_client.post(url, data={"polarity": "positive", "text": "Mine",
                                          "version": "1"}).get_data(as_text=True)
    assert "Someone else changed this record" in text and "Newer" in text
    officer_client.post(f"/sources/{source_id}/findings/{finding_id}/archive")
    page = officer_client.get(f"/sources/{source_id}").get_data(as_text=True)
    assert "Newer" not in page
    assert "Newer" in officer_client.get(f"/sources/{source_id}?archived=y").get_data(as_text=True)
    officer_client.post(f"/sources/{source_id}/findings/{finding_id}/restore")
    assert load(app, Finding, finding_id).archived_at is None


def test_finding_of_another_source_is_404(app, officer_client):
    first, second = add(app, Source(title="A"), Source(title="B"))
    finding_id = add(app, Finding(source_id=first, polarity=Polarity.CONCERN, text="x"))
    assert officer_client.get(f"/sources/{second}/findings/{finding_id}/edit").status_code == 404


def test_source_lists_its_recommendations_and_archives(app, officer_client, viewer):
    source_id = add(app, Source(title="Periodic review 2025"))
    add(app, Recommendation(text="Ratify OP-CAT", addressee="Kazakhstani authorities",
                            source_id=source_id))
    assert "Ratify OP-CAT" in officer_client.get(f"/sources/{source_id}").get_data(as_text=True)
    officer_client.post(f"/sources/{source_id}/archive")
    assert "Periodic review 2025" not in officer_client.get("/sources/").get_data(as_text=True)
    officer_client.post(f"/sources/{source_id}/restore")
    found = officer_client.get("/sources/?q=PERIODIC").get_data(as_text=True)
    assert "Periodic review 2025" in found


def test_viewer_cannot_add_findings(app, viewer_client):
    source_id = add(app, Source(title="S"))
    response = viewer_client.post(f"/sources/{source_id}/findings/new", data={
        "polarity": "concern", "text": "x"})
    assert response.status_code == 403
    assert "Add a finding" not in viewer_client.get(f"/sources/{source_id}").get_data(as_text=True)
