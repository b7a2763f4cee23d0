"""Screening interviews. Every answer is in one encrypted JSON document; the plaintext
columns hold only the questionnaire version, statuses, dates and the outcome code."""

import json
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from fernet_fields import EncryptedTextField

from screening.vocabularies import InterviewOutcome, InterviewStatus, StopReason


class ScreeningInterview(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="screening_interviews")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=InterviewStatus.choices, default=InterviewStatus.DRAFT)
    answers_json = EncryptedTextField(default="{}")
    # Section slug -> "in_progress" | "complete" (no answers, only progress).
    progress = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=20, choices=InterviewOutcome.choices, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.CharField(max_length=20, choices=StopReason.choices, blank=True)
    stop_note = EncryptedTextField(blank=True)
    # Bumped by every saved section: a section form carries it, so two people answering the
    # same section cannot silently overwrite each other (casework/services/versioning.py). `version`
    # above is the questionnaire's edition.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=InterviewStatus.DRAFT, completed_at__isnull=True, stopped_at__isnull=True)
                | Q(status=InterviewStatus.COMPLETED, completed_at__isnull=False)
                | (Q(status=InterviewStatus.STOPPED, stopped_at__isnull=False) & ~Q(stop_reason="")),
                name="screening_status_dated",
            ),
            models.CheckConstraint(
                condition=Q(status__in=InterviewStatus.values), name="screeninginterview_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(stop_reason__in=[*StopReason.values, ""]),
                name="screeninginterview_stop_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=InterviewOutcome.values), name="screeninginterview_outcome_valid"
            ),
        ]
        indexes = [
            # Drafts left for 14 days (the reminders).
            models.Index(
                fields=["updated_at"], name="screening_drafts", condition=Q(status=InterviewStatus.DRAFT)
            ),
        ]

    def __str__(self) -> str:
        return f"Screening interview {self.pk} ({self.get_status_display()})"

    @property
    def answers(self) -> dict:
        return json.loads(self.answers_json or "{}")

    @answers.setter
    def answers(self, value: dict) -> None:
        self.answers_json = json.dumps(value, default=str, ensure_ascii=False)

    @property
    def interview_on(self) -> date | None:
        """The date of the interview as recorded in its details (not the day it was opened)."""
        try:
            return date.fromisoformat(self.answers.get("details", {}).get("interview_date") or "")
        except (TypeError, ValueError):
            return None


class ScreeningAmendment(models.Model):
    """A correction to a completed interview: what changed, why, and the earlier answers."""

    interview = models.ForeignKey(ScreeningInterview, on_delete=models.CASCADE, related_name="amendments")
    section = models.CharField(max_length=40)
    fields = models.JSONField(default=list)  # question keys changed (names, not values)
    reason = EncryptedTextField()
    previous_json = EncryptedTextField()  # the earlier answers of the changed questions
    amended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-amended_at", "-id"]

    def __str__(self) -> str:
        return f"Amendment of {self.section}"

    @property
    def previous(self) -> dict:
        return json.loads(self.previous_json or "{}")
