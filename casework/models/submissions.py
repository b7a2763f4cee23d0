from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """A claimed one-time form token (casework/services/submission.py). The unique token is what makes a
    create form create once: a second POST with the same token (a double click, Back and save
    again, a retry after a timeout) finds this row and is sent where the first one went.
    The row is written in the same transaction as the record, so a failed save frees the token.
    Holds no survivor data: a path with a case reference, the kind and id of the record, and an
    HMAC of the POST body (keyed with SECRET_KEY) to tell a different record sent with the same
    token from a resubmission. Kept FORM_SUBMISSION_KEEP_HOURS, then purged by beat."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    redirect_to = models.CharField(max_length=300, blank=True)
    # What the first submission created, e.g. "casework.consent" and its id.
    record_kind = models.CharField(max_length=100, blank=True)
    record_id = models.BigIntegerField(null=True, blank=True)
    body_digest = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"Form submission by user {self.user_id} at {self.created_at:%Y-%m-%d %H:%M}"
