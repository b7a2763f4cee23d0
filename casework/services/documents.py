"""Documents on a case: adding one (an uploaded file, checked and encrypted before it is
stored), replacing its file with a new version (the earlier ones kept), deleting it as a
correction with a reason, downloading, the subject access export and erasure.

The file is checked (casework/services/file_checks.py) before anything is stored: a refused
upload stores nothing. Its content goes to storage encrypted (casework/services/
document_storage.py) before the rows are written; if writing them fails, the stored object is
removed again. Storage objects are removed only once the transaction that removed their rows
has committed, so a rolled-back deletion never loses a file; an object left behind by a crash
between the two is an orphan that `manage.py documents_check --apply` removes.

The audit names "document:<id>", never a title or a file name."""

import itertools
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from casework import audit
from casework.models import Case, Document, DocumentFile
from casework.selectors.task_subjects import records
from casework.services import document_storage, file_checks
from casework.services.record_kinds import KINDS
from casework.services.retention import erased_values
from casework.ui.dates import long_date
from casework.vocabularies import AuditAction, DocumentKind

ABOUT_NOT_ON_CASE = "Choose a record of this case, or nothing"
REASON_NEEDED = "Enter why the document is being deleted"
ALREADY_REPLACED = (
    "Someone replaced or deleted this document after you opened this page. Nothing was saved: "
    "go back to the documents and check it."
)
NO_FILE = "Select a file"
KEPT_NAME = 255  # the original name is kept to this many characters (its extension kept)


def audit_name(document: Document) -> str:
    """The audit payload's name for a document: its kind of record and id."""
    return f"document:{document.pk}"


def document_subject(case: Case, value: str) -> tuple[str, int | None]:
    """A posted "kind:id" as (kind, id), checked to be a record of this case a document can be
    attached to; ("", None) for nothing."""
    if not value:
        return "", None
    key, _, pk = value.partition(":")
    kind = KINDS.get(key)
    if kind is None or not kind.document_subject or not pk.isdecimal():
        raise ValidationError({"about": ABOUT_NOT_ON_CASE})
    if not records(kind).filter(pk=int(pk), **{kind.task_subject_case: case}).exists():
        raise ValidationError({"about": ABOUT_NOT_ON_CASE})
    return key, int(pk)


