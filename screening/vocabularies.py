"""The screening interview's vocabularies: its status, why it stopped, its outcome, and what
the audit trail says of it."""

from django.db import models


class InterviewStatus(models.TextChoices):
    DRAFT = "draft", "In progress"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class SectionProgress(models.TextChoices):
    """How far a section of the interview was answered, stored per section in the interview's
    progress (a section not there is not started)."""

    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Completed"


class StopReason(models.TextChoices):
    DISTRESSED = "distressed", "The survivor was distressed"
    UNSAFE = "unsafe", "It was not safe to continue"
    DECLINED = "declined", "The survivor declined to continue"
    OTHER = "other", "Other"


class InterviewOutcome(models.TextChoices):
    """The interview's outcome code: the assessment's answer once completed (the questionnaire
    offers the first three), or "stopped"."""

    NONE = "", "Not yet known"
    REFER_NRM = "refer_nrm", "Refer to the NRM"
    DTN_ONLY = "dtn_only", "Duty to Notify report only (adult does not consent)"
    NO_REFERRAL = "no_referral", "No referral"
    STOPPED = "stopped", "Stopped"


class ScreeningAction(models.TextChoices):
    """What the audit trail says of a screening interview (registered in screening/hooks.py)."""

    STARTED = "screening.started", "Started a screening interview"
    SECTION_SAVED = "screening.section_saved", "Saved a screening section"
    COMPLETED = "screening.completed", "Completed a screening interview"
    AMENDED = "screening.amended", "Amended a screening interview"
    STOPPED = "screening.stopped", "Stopped a screening interview"
    VIEWED = "screening.viewed", "Viewed a screening interview"
    PRINTED = "screening.printed", "Printed a screening interview"
