"""Subject access: everything held about a survivor, as readable HTML and as JSON, in an
AES-encrypted ZIP whose one-time password is shown once (UK GDPR Article 15)."""

import io
import json
import secrets
import uuid
from datetime import timedelta

import pyzipper
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from casework import audit, hooks
from casework.models import Case, FormSubmission, SubjectAccessExport
from casework.services import documents
from casework.ui import labels
from casework.vocabularies import AuditAction, ExploitationType


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


def encrypted_zip(case: Case) -> tuple[bytes, str]:
    """The export as an AES-256 ZIP, and its password (never stored)."""
    data = collect(case)
    password = secrets.token_urlsafe(15)
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.writestr(f"{case.reference}.json", as_json(data))
        archive.writestr(f"{case.reference}.html", as_html(data))
        # The documents themselves, decrypted, each version (casework/services/documents.py).
        for name, chunks in documents.export_files(case):
            with archive.open(name, "w") as out:
                for chunk in chunks:
                    out.write(chunk)
    return buffer.getvalue(), password


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
    waiting = SubjectAccessExport.objects.filter(case=case, requested_by=actor, downloaded_at__isnull=True)
    if waiting.exists():
        waiting.update(content=b"")  # overwritten before deletion, as erasure does
        waiting.delete()
    content, password = encrypted_zip(case)
    export = SubjectAccessExport.objects.create(
        token=uuid.uuid4(), case=case, requested_by=actor, content=content
    )
    if claim is not None:
        claim.record_kind, claim.record_id = export._meta.label_lower, export.pk
        claim.save(update_fields=["record_kind", "record_id"])
    audit.record(action=AuditAction.CASE_EXPORTED, actor=actor, case=case, request=request)
    return export, password


def exports_purge_expired() -> int:
    """Delete the exports past their download window or already downloaded. Run by beat
    and at most once a minute from requests (casework.security.middleware.ExpiredExportsMiddleware).
    Checks before deleting, so a request with nothing to purge only reads (no write lock on SQLite)."""
    since = timezone.now() - timedelta(minutes=EXPORT_DOWNLOAD_MINUTES)
    expired = SubjectAccessExport.objects.filter(Q(created_at__lt=since) | Q(downloaded_at__isnull=False))
    if not expired.exists():
        return 0
    expired.update(content=b"")  # overwritten before deletion, as erasure does
    deleted, _ = expired.delete()
    return deleted


@transaction.atomic
def case_export_download(*, actor, case: Case, token, request=None) -> bytes | None:
    """The ZIP, once, to the manager who asked for it, within EXPORT_DOWNLOAD_MINUTES."""
    since = timezone.now() - timedelta(minutes=EXPORT_DOWNLOAD_MINUTES)
    export = (
        SubjectAccessExport.objects.select_for_update()
        .filter(token=token, case=case, requested_by=actor, downloaded_at__isnull=True, created_at__gte=since)
        .first()
    )
    if export is None:
        return None
    content = bytes(export.content)
    export.content = b""
    export.downloaded_at = timezone.now()
    export.save(update_fields=["content", "downloaded_at"])
    audit.record(action=AuditAction.CASE_EXPORT_DOWNLOADED, actor=actor, case=case, request=request)
    return content
