import pgtrigger
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from casework.vocabularies import CASE_HISTORY_ACTIONS

# What each audit action is called. Every app declares its own actions (a TextChoices of
# namespaced codes, "nrm.decision_recorded") in its hooks.py; casework holds no other app's words,
# so a new feature never migrates casework. Codes are stable: they are stored.
_ACTION_LABELS: dict[str, str] = {}


def register_actions(choices: type[models.TextChoices]) -> None:
    for code, label in choices.choices:
        if _ACTION_LABELS.get(code, label) != label:
            raise ImproperlyConfigured(f"Audit action {code!r} is declared twice with different words.")
        if len(code) > AuditEvent._meta.get_field("action").max_length:
            raise ImproperlyConfigured(f"Audit action {code!r} is longer than the column.")
        _ACTION_LABELS[code] = label


def action_label(code: str) -> str:
    return _ACTION_LABELS.get(code, code)


class AuditEvent(models.Model):
    """Who did what to which case, when and from where (docs/architecture.md, Audit trail).

    Append-only: PostgreSQL refuses UPDATE and DELETE on the table (trigger below), and
    the model refuses to save an existing row. It holds no personal data: `fields` lists
    the names of changed fields, never their values."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A code declared by the app that owns it (register_actions): no choices here, so that
    # declaring an action is not a change to this table.
    action = models.CharField(max_length=40)
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    # The staff member a case was assigned or shared to (staff data, not survivor data).
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who had the case before a reassignment (staff data), so the trail shows from whom.
    previous_subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The team a staff change concerned (memberships), so its managers see it even after
    # the person has left the team.
    team = models.ForeignKey(
        "casework.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fields = models.JSONField(default=list, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case", "-at"], name="audit_case_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            # The address throttle counts recent failed sign-ins per address (casework.security.lockout).
            models.Index(fields=["ip_address", "-at"], name="audit_address_at"),
            # The case timeline's closures, reopenings, assignments and shares.
            models.Index(
                fields=["case", "-at"],
                name="audit_case_history",
                condition=models.Q(action__in=[str(action) for action in CASE_HISTORY_ACTIONS]),
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.action_label} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # SQLite has no trigger; refuse in the ORM too so both databases behave alike.
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    @property
    def action_label(self) -> str:
        return action_label(self.action)
