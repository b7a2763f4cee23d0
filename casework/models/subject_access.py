from django.conf import settings
from django.db import models

from casework.models.cases import Case


class SubjectAccessExport(models.Model):
    """A subject access export waiting to be downloaded, once, by the manager who asked for
    it. The ZIP, AES-encrypted under a password shown only on screen, is kept in the documents
    storage (encrypted again, under its own data key: storage_name, wrapped_key) and deleted
    after download or EXPORT_DOWNLOAD_MINUTES. `content` held the ZIP itself in exports made
    before that; it is blanked after download."""

    token = models.UUIDField(unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    storage_name = models.CharField(max_length=200, blank=True, default="")
    wrapped_key = models.BinaryField(blank=True, default=b"")
    content = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(auto_now_add=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Subject access export of case {self.case_id}"
