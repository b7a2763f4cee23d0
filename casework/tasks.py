"""Thin Celery wrappers: the services do the work (DESIGN.md §4)."""

from celery import shared_task

from casework import services


@shared_task(acks_late=True)
def purge_expired_exports() -> int:
    """Run by beat every minute: subject access exports past their download window go."""
    return services.exports_purge_expired()


@shared_task(acks_late=True)
def purge_form_submissions() -> int:
    """Run by beat every hour: create-once claims older than FORM_SUBMISSION_KEEP_HOURS go."""
    return services.form_submissions_purge()
