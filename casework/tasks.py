"""Thin Celery wrappers: the services do the work."""

from celery import shared_task

from casework.services.retention import erased_tables_vacuum
from casework.services.subject_access import exports_purge_expired
from casework.services.submission import form_submissions_purge


@shared_task(acks_late=True)
def purge_expired_exports() -> int:
    """Run by beat every minute: subject access exports past their download window go."""
    return exports_purge_expired()


@shared_task(acks_late=True)
def purge_form_submissions() -> int:
    """Run by beat every hour: create-once claims older than FORM_SUBMISSION_KEEP_HOURS go."""
    return form_submissions_purge()


@shared_task(acks_late=True)
def vacuum_erased_tables() -> list[str]:
    """Queued after every erasure commits (PostgreSQL): VACUUM the tables holding encrypted
    values, so the dead row versions that still hold the erased ciphertext go now. It takes
    no arguments: nothing about the case travels through the broker."""
    return erased_tables_vacuum()