def _original_name(uploaded: UploadedFile) -> str:
    name = (uploaded.name or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "document"
    if len(name) > KEPT_NAME:
        stem, dot, extension = name.rpartition(".")
        name = (
            f"{stem[: KEPT_NAME - len(extension) - 1]}.{extension}" if dot and len(extension) < 10 else name
        )
    return name[:KEPT_NAME]


def _checked_and_stored(uploaded: UploadedFile | None):
    """The upload checked (UploadRefused as a message on the form's file field) and its content
    stored encrypted: (checked upload, stored file)."""
    if uploaded is None:
        raise ValidationError({"file": NO_FILE})
    try:
        checked = file_checks.check_upload(uploaded)
    except file_checks.UploadRefused as refused:
        raise ValidationError({"file": str(refused)}) from None
    return checked, document_storage.store(checked.chunks())


def _file_row(
    document: Document, number: int, checked, stored, uploaded: UploadedFile, actor
) -> DocumentFile:
    return DocumentFile(
        document=document,
        number=number,
        storage_name=stored.name,
        wrapped_key=stored.wrapped_key,
        size=stored.size,
        content_type=checked.content_type,
        extension=checked.extension.lstrip("."),
        original_name=_original_name(uploaded),
        uploaded_by=actor,
    )


def document_add(
    *,
    actor,
    case: Case,
    file: UploadedFile | None,
    kind: str,
    title: str,
    notes: str = "",
    about: str = "",
    request=None,
) -> Document:
    """Add a document to the case. `about`: "kind:id" of the case's record it is attached to."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Select the kind of document"})
    about_kind, about_id = document_subject(case, about)
    checked, stored = _checked_and_stored(file)
    assert file is not None  # _checked_and_stored refuses a missing file
    try:
        with transaction.atomic():
            document = Document.objects.create(
                case=case,
                kind=kind,
                title=title.strip(),
                notes=notes.strip(),
                about_kind=about_kind,
                about_id=about_id,
                added_by=actor,
            )
            _file_row(document, 1, checked, stored, file, actor).save()
            audit.record(
                action=AuditAction.DOCUMENT_ADDED,
                actor=actor,
                case=case,
                fields=[audit_name(document)],
                request=request,
            )
    except BaseException:
        document_storage.delete(stored.name)
        raise
    return document


def document_replace(
    *, actor, document: Document, file: UploadedFile | None, version: int, request=None
) -> DocumentFile:
    """A new version of the document's file; the earlier ones are kept and stay downloadable.
    Refused (nothing stored) when someone replaced or deleted it since the page was opened."""
    checked, stored = _checked_and_stored(file)
    assert file is not None
    try:
        with transaction.atomic():
            locked = Document.objects.select_for_update().filter(pk=document.pk, deleted_at=None).first()
            if locked is None or locked.version != version:
                raise ValidationError(ALREADY_REPLACED)
            newest = locked.files.aggregate(newest=Max("number"))["newest"] or 0
            row = _file_row(locked, newest + 1, checked, stored, file, actor)
            row.save()
            Document.objects.filter(pk=locked.pk).update(version=locked.version + 1)
            audit.record(
                action=AuditAction.DOCUMENT_REPLACED,
                actor=actor,
                case=locked.case,
                fields=[audit_name(locked)],
                request=request,
            )
    except BaseException:
        document_storage.delete(stored.name)
        raise
    document.version = version + 1
    return row


def _forget_files(files) -> list[str]:
    """Delete these file rows, and remove their objects from storage once this commits. Without
    its data key (gone with the row) an object left behind (storage down) cannot be read by
    anyone. No overwrite before the delete: in the same transaction it only adds one more dead
    row version for VACUUM to clear (erasure queues one), it hides nothing the delete does not."""
    names = list(files.values_list("storage_name", flat=True))
    files.delete()
    _delete_objects_on_commit(names)
    return names


def _delete_objects_on_commit(names: list[str]) -> None:
    def delete():
        for name in names:
            document_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def document_delete(*, actor, document: Document, version: int, reason: str, request=None) -> bool:
    """Delete a document added in error (the wrong survivor's letter, a duplicate). The record
    stays, hidden from the list, with its kind, who added and deleted it, when and why (the
    timeline shows it); its title and notes are blanked (they may be about someone else) and its
    files, every version, are removed from storage: what was added in error is not kept.
    False if it was already deleted (a double submission)."""
    if not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED})
    locked = Document.objects.select_for_update().filter(pk=document.pk).first()
    if locked is None or locked.deleted_at is not None:
        return False
    if locked.version != version:
        raise ValidationError(ALREADY_REPLACED)
    _forget_files(DocumentFile.objects.filter(document=locked))
    Document.objects.filter(pk=locked.pk).update(
        title="",
        notes="",
        deleted_at=timezone.now(),
        deleted_by=actor,
        delete_reason=reason.strip(),
        version=locked.version + 1,
    )
    audit.record(
        action=AuditAction.DOCUMENT_DELETED,
        actor=actor,
        case=locked.case,
        fields=[audit_name(locked)],
        request=request,
    )
    return True


def document_download(*, actor, document: Document, file: DocumentFile, request=None) -> Iterator[bytes]:
    """The decrypted content of one version, chunk by chunk; the download is audited (the case,
    the document, who), never naming the file. DocumentUnreadable if the object is missing or
    was tampered with (raised here, reading the first chunk, before anything is sent or audited)."""
    chunks = iter(document_storage.open_chunks(file.storage_name, bytes(file.wrapped_key)))
    first = next(chunks, b"")
    audit.record(
        action=AuditAction.DOCUMENT_DOWNLOADED,
        actor=actor,
        case=document.case,
        fields=[audit_name(document)],
        request=request,
    )
    return itertools.chain([first], chunks)


def content_disposition(file: DocumentFile) -> str:
    """`attachment` (never inline) with the original name: an ASCII fallback and the UTF-8 name
    (RFC 6266, RFC 5987), with the type's extension when the name lacks it."""
    name = unicodedata.normalize("NFC", file.original_name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C") or "document"
    if file.extension and not name.lower().endswith(f".{file.extension.lower()}"):
        name = f"{name}.{file.extension}"
    # Accents dropped ("é" -> "e"), anything else not plain ASCII (or a quote) becomes "_".
    letters = (c for c in unicodedata.normalize("NFKD", name) if unicodedata.category(c) != "Mn")
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in " .-_()") else "_" for c in letters)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def export_name(document: Document, file: DocumentFile) -> str:
    """Where a version's file is in the subject access ZIP: nothing from the file's own name (the
    JSON beside it gives that), so no name can reach outside the archive's folder."""
    return f"documents/document-{document.pk}-version-{file.number}.{file.extension or 'bin'}"


def document_export(case: Case) -> list[dict]:
    """Every document, for the subject access export: the files themselves are in the ZIP's
    documents/ folder (export_files), each named here."""
    documents = (
        Document.objects.filter(case=case).select_related("added_by", "deleted_by").order_by("added_at", "pk")
    )
    files = (
        DocumentFile.objects.filter(document__case=case).select_related("uploaded_by").defer("wrapped_key")
    )
    by_document: dict[int, list[DocumentFile]] = {}
    for row in files.order_by("number"):
        by_document.setdefault(row.document_id, []).append(row)
    exported = []
    for document in documents:
        entry = {
            "kind": document.get_kind_display(),
            # A document deleted as added in error keeps no title or notes (document_delete).
            **({"title": document.title, "notes": document.notes} if document.deleted_at is None else {}),
            "attached_to": KINDS[document.about_kind].title if document.about_kind in KINDS else "",
            "added_by": document.added_by.display_name,
            "added_at": document.added_at,
            "versions": [
                {
                    "version": row.number,
                    "original_file_name": row.original_name,
                    "type": row.content_type,
                    "size_bytes": row.size,
                    "uploaded_by": row.uploaded_by.display_name,
                    "uploaded_at": row.uploaded_at,
                    "file_in_this_export": export_name(document, row),
                }
                for row in by_document.get(document.pk, [])
            ],
        }
        if document.deleted_at is not None:
            assert document.deleted_by is not None
            day = long_date(timezone.localtime(document.deleted_at).date())
            entry["deleted"] = f"{day} by {document.deleted_by.display_name}"
        if document.delete_reason:
            entry["why_deleted"] = document.delete_reason
        exported.append(entry)
    return exported


MISSING = (
    "This file could not be read from storage when the export was made. The organisation has been "
    "told (manage.py documents_check lists it)."
)


def export_files(case: Case) -> Iterator[tuple[str, Iterator[bytes]]]:
    """(name in the ZIP, decrypted chunks) of every file held on the case, every version. Each
    file is opened only when its chunks are read; reading raises DocumentUnreadable if it is
    missing or fails at any point (the export puts a note in its place: MISSING)."""
    files = (
        DocumentFile.objects.filter(document__case=case)
        .select_related("document")
        .order_by("document", "number")
    )
    for row in files:
        yield export_name(row.document, row), _read(row.storage_name, bytes(row.wrapped_key))


def _read(name: str, wrapped_key: bytes) -> Iterator[bytes]:
    yield from document_storage.open_chunks(name, wrapped_key)


def document_erase(case: Case) -> None:
    """End of retention: every file is removed from storage and the rows go, overwritten first (a
    document's kind is no statistic anyone needs)."""
    _forget_files(DocumentFile.objects.filter(document__case=case))
    documents = Document.objects.filter(case=case)
    documents.update(**erased_values(Document))
    documents.delete()
