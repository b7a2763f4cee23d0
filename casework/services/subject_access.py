"""Subject access: everything held about a survivor, as readable HTML and as JSON, in an
AES-encrypted ZIP whose one-time password is shown once (UK GDPR Article 15)."""

import json
import logging
import secrets
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import IO

import pyzipper
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from casework import audit, hooks
from casework.models import Case, FormSubmission, SubjectAccessExport
from casework.services import document_storage, documents
from casework.ui import labels
from casework.vocabularies import AuditAction, ExploitationType

logger = logging.getLogger(__name__)


def collect(case: Case) -> dict:
    """Every record about the survivor, with labels a reader understands: values as words
    and dates as "14 June 1998", in the JSON as in the HTML (it is for the survivor to read)."""
    return labels.readable(_collect(case))


def _collect(case: Case) -> dict:
    return {
        "generated_at": timezone.now(),
        "case": {
            "reference": case.reference,
            "team": case.team.name,
            "status": case.get_status_display(),
            "opened_on": case.opened_on,
            "closed_on": case.closed_on,
            "closure_reason": case.get_closure_reason_display(),
            "personal_data_kept_until": case.retention_until,
            "gender": case.get_gender_display(),
            "nationalities": [country.name for country in case.nationalities],  # type: ignore[attr-defined]
            "age_at_exploitation": case.get_age_at_exploitation_display(),
            "exploitation_types": [ExploitationType(e.kind).label for e in case.exploitations.all()],
            "county_lines": case.county_lines,
            "where_exploited": case.get_where_exploited_display(),
        },
        "sections": [{"title": title, "records": records} for title, records in _sections(case)],
        "access_log": [
            {
                "at": event.at,
                "who": event.actor.display_name if event.actor else "The system",
                "action": event.action_label,
                "fields": labels.labels(event.fields),
            }
            for event in case.audit_events.select_related("actor").order_by("at", "id")
        ],
    }


def _sections(case):
    for area in hooks.data_areas():
        yield area.title, area.export(case)


def as_json(data: dict) -> str:
    return json.dumps(data, indent=2, default=str, ensure_ascii=False)


def as_html(data: dict) -> str:
    return render_to_string("casework/subject_access.html", {"data": data})


# Up to this much of the ZIP (or of one file being checked) is kept in memory, the rest in a
# temporary file in FILE_UPLOAD_TEMP_DIR (the system's if unset), removed when closed.
SPOOL_BYTES = 1024 * 1024
COPY_BYTES = 64 * 1024


def spool() -> IO[bytes]:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, dir=settings.FILE_UPLOAD_TEMP_DIR)


