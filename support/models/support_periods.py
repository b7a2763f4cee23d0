"""Support the survivor receives, and what follows a positive CG: the Recovery Needs
Assessment (temporary permission to stay is in permission_to_stay.py). The 12-month clock
is derived from these and the NRM records (support/rules/twelve_months.py), never stored."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from fernet_fields import EncryptedCharField, EncryptedTextField

from casework.models.revisions import version_field
from support.vocabularies import (
    END_REASON_WORDS,
    RnaOutcome,
    RnaStatus,
    SupportEndReason,
    SupportKind,
    SupportProvider,
)


class SupportPeriod(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="support_periods")
    provider = models.CharField(max_length=20, choices=SupportProvider.choices)
    # Who provides it, by name (NULL if not given): encrypted, as a provider's name can
    # locate a safe house. `provider` is the vocabulary the reports count.
    provider_name = EncryptedCharField(max_length=200, null=True, blank=True)
    kind = models.CharField(max_length=25, choices=SupportKind.choices)
    start_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)  # empty: still going
    planned_end_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=SupportEndReason.choices, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(provider__in=SupportProvider.values), name="support_provider_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=SupportKind.values), name="support_kind_valid"),
            models.CheckConstraint(  # blank while the support runs
                condition=Q(end_reason__in=[*SupportEndReason.values, ""]), name="support_end_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="support_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True) | Q(planned_end_on__gte=F("start_on")),
                name="support_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True, end_reason="")
                | (Q(end_on__isnull=False) & ~Q(end_reason="")),
                name="support_end_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(provider=SupportProvider.OTHER) | Q(provider_name__isnull=False),
                name="support_other_provider_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_on}"

    @property
    def is_ongoing(self) -> bool:
        return self.end_on is None

    @property
    def end_reason_words(self) -> str:
        """Why it ended, in a phrase after its end date on the page (no brackets inside brackets)."""
        return END_REASON_WORDS.get(self.end_reason, self.get_end_reason_display().lower())

    @property
    def kind_in_sentence(self) -> str:
        """The kind inside a sentence ("Record end of outreach support"): a proper name keeps its capitals."""
        label = self.get_kind_display()
        return label if self.kind == SupportKind.PLACES_OF_SAFETY else label[:1].lower() + label[1:]


class RecoveryNeedsAssessment(models.Model):
    """A Recovery Needs Assessment (England and Wales, adults, after a positive CG): drafted
    with the survivor (needs and recommendations), shared with them (their comments), submitted
    to the competent authority, decided (continued support with the services agreed, or
    move-on), then the next RNA or review date. The status is derived from the dates; the
    database keeps them in order (support/rules/needs_assessments.py, docs/domain.md)."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="needs_assessments")
    due_on = models.DateField()
    # Needs and recommendations (the draft), in the support worker's and the survivor's words.
    needs = EncryptedTextField(blank=True)
    shared_on = models.DateField(null=True, blank=True)
    survivor_comments = EncryptedTextField(blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=RnaOutcome.choices, default=RnaOutcome.PENDING)
    services_agreed = EncryptedTextField(blank=True)
    support_until = models.DateField(null=True, blank=True)  # continued support agreed to this date
    reasons = EncryptedTextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)  # the next RNA or review
    # Recorded before the steps were kept (migration 0021): the sharing and decision dates were
    # never asked for, so the order rules below do not hold for these rows.
    recorded_before_steps = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=RnaOutcome.values), name="needs_assessment_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(submitted_on__isnull=True)
                | Q(shared_on__isnull=False)
                | Q(recorded_before_steps=True),
                name="needs_assessment_submitted_after_sharing",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(submitted_on__isnull=False),
                name="needs_assessment_decided_after_submission",
            ),
            models.CheckConstraint(
                condition=Q(shared_on__isnull=True)
                | Q(submitted_on__isnull=True)
                | Q(submitted_on__gte=F("shared_on")),
                name="needs_assessment_submitted_on_or_after_shared",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("submitted_on")),
                name="needs_assessment_decided_on_or_after_submitted",
            ),
            models.CheckConstraint(
                condition=Q(outcome=RnaOutcome.PENDING, decided_on__isnull=True)
                | (~Q(outcome=RnaOutcome.PENDING) & Q(decided_on__isnull=False))
                | Q(recorded_before_steps=True, decided_on__isnull=True),
                name="needs_assessment_decision_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(support_until__isnull=True) | Q(outcome=RnaOutcome.CONTINUED),
                name="needs_assessment_support_until_only_continued",
            ),
            models.CheckConstraint(
                condition=Q(support_until__isnull=True)
                | Q(decided_on__isnull=True)
                | Q(support_until__gte=F("decided_on")),
                name="needs_assessment_support_until_after_decision",
            ),
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True)
                | Q(decided_on__isnull=True)
                | Q(next_review_on__gte=F("decided_on")),
                name="needs_assessment_next_review_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"Recovery Needs Assessment due {self.due_on}"

    @property
    def status(self) -> str:
        if self.decided_on is not None or self.outcome != RnaOutcome.PENDING:
            return RnaStatus.DECIDED
        if self.submitted_on is not None:
            return RnaStatus.SUBMITTED
        if self.shared_on is not None:
            return RnaStatus.SHARED
        return RnaStatus.DRAFT

    def get_status_display(self) -> str:
        return RnaStatus(self.status).label
