"""Invented sentences for the synthetic records: meeting purposes and notes, talking points,
answers, commitments, recommendations, case developments and findings.

Each function takes the generator's ``random.Random`` and the words it should mention; the
sentences are put together from the phrases below (Parley's own), never taken from a source.
"""

from __future__ import annotations

import random
from datetime import date

from app.services.synthetic import words as w

ADJECTIVES = {"Kazakhstan": "Kazakhstani", "Kyrgyzstan": "Kyrgyz", "Uzbekistan": "Uzbek",
              "Tajikistan": "Tajik", "Turkmenistan": "Turkmen"}
PURPOSE_VERBS = ("Prepare the ground on", "Brief them on", "Hear their reading of",
                 "Push for movement on", "Take stock of", "Compare notes on",
                 "Ask for public support on", "Test their position on")
OBJECTIVES = ("raise {topic} in the dialogue", "name individual cases in public",
              "send an observer to the next hearing", "ask for a prison visit",
              "support a joint statement on {topic}", "share their own figures on {topic}",
              "meet the families before the round", "put {topic} on the agenda")
COMMITS = ("agree to", "commit to", "are ready to", "promise to", "consider whether to")
ATMOSPHERES = ("open", "tense", "cordial", "guarded", "constructive", "short and formal")
NEXT_STEPS = ("Next contact before the round.", "Next contact after the summer.",
              "They will call back within two weeks.", "We agreed to meet again in autumn.",
              "No date set for a next meeting.", "Keep them informed by e-mail.")
REASONS = ("the law is vague enough to reach anyone", "the courts rarely review it",
           "families report pressure", "the figures keep rising", "partners abroad ask for it",
           "the next review is close", "earlier promises were not kept")
REPLIES = ("Offer {document} before the next meeting.", "Point to the figures in {document}.",
           "Recall the commitments made at the last round.", "Ask them to put it in writing.",
           "Suggest a joint visit with {recipient}.", "Bring the lawyers' account next time.",
           "Answer with the court's own reasoning.", "Keep the request short and concrete.")
REC_VERBS = ("Repeal", "Amend", "Review", "Stop", "Guarantee", "Investigate", "Publish",
             "Protect", "End", "Reform")
REC_OBJECTS = ("the rules on {topic}", "the practice on {topic}", "the law on {topic}",
               "abuses linked to {topic}", "data on {topic}", "those affected by {topic}")
REC_QUALIFIERS = ("in line with the country's international obligations", "without delay",
                  "within the next year", "after a genuine consultation of civil society",
                  "and report publicly on the steps taken", "with independent oversight")
POSITIVE = ("The authorities adopted a plan on {topic}", "A court ruling improved {topic}",
            "Officials opened a consultation on {topic}", "A pilot project on {topic} started",
            "Several cases linked to {topic} were closed")
CONCERNS = ("Pressure linked to {topic} increased", "New rules on {topic} remain vague",
            "Complaints about {topic} go uninvestigated", "Officials deny problems with {topic}",
            "Critics of {topic} face summons and fines")
WHEN = ("over the past year", "since the last review", "in several regions", "in the capital",
        "despite earlier promises", "according to partners")
CASE_TRIGGERS = ("posting about {topic}", "a peaceful protest about {topic}",
                 "reporting on {topic}", "defending clients in cases about {topic}",
                 "a petition on {topic}", "an interview about {topic}")
CASE_UPDATES = {
    "under_investigation": ("Summoned for questioning in {town}.", "Home searched; devices seized.",
                            "Placed under a travel ban.", "Charges brought by the investigator."),
    "on_trial": ("Trial opened at the {town} court.", "Hearing adjourned for four weeks.",
                 "Witnesses for the defence not admitted.", "Trial moved behind closed doors."),
    "convicted": ("Sentenced to {n} years in prison.",
                  "Sentenced to {n} years of restricted freedom.", "Appeal rejected."),
    "detained": ("Placed in pre-trial detention for two months.", "Detention extended again.",
                 "Transferred to a colony near {town}.", "Started a hunger strike."),
    "released": ("Released under an amnesty.", "Released on parole.", "Acquitted on appeal.",
                 "Sentence changed to a fine; released in court."),
    "closed": ("Case closed for lack of evidence.", "Investigation ended without charges."),
}
INTERNAL_UPDATES = ("Family asks us not to publicise the latest hearing.",
                    "Lawyer reports threats; share only with cleared colleagues.",
                    "Health worsening; details known to the family only.")
CASE_NOTES = ("Contact through the lawyer only.", "The family prefers calls over messages.",
              "Do not name the relatives in any material.",
              "Check with the partner organisation before each public step.")
PERSON_NOTES = ("Met at a round table; prefers short written briefs.",
                "Responsive by e-mail; slow by phone.", "Knows the file well; ask for figures.",
                "Changes posts often; check before inviting.",
                "Speaks Russian and English; interpreter not needed.")
LAWFUL_BASES = ("Legitimate interest: advocacy contact in an official capacity",
                "Legitimate interest: documenting human-rights violations",
                "Consent of the person")
FOLLOW_UP_OURS = ("Send {recipient} {document} on {topic}", "Share {document} with {recipient}",
                  "Draft {document} on {topic} for {recipient}",
                  "Check with {recipient} what happened on {topic}")
FOLLOW_UP_THEIRS = ("Send a written reply on {topic}", "Raise {topic} with the ministry",
                    "Confirm whether {topic} will be on the agenda",
                    "Arrange a visit linked to {topic}", "Share their figures on {topic}")