def write_encrypted_zip(case: Case, out: IO[bytes]) -> str:
    """Write the export as an AES-256 ZIP to `out`; return its password (never stored). The
    documents go in one at a time, each read through to its end first, so a stored file that
    fails part way is a short note in its place and never stops the export."""
    data = collect(case)
    password = secrets.token_urlsafe(15)
    with pyzipper.AESZipFile(
        out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.writestr(f"{case.reference}.json", as_json(data))
        archive.writestr(f"{case.reference}.html", as_html(data))
        # The documents themselves, decrypted, each version (casework/services/documents.py).
        for name, chunks in documents.export_files(case):
            with spool() as checked:
                try:
                    for chunk in chunks:
                        checked.write(chunk)
                except document_storage.DocumentUnreadable:
                    logger.warning("Subject access export: %s unreadable, a note in its place", name)
                    archive.writestr(f"{name}.missing.txt", documents.MISSING)
                    continue
                checked.seek(0)
                with archive.open(name, "w") as entry:
                    shutil.copyfileobj(checked, entry, COPY_BYTES)
    return password


EXPORT_DOWNLOAD_MINUTES = 15


class ExportAlreadyPrepared(Exception):
    """The export form was sent again with the token of an export already prepared."""


@transaction.atomic
def case_export(*, actor, case: Case, request=None, form_token=None) -> tuple[SubjectAccessExport, str]:
    """Prepare a subject access export for one download by the manager who asked for it.
    Returns the export and the ZIP's password, which is shown once and never stored.

    `form_token` is the form's one-time token (casework/services/submission.py): a second POST of the
    same form (a double click, Back and confirm again) raises ExportAlreadyPrepared instead of
    making a second export, also when both arrive at once (the claim's unique index). One
    export waits per manager and case: asking again replaces one not yet downloaded, whose
    password may never have been seen."""
    claim = None
    if form_token is not None:
        try:
            with transaction.atomic():
                claim = FormSubmission.objects.create(token=form_token, user=actor)
        except IntegrityError:
            raise ExportAlreadyPrepared from None
    exports_delete(
        SubjectAccessExport.objects.filter(case=case, requested_by=actor, downloaded_at__isnull=True)
    )
    with spool() as archive:
        password = write_encrypted_zip(case, archive)
        archive.seek(0)
        # Stored like a document (encrypted again, under a data key of its own), never in a
        # database column: an export of many photos may be gigabytes.
        stored = document_storage.store(iter(lambda: archive.read(COPY_BYTES), b""))
    try:
        export = SubjectAccessExport.objects.create(
            token=uuid.uuid4(),
            case=case,
            requested_by=actor,
            storage_name=stored.name,
            wrapped_key=stored.wrapped_key,
        )
        if claim is not None:
            claim.record_kind, claim.record_id = export._meta.label_lower, export.pk
            claim.save(update_fields=["record_kind", "record_id"])
        audit.record(action=AuditAction.CASE_EXPORTED, actor=actor, case=case, request=request)
    except BaseException:
        document_storage.delete(stored.name)  # else manage.py documents_check finds it, an orphan
        raise
    return export, password


def exports_delete(exports) -> int:
    """Delete these exports and, once that commits, their stored ZIPs (each unreadable anyway
    once its row and so its data key is gone). Exports made before the ZIPs were stored hold
    theirs in `content`, gone with the row."""
    names = [name for name in exports.values_list("storage_name", flat=True) if name]
    deleted, _ = exports.delete()
    if names:
        transaction.on_commit(lambda: _delete_objects(names))
    return deleted


def _delete_objects(names: list[str]) -> None:
    for name in names:
        document_storage.delete(name)


def exports_purge_expired() -> int:
    """Delete the exports past their download window or already downloaded. Run by beat
    and at most once a minute from requests (casework.security.middleware.ExpiredExportsMiddleware).
    Checks before deleting, so a request with nothing to purge only reads (no write lock on SQLite)."""
    since = timezone.now() - timedelta(minutes=EXPORT_DOWNLOAD_MINUTES)
    expired = SubjectAccessExport.objects.filter(Q(created_at__lt=since) | Q(downloaded_at__isnull=False))
    if not expired.exists():
        return 0
    return exports_delete(expired)


@transaction.atomic
def case_export_download(*, actor, case: Case, token, request=None) -> Iterator[bytes] | None:
    """The ZIP, once, to the manager who asked for it, within EXPORT_DOWNLOAD_MINUTES, chunk by
    chunk from storage (None if expired, used, or its stored ZIP cannot be read). The stored
    ZIP is deleted once sent (and by the purge, if the download stops half way)."""
    since = timezone.now() - timedelta(minutes=EXPORT_DOWNLOAD_MINUTES)
    export = (
        SubjectAccessExport.objects.select_for_update()
        .filter(token=token, case=case, requested_by=actor, downloaded_at__isnull=True, created_at__gte=since)
        .first()
    )
    if export is None:
        return None
    if export.storage_name:
        try:
            chunks = document_storage.open_chunks(export.storage_name, bytes(export.wrapped_key))
        except document_storage.DocumentUnreadable:
            return None
        content = _then_delete(export.storage_name, chunks)
    else:  # an export made before the ZIPs were stored as documents
        content = iter([bytes(export.content)])
    export.content = b""
    export.downloaded_at = timezone.now()
    export.save(update_fields=["content", "downloaded_at"])
    audit.record(action=AuditAction.CASE_EXPORT_DOWNLOADED, actor=actor, case=case, request=request)
    return content


def _then_delete(name: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield from chunks
    finally:
        document_storage.delete(name)
