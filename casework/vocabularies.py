"""Controlled vocabularies of the case file. These are the only survivor facts stored
in plaintext columns (docs/architecture.md, Encryption and keys): the Home Office NRM
statistics count them, and the labels follow its categories (docs/domain.md, Statistics)."""

from django.db import models


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "Caseworker"
    MANAGER = "manager", "Manager"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ClosureReason(models.TextChoices):
    SUPPORT_COMPLETED = "support_completed", "Support completed"
    MOVED_ON = "moved_on", "Moved on to other support"
    LOST_CONTACT = "lost_contact", "Lost contact"
    DECLINED_SUPPORT = "declined_support", "Survivor declined further support"
    TRANSFERRED = "transferred", "Transferred to another organisation"
    LEFT_UK = "left_uk", "Left the UK"
    DUPLICATE = "duplicate", "Duplicate of another case"
    DIED = "died", "Died"
    OTHER = "other", "Other"


class Gender(models.TextChoices):
    # HTCDS v2.0 picklist; the NRM statistics publish male / female / other or unknown.
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    TRANSGENDER_NONCONFORMING = "transgender_nonconforming", "Transgender or gender non-conforming"
    UNKNOWN = "unknown", "Not known"


class AgeAtExploitation(models.TextChoices):
    ADULT = "adult", "Adult"
    CHILD = "child", "Child (under 18)"
    UNKNOWN = "unknown", "Not known"


class ExploitationType(models.TextChoices):
    LABOUR = "labour", "Labour"
    SEXUAL = "sexual", "Sexual"
    CRIMINAL = "criminal", "Criminal"
    DOMESTIC_SERVITUDE = "domestic_servitude", "Domestic servitude"
    ORGAN_HARVESTING = "organ_harvesting", "Organ harvesting"
    UNKNOWN = "unknown", "Not recorded or not known"


class WhereExploited(models.TextChoices):
    UK = "uk", "UK only"
    OVERSEAS = "overseas", "Overseas only"
    BOTH = "both", "UK and overseas"
    UNKNOWN = "unknown", "Not known"


class RiskFlag(models.TextChoices):
    RE_TRAFFICKING = "re_trafficking", "Risk of re-trafficking"
    EXPLOITER_IN_CONTACT = "exploiter_in_contact", "Exploiter still in contact"
    THREATS_TO_FAMILY = "threats_to_family", "Threats to family"
    SELF_HARM = "self_harm", "Risk of self-harm or suicide"
    DEBT = "debt", "Debt owed to exploiters"
    MISSING_EPISODES = "missing_episodes", "Has gone missing before"
    DEPENDANT_CHILDREN = "dependant_children", "Has dependant children at risk"
    HOMELESSNESS = "homelessness", "At risk of homelessness"


class AuditAction(models.TextChoices):
    CASE_VIEWED = "case_viewed", "Viewed case"
    CASE_CREATED = "case_created", "Opened case"
    CASE_UPDATED = "case_updated", "Changed case details"
    CASE_ASSIGNED = "case_assigned", "Assigned case"
    CASE_UNASSIGNED = "case_unassigned", "Unassigned case (assignee left the team)"
    CASE_SHARED = "case_shared", "Shared case for cover"
    CASE_SHARE_ENDED = "case_share_ended", "Ended cover share"
    CASE_CLOSED = "case_closed", "Closed case"
    CASE_REOPENED = "case_reopened", "Reopened case"
    CASE_SEARCHED = "case_searched", "Searched cases"
    CASE_EXPORTED = "case_exported", "Exported everything held (subject access)"
    CASE_EXPORT_DOWNLOADED = "case_export_downloaded", "Downloaded a subject access export"
    PERSONAL_DATA_ERASED = "personal_data_erased", "Erased personal data (retention)"
    DUPLICATE_FLAGGED = "duplicate_flagged", "Possible duplicate flagged"
    DUPLICATE_SETTLED = "duplicate_settled", "Possible duplicate settled"
    RECORD_CORRECTED = "record_corrected", "Changed or corrected a record"
    RECORD_DELETED = "record_deleted", "Deleted a record recorded in error"
    ACCESS_REFUSED = "access_refused", "Refused access to a case"
    CONSENT_RECORDED = "consent_recorded", "Recorded consent"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Recorded withdrawal of consent"
    MEMBERSHIP_REMOVED = "membership_removed", "Removed from a team"
    MFA_ENROLLED = "mfa_enrolled", "Set up two-factor sign-in"
    MFA_VERIFIED = "mfa_verified", "Passed two-factor check"
    MFA_FAILED = "mfa_failed", "Failed two-factor check"
    MFA_BACKUP_CODE_USED = "mfa_backup_code_used", "Used a backup code"
    MFA_RESET = "mfa_reset", "Reset two-factor sign-in"
    # An administrator's changes to staff accounts (casework.admin), for the managers concerned.
    ACCOUNT_CREATED = "account_created", "Created a staff account"
    ACCOUNT_CHANGED = "account_changed", "Changed a staff account"
    ACCOUNT_DELETED = "account_deleted", "Deleted a staff account"
    PASSWORD_SET_BY_ADMIN = "password_set_by_admin", "Set a password (administrator)"
    MEMBERSHIP_ADDED = "membership_added", "Added to a team"
    MEMBERSHIP_CHANGED = "membership_changed", "Changed a team role"
    MEMBERSHIP_CONFIRMED = "membership_confirmed", "Confirmed a team role (manager)"
    MEMBERSHIP_REFUSED = "membership_refused", "Refused a team role (manager)"
    MEMBERSHIP_SUSPENDED = (
        "membership_suspended",
        "Team role waits for a manager: an administrator reset both password and two-factor",
    )
    # The one confirmation an administrator may give: a brand new team's first manager.
    FIRST_MANAGER_CONFIRMED_BY_ADMIN = (
        "first_manager_by_admin",
        "ADMINISTRATOR confirmed a new team's first manager",
    )
    TEAM_CHANGED = "team_changed", "Created or renamed a team"
    ACCOUNT_LOCKED = "account_locked", "Locked out after failed logins"
    PASSWORD_CHANGED = "password_changed", "Changed password"
    SESSION_EXPIRED = "session_expired", "Signed out after 12 hours"
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Failed login"
    LOGOUT = "logout", "Logged out"
    CONTACT_RECORDED = "contact_recorded", "Logged a contact"
    SAFEGUARDING_SEEN = "safeguarding_seen", "Marked a safeguarding concern as seen (manager)"
    TASK_RECORDED = "task_recorded", "Added a task"
    TASK_DONE = "task_done", "Marked a task done"
    TASK_REOPENED = "task_reopened", "Reopened a task marked done"
    TASK_CANCELLED = "task_cancelled", "Cancelled a task"
    # Open tasks of someone who could no longer open the case (reassigned, cover ended, left the
    # team) given to the case's assignee: subject_user is the new holder, previous the old.
    TASKS_HANDED_OVER = "tasks_handed_over", "Open tasks passed to the case's assignee"
    # Documents (casework/services/documents.py): the payload names "document:<id>", never a title
    # or a file name.
    DOCUMENT_ADDED = "document_added", "Added a document"
    DOCUMENT_REPLACED = "document_replaced", "Replaced a document with a new version"
    DOCUMENT_DELETED = "document_deleted", "Deleted a document added in error"
    DOCUMENT_DOWNLOADED = "document_downloaded", "Downloaded a document"


