"""The meeting log as its page posts it (tests/test_meeting_log.py and the tests that log a
meeting through the page)."""

from __future__ import annotations

from datetime import date, timedelta

FUTURE = (date.today() + timedelta(days=20)).isoformat()
PAST = (date.today() - timedelta(days=3)).isoformat()


def log_form(world, officer_id: int, **overrides) -> dict:
    """A complete, valid meeting-log post: two their-attendees, a new person, a raised
    recommendation with a response and stance, a follow-up of ours and one of theirs."""
    data = {
        "title": "Side meeting with the EEAS desk",
        "meeting_date": "2026-06-10", "starts_time": "09:30", "ends_time": "10:15",
        "place": "EEAS building, room 4", "format": "in_person",
        "event_id": str(world["event"]), "status": "held",
        "purpose": "Brief the desk before the dialogue round.",
        "objective": "The EEAS raises article 274 by name.",
        "our_attendees": [str(officer_id)],
        "themes": [str(world["theme"])],
        "their_attendees": [str(world["anna"]), str(world["bolat"])],
        "new_persons-0-full_name": "Chris Newcomer",
        "new_persons-0-organisation": "EEAS",
        "new_persons-0-role": "Political Officer",
        "raisings-0-subject": f"r{world['rec']}",
        "raisings-0-with_whom": f"p{world['anna']}",
        "raisings-0-talking_point": "Article 274 is used against journalists.",
        "raisings-0-response": "The EEAS will mention it in the plenary.",
        "raisings-0-stance": "supportive",
        "raisings-0-our_reply": "Ask for it in the joint press release too.",
        "raisings-1-subject": f"c{world['case']}",
        "raisings-1-with_whom": "new0",
        "raisings-1-response": "Not aware of the case.",
        "raisings-1-stance": "non_committal",
        "notes": "**Candid** exchange.\n\n<script>alert('x')</script>",
        "outcome": "Agreed to share the case list.",
        "follow_ups-0-description": "Send the updated case list",
        "follow_ups-0-owner": f"u{officer_id}",
        "follow_ups-0-due_on": FUTURE,
        "follow_ups-0-link": f"c{world['case']}",
        "follow_ups-1-description": "Raise article 274 in the plenary",
        "follow_ups-1-owner": f"p{world['anna']}",
        "follow_ups-1-due_on": FUTURE,
        "follow_ups-1-link": f"r{world['rec']}",
    }
    data.update(overrides)
    return data
