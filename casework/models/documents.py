"""Documents on a case: decision letters, signed consent forms, evidence. A Document is what a
caseworker sees (its kind, title, notes, what it is attached to); each uploaded version of its
file is a DocumentFile, the newest being the current one. The file's content is encrypted
before it reaches storage (casework/services/document_storage.py); the row keeps the storage
object's random name and its data key, wrapped under the FERNET_KEYS ring. The title, notes and
the file's original name are encrypted: they say things about the survivor."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from fernet_fields import EncryptedCharField, EncryptedTextField

from casework.models.revisions import version_field
from casework.vocabularies import DocumentKind


class Document(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    title = EncryptedCharField(max_length=200)
    notes = EncryptedTextField(blank=True)
    # The record it is attached to, if any, as Task.about: a record kind registered with
    # document_subject (casework.services.record_kinds) and the record's id on this case.
    about_kind = models.CharField(max_length=40, blank=True)
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    # Deleted as a correction (added in error): the row stays, with who, when and why; its
    # stored files are removed at once (docs/architecture.md, Documents).
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delete_reason = EncryptedTextField(blank=True)
    version = version_field()

    class Meta:
        ordering = ["-added_at", "-id"]
        indexes = [
            models.Index(
                fields=["case", "-added_at"], name="document_held_by_case", condition=Q(deleted_at=None)
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"),
            models.CheckConstraint(
                condition=Q(about_kind="", about_id__isnull=True)
                | (~Q(about_kind="") & Q(about_id__isnull=False)),
                name="document_about_kind_and_id_together",
            ),
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True, deleted_by__isnull=True)
                | Q(deleted_at__isnull=False, deleted_by__isnull=False),
                name="document_deleted_at_and_by_together",
            ),
        ]

    def __str__(self) -> str:
        return f"Document {self.pk} ({self.get_kind_display()})"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class DocumentFile(models.Model):
    """One uploaded version of a document's file. Nothing in the storage name says anything about
    the survivor; the original file name is encrypted and only ever sent back in a download's
    Content-Disposition."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    number = models.PositiveIntegerField()  # 1 for the first upload, then 2, 3... for each replacement
    storage_name = models.CharField(max_length=200, unique=True)
    wrapped_key = models.BinaryField()
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    original_name = EncryptedCharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_file_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="document_file_number_from_one"),
            models.CheckConstraint(condition=Q(size__gt=0), name="document_file_not_empty"),
            models.CheckConstraint(condition=~Q(storage_name=""), name="document_file_storage_name_given"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of document {self.document_id}"