CLOSING_NOTES = {
    "done": ("Sent on time.", "Done; receipt acknowledged.", "Done after one reminder."),
    "kept": ("They confirmed in writing.", "Raised as promised, according to the delegation.",
             "Kept, later than agreed."),
    "broken": ("Nothing received despite two reminders.", "They now say it was never agreed.",
               "Not raised, according to our partners."),
    "dropped": ("No longer needed after the hearing.", "Overtaken by events.",
                "Replaced by a joint letter."),
}
RESCHEDULE_NOTES = ("Postponed at their request.", "Waiting for the court's decision.",
                    "Moved after the hearing was adjourned.", "Holiday period; moved later.")


def lower_first(text: str) -> str:
    """``text`` with its first letter in lower case (unless it starts an acronym)."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def addressee(country: str, rng: random.Random) -> str:
    """Whom a recommendation asks: the counterpart's authorities or an EU actor."""
    roll = rng.random()
    if roll < 0.75:
        return f"{ADJECTIVES[country]} authorities"
    return "EU" if roll < 0.9 else rng.choice(("EU member states", "European Parliament"))


def meeting_purpose(rng: random.Random, topic: str, event: str | None) -> str:
    """Why the meeting, in an officer's words."""
    ahead = f" ahead of the {event}" if event else ""
    return f"{rng.choice(PURPOSE_VERBS)} {lower_first(topic)}{ahead}."


def meeting_objective(rng: random.Random, topic: str, side: str) -> str:
    """What success looks like."""
    action = rng.choice(OBJECTIVES).format(topic=lower_first(topic))
    return f"{side} {rng.choice(COMMITS)} {action}."


def meeting_notes(rng: random.Random, topic: str, names: list[str], stance: str) -> str:
    """A few lines of internal notes, naming some of the people present."""
    lines = [f"Atmosphere {rng.choice(ATMOSPHERES)}."]
    for name in names[:2]:
        lines.append(f"{name} {rng.choice(w.STANCE_WORDS[stance])} on {lower_first(topic)}.")
    if rng.random() < 0.5:
        lines.append(f"They asked for {rng.choice(w.DOCUMENTS)}.")
    lines.append(rng.choice(NEXT_STEPS))
    return " ".join(lines)


def meeting_outcome(rng: random.Random, topic: str, stance: str) -> str:
    """The outcome in one or two sentences."""
    return (f"On {lower_first(topic)} they {rng.choice(w.STANCE_WORDS[stance])}; "
            f"we send {rng.choice(w.DOCUMENTS)}.")


def talking_point(rng: random.Random, subject: str) -> str:
    """What to say about ``subject`` (a recommendation, a case or a theme)."""
    return f"{rng.choice(w.ASK_VERBS)} {subject}: {rng.choice(REASONS)}."


def response(rng: random.Random, stance: str) -> str:
    """Their answer, in our words."""
    return f"They {rng.choice(w.STANCE_WORDS[stance])}."


def our_reply(rng: random.Random) -> str:
    """What to answer next time."""
    return rng.choice(REPLIES).format(document=rng.choice(w.DOCUMENTS),
                                      recipient=rng.choice(w.RECIPIENTS))


def follow_up(rng: random.Random, ours: bool, topic: str) -> str:
    """A commitment, ours or theirs."""
    template = rng.choice(FOLLOW_UP_OURS if ours else FOLLOW_UP_THEIRS)
    return template.format(recipient=rng.choice(w.RECIPIENTS), document=rng.choice(w.DOCUMENTS),
                           topic=lower_first(topic))


def closing_note(rng: random.Random, action: str) -> str:
    """The note kept when a follow-up is closed with ``action``."""
    return rng.choice(CLOSING_NOTES[action])


def recommendation(rng: random.Random, topic: str) -> tuple[str, str]:
    """(short title, full text) of a recommendation on ``topic``."""
    obj = rng.choice(REC_OBJECTS).format(topic=lower_first(topic))
    title = f"{rng.choice(REC_VERBS)} {obj}"
    return title[:200], f"{title} {rng.choice(REC_QUALIFIERS)}, because {rng.choice(REASONS)}."


def finding(rng: random.Random, positive: bool, topic: str) -> str:
    """A positive step or a concern on ``topic``."""
    start = rng.choice(POSITIVE if positive else CONCERNS).format(topic=lower_first(topic))
    return f"{start} {rng.choice(WHEN)}."


def charges(rng: random.Random) -> str:
    """One or two invented criminal-code charges."""
    offences = rng.sample(w.OFFENCES, k=1 if rng.random() < 0.7 else 2)
    parts = [f"Criminal Code art. {rng.randint(100, 420)} ({offence})" for offence in offences]
    return "; ".join(parts)


def case_summary(rng: random.Random, who: str, town: str, topic: str) -> str:
    """What the case is about."""
    trigger = rng.choice(CASE_TRIGGERS).format(topic=lower_first(topic))
    return f"{who} from {town}, prosecuted after {trigger}."


def case_update(rng: random.Random, status: str, town: str, internal: bool) -> str:
    """A dated development leading to ``status``."""
    if internal:
        return rng.choice(INTERNAL_UPDATES)
    return rng.choice(CASE_UPDATES[status]).format(town=town, n=rng.randint(2, 8))


def event_objectives(rng: random.Random, topics: list[str]) -> str:
    """What the NGO wants from a dialogue event."""
    asks = "; ".join(f"{lower_first(rng.choice(OBJECTIVES).format(topic=lower_first(t)))}"
                     for t in topics[:3])
    return f"Get the EU side to {asks}."


def consent_note(rng: random.Random, day: date) -> str:
    """A consent record with its date."""
    return f"Consent to be contacted given on {day.isoformat()}, by e-mail."
