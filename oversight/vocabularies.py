"""Oversight's vocabularies: the reminder emails and their delivery, and what the audit trail
says of the managers' pages."""

from django.db import models


class ReminderKind(models.TextChoices):
    DAILY = "daily", "Morning reminder"
    MANAGER_DAILY = "manager_daily", "Manager's morning reminder"
    MANAGER_WEEKLY = "manager_weekly", "Manager's Monday summary"


class DeliveryStatus(models.TextChoices):
    CLAIMED = "claimed", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be delivered"


class OversightAction(models.TextChoices):
    """What the audit trail says of the managers' pages (registered in oversight/hooks.py)."""

    BACKLOG_EXPORTED = "oversight.backlog_exported", "Exported a backlog list (CSV)"
