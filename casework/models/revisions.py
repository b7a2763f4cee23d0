from django.conf import settings
from django.db import models
from fernet_fields import EncryptedTextField

from casework.vocabularies import RevisionChange


def version_field():
    """The version an edit form was opened on travels with it (a hidden field); a save
    succeeds only if the row still has that version (casework/services/versioning.py)."""
    return models.PositiveIntegerField(default=1, editable=False)


class RecordRevision(models.Model):
    """One change to a recorded item: which fields, why, who, when, and the earlier values
    (encrypted: they are about the survivor). The history of a record, and what tells a
    second editor who changed what while they were typing."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="revisions")
    record_kind = models.CharField(max_length=40)  # a key of record_kinds.KINDS, e.g. "decision"
    record_id = models.PositiveBigIntegerField()
    # The version the change produced (for a deletion, the version that was deleted).
    version = models.PositiveIntegerField()
    change = models.CharField(max_length=10, choices=RevisionChange.choices)
    fields = models.JSONField(default=list)  # names of the changed fields, never values
    previous_json = EncryptedTextField(default="{}")  # the earlier values of those fields
    reason = EncryptedTextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    # A manager removed the earlier values: another person's, entered on the wrong case.
    values_removed_at = models.DateTimeField(null=True, blank=True)
    values_removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["record_kind", "record_id", "version"], name="revision_record")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(change__in=RevisionChange.values), name="revision_change_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_change_display()} {self.record_kind} {self.record_id} (v{self.version})"
