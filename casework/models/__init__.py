from casework.models.accounts import Membership, Team, User
from casework.models.audit import AuditEvent
from casework.models.cases import (
    Case,
    CaseExploitation,
    CaseShare,
    DuplicateFlag,
    Person,
    SubjectAccessExport,
)
from casework.models.consent import Consent

__all__ = [
    "AuditEvent",
    "Case",
    "CaseExploitation",
    "CaseShare",
    "Consent",
    "DuplicateFlag",
    "Membership",
    "Person",
    "SubjectAccessExport",
    "Team",
    "User",
]