# The audit entries that are the case's own history on its timeline (the case row keeps only the
# latest closure and assignee): a partial index holds just these (AuditEvent.Meta), so reading
# them does not walk every view of the case.
CASE_HISTORY_ACTIONS = (
    AuditAction.CASE_CLOSED,
    AuditAction.CASE_REOPENED,
    AuditAction.CASE_ASSIGNED,
    AuditAction.CASE_UNASSIGNED,
    AuditAction.CASE_SHARED,
    AuditAction.CASE_SHARE_ENDED,
)


class DuplicateResolution(models.TextChoices):
    SAME_PERSON = "same_person", "The same person"
    NOT_SAME_PERSON = "not_same_person", "Not the same person"


class ConsentPurpose(models.TextChoices):
    SCREENING_INTERVIEW = "screening_interview", "Screening interview"
    NRM_REFERRAL = "nrm_referral", "Referral to the National Referral Mechanism"
    POLICE_SHARING = "police_sharing", "Sharing information with the police"
    ORGANISATION_SHARING = "organisation_sharing", "Sharing information with a named organisation"
    CONTACT_BY_TEXT = "contact_by_text", "Contact by text message"
    CONTACT_BY_PHONE = "contact_by_phone", "Contact by phone"


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"


class Nation(models.TextChoices):
    """The UK nation whose bank holidays (and devolved rules) apply to a case (docs/domain.md,
    Devolved nations). The codes are the `holidays` package's subdivisions of GB."""

    ENGLAND = "ENG", "England"
    WALES = "WLS", "Wales"
    SCOTLAND = "SCT", "Scotland"
    NORTHERN_IRELAND = "NIR", "Northern Ireland"


class RevisionChange(models.TextChoices):
    CHANGED = "changed", "Changed"
    CORRECTED = "corrected", "Corrected"
    DELETED = "deleted", "Deleted"


class ContactKind(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    MESSAGE = "message", "Text or message"
    EMAIL = "email", "Email"
    THIRD_PARTY = "third_party", "With a third party about the survivor"
    ATTEMPTED = "attempted", "Attempted, not reached"


class ContactPlace(models.TextChoices):
    """Where a contact happened, as a kind of place: never an address (a safe house's address
    written in a note can lead an exploiter to it)."""

    OFFICE = "office", "Office"
    SAFE_HOUSE = "safe_house", "Safe house or accommodation"
    OUTREACH = "outreach", "Outreach"
    HOSPITAL = "hospital", "Hospital or health service"
    POLICE_STATION = "police_station", "Police station"
    COURT = "court", "Court"
    REMOTE = "remote", "Remote (phone, video or message)"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


# The reason a closure gives the open tasks it cancels (services/tasks.py); the timeline tells
# such a task from one someone cancelled by it.
TASK_CANCELLED_BY_CLOSURE = "The case was closed"


# Documents (casework/models/documents.py).
class DocumentKind(models.TextChoices):
    DECISION_LETTER = "decision_letter", "Home Office decision letter"
    NRM_REFERRAL_FORM = "nrm_referral_form", "NRM referral form"
    CONSENT_FORM = "consent_form", "Consent form"
    IDENTITY_DOCUMENT = "identity_document", "Identity document"
    MEDICAL_LETTER = "medical_letter", "Medical or health letter"
    SOLICITORS_LETTER = "solicitors_letter", "Solicitor's letter"
    POLICE_CORRESPONDENCE = "police_correspondence", "Police correspondence"
    COURT_DOCUMENT = "court_document", "Court document"
    EVIDENCE_PHOTOGRAPH = "evidence_photograph", "Evidence photograph"
    OTHER = "other", "Other"
