from casework.models.accounts import Membership, Team, User
from casework.models.audit import AuditEvent
from casework.models.cases import Case, CaseExploitation, CaseShare, DuplicateFlag, Person

__all__ = [
    "AuditEvent",
    "Case",
    "CaseExploitation",
    "CaseShare",
    "DuplicateFlag",
    "Membership",
    "Person",
    "Team",
    "User",
]
