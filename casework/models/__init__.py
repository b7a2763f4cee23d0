from casework.models.accounts import Membership, Team, User
from casework.models.audit import AuditEvent
from casework.models.cases import Case, CaseExploitation, CaseShare, Person
from casework.models.consent import Consent
from casework.models.contacts import Contact
from casework.models.documents import Document, DocumentFile
from casework.models.duplicates import DuplicateFlag
from casework.models.revisions import RecordRevision
from casework.models.subject_access import SubjectAccessExport
from casework.models.submissions import FormSubmission
from casework.models.tasks import Task

__all__ = [
    "AuditEvent",
    "Case",
    "CaseExploitation",
    "CaseShare",
    "Consent",
    "Contact",
    "Document",
    "DocumentFile",
    "DuplicateFlag",
    "FormSubmission",
    "Membership",
    "Person",
    "RecordRevision",
    "SubjectAccessExport",
    "Task",
    "Team",
    "User",
]
