from django.conf import settings
from django.db import models
from django.db.models import Q

from oversight.vocabularies import DeliveryStatus, ReminderKind


class ReminderDelivery(models.Model):
    """The reminder ledger: one row per (recipient, kind of email, local date), claimed by the
    dispatcher before the email is queued. The unique constraint is what makes sending
    idempotent: duplicate beats, redelivered messages and retries find the row already there
    (or already sent) and send nothing more (docs/architecture.md, "Reminders")."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    local_date = models.DateField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.CLAIMED)
    # What the email lists: case references, kinds and words, never survivor data.
    items = models.JSONField(default=list)
    claimed_at = models.DateTimeField(auto_now_add=True)
    # When the broker was last asked to send it, or when its retry is due: a delivery still
    # claimed some minutes after this is queued again by the dispatcher (oversight/outbox.py).
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "support_reminderdelivery"  # kept when the model moved app
        ordering = ["-local_date", "recipient_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "local_date"], name="reminder_once_a_day"),
            models.CheckConstraint(condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="reminder_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status"], name="reminder_unsent", condition=Q(status=DeliveryStatus.CLAIMED)
            ),
            # The emails that never went, for the backlog page and /healthz (oversight/outbox.py):
            # a small index however long the ledger grows.
            models.Index(
                fields=["claimed_at"], name="reminder_not_sent", condition=~Q(status=DeliveryStatus.SENT)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for user {self.recipient_id} on {self.local_date}"


class ReminderRun(models.Model):
    """A completed dispatcher pass for a local date: later passes that day have nothing to do
    and stop at once, instead of recomputing every case every five minutes."""

    local_date = models.DateField(unique=True)
    completed_at = models.DateTimeField(auto_now_add=True)
    claimed = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "support_reminderrun"  # kept when the model moved app

    def __str__(self) -> str:
        return f"Reminders of {self.local_date}"
