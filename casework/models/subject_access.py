from django.conf import settings
from django.db import models

from casework.models.cases import Case


class SubjectAccessExport(models.Model):
    """A subject access export waiting to be downloaded, once, by the manager who asked for
    it. The content is an AES-encrypted ZIP whose password was shown only on screen; it is
    blanked after download, and unusable after EXPORT_DOWNLOAD_MINUTES."""

    token = models.UUIDField(unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Subject access export of case {self.case_id}"
