"""Parley's data model, one module per domain; importing this package registers every table."""

from app.models.audit import AuditEvent
from app.models.base import Sensitivity, Tracked, utcnow
from app.models.cases import Case, CaseStatus, CaseUpdate, case_themes
from app.models.drafts import Draft, HeldSave
from app.models.enums import LabelledEnum
from app.models.events import DialogueEvent, EventKind
from app.models.follow_ups import (
    ChangeAction,
    Direction,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
)
from app.models.masking import NameStamp
from app.models.meetings import (
    Meeting,
    MeetingFormat,
    MeetingStatus,
    meeting_persons,
    meeting_themes,
    meeting_users,
)
from app.models.packs import (
    Audience,
    Pack,
    PackFormat,
    pack_cases,
    pack_masked_persons,
    pack_persons,
)
from app.models.parties import Party
from app.models.people import Affiliation, Organisation, OrganisationKind, Person, PersonName
from app.models.raisings import Raising, Stance
from app.models.recommendations import (
    ImplementationStatus,
    Recommendation,
    RecommendationStatusChange,
    UprResponse,
    recommendation_themes,
)
from app.models.reminders import ReminderLog
from app.models.review import DuplicateResolution, PossibleDuplicate
from app.models.sensitivity_changes import Decision, SensitivityChange
from app.models.sources import Finding, KeyFact, Polarity, Source
from app.models.themes import Theme
from app.models.users import RecoveryCode, Role, User

__all__ = [
    "Affiliation", "Audience", "AuditEvent", "Case", "CaseStatus", "CaseUpdate", "ChangeAction",
    "Decision", "DialogueEvent", "Direction", "Draft", "DuplicateResolution", "EventKind",
    "Finding", "FollowUp", "FollowUpChange", "FollowUpStatus", "HeldSave", "ImplementationStatus",
    "KeyFact", "LabelledEnum", "Meeting", "MeetingFormat", "MeetingStatus", "NameStamp",
    "Organisation", "OrganisationKind", "Pack", "PackFormat", "Party", "Person", "PersonName",
    "Polarity", "PossibleDuplicate", "Raising", "Recommendation", "RecommendationStatusChange",
    "RecoveryCode", "ReminderLog", "Role", "Sensitivity", "SensitivityChange", "Source", "Stance",
    "Theme", "Tracked", "UprResponse", "User", "case_themes", "meeting_persons", "meeting_themes",
    "meeting_users", "pack_cases", "pack_masked_persons", "pack_persons", "recommendation_themes",
    "utcnow",
]
