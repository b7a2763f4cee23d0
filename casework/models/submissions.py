from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """A claimed one-time form token (casework/submission.py). The unique token is what makes a
    create form create once: a second POST with the same token (a double click, Back and save
    again, a retry after a timeout) finds this row and is sent where the first one went.
    The row is written in the same transaction as the record, so a failed save frees the token.
    Holds no survivor data: a path with a case reference, and the kind and id of the record."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    redirect_to = models.CharField(max_length=300, blank=True)
    # What the first submission created, e.g. "casework.consent" and its id.
    record_kind = models.CharField(max_length=100, blank=True)
    record_id = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Form submission by user {self.user_id} at {self.created_at:%Y-%m-%d %H:%M}"
