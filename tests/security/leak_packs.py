"""The packs and briefs of the planted world (tests/security/leak_fixtures.py), issued in every
format, a travel copy among them, for the leak sweep to download as each reader."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import User
from tests.security.leak_fixtures import GROUP_TITLE, PlantedWorld


def issue_leak_packs(session: Session, w: PlantedWorld, admin_id: int) -> None:
    """Issue, as the admin, the packs and briefs a reader might download later; commits."""
    from app.services.packs.build import build_event_brief, build_meeting_pack
    from app.services.packs.issue import issue_pack

    admin = session.get(User, admin_id)
    meeting_id, event_id = w.named["meeting"], w.named["event"]
    internal = build_meeting_pack(session, meeting_id, "internal", issued_by=admin)
    cases = {c["title"] for c in internal["annexes"]["cases"]}
    assert any("Smailova" in t for t in cases) and any(GROUP_TITLE in t for t in cases), \
        f"the meeting's pack should hold both at-risk cases, it holds {sorted(cases)}"
    for fmt in ("html", "pdf", "docx", "md"):
        pack = issue_pack(session, internal, fmt, issued_by=admin, meeting_id=meeting_id)
        w.add("pack", pack.id, f"internal meeting pack ({fmt})", restricted=True,
              name=f"meeting_internal_{fmt}")
    from datetime import date

    from app.services.packs.issue import TravelCopy

    pack = issue_pack(session, internal, "pdf", issued_by=admin, meeting_id=meeting_id,
                      travel=TravelCopy("planted-travel-secret", date(2099, 1, 1)))
    w.add("pack", pack.id, "internal meeting pack (travel copy)", restricted=True,
          name="meeting_internal_travel")
    external = build_meeting_pack(session, meeting_id, "external", issued_by=admin)
    pack = issue_pack(session, external, "html", issued_by=admin, meeting_id=meeting_id)
    # An external pack leaves out restricted persons and cases not cleared for naming; the
    # group case *is* cleared for naming, so a reader below at-risk must still not get it.
    w.add("pack", pack.id, "external meeting pack (html)", restricted=True,
          name="meeting_external_html")
    brief = build_event_brief(session, event_id, "internal", issued_by=admin)
    pack = issue_pack(session, brief, "html", issued_by=admin, event_id=event_id)
    w.add("pack", pack.id, "internal event brief (html)", restricted=True,
          name="event_internal_html")
    brief = build_event_brief(session, event_id, "external", issued_by=admin)
    pack = issue_pack(session, brief, "pdf", issued_by=admin, event_id=event_id)
    w.add("pack", pack.id, "external event brief (pdf)", restricted=True,
          name="event_external_pdf")
    strike_id = w.named["strike_meeting"]
    strike = build_meeting_pack(session, strike_id, "internal", issued_by=admin)
    pack = issue_pack(session, strike, "html", issued_by=admin, meeting_id=strike_id)
    w.add("pack", pack.id, "internal pack holding only the group case (html)", restricted=True,
          name="strike_internal_html")
    plain = build_meeting_pack(session, w.named["plain_meeting"], "internal", issued_by=admin)
    pack = issue_pack(session, plain, "html", issued_by=admin, meeting_id=w.named["plain_meeting"])
    w.add("pack", pack.id, "internal pack of the labour meeting (html)", restricted=False,
          name="plain_internal_html")
    session.commit()
