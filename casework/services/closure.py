"""Closing and reopening a case (closing starts the retention period).

Each service checks its rule, validates, saves and writes its audit entry in one transaction."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit, clocks
from casework.access import require_case_manager
from casework.models import Case
from casework.services.tasks import cancel_open_tasks_of_closed_case
from casework.vocabularies import AuditAction, CaseStatus

CLOSE_BEFORE_OPEN = "The closing date must be on or after the date the case was opened."

CLOSE_IN_FUTURE = "The closing date must be today or in the past."

ERASED = "The survivor's personal data has been erased; the case cannot be reopened or changed."


@transaction.atomic
def case_close(*, actor, case: Case, closed_on: date, reason: str, request=None) -> Case:
    # A double-click sends two closes at once: the row lock makes the second wait and then
    # find the case closed, so it changes nothing and audits nothing.
    if Case.objects.select_for_update().get(pk=case.pk).status != CaseStatus.OPEN:
        case.refresh_from_db()
        return case
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": CLOSE_BEFORE_OPEN})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": CLOSE_IN_FUTURE})
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on
    case.closure_reason = reason
    case.retention_until = clocks.add_months(closed_on, 12 * settings.RETENTION_YEARS)
    case.full_clean()
    case.save(update_fields=["status", "closed_on", "closure_reason", "retention_until", "updated_at"])
    cancel_open_tasks_of_closed_case(case)
    audit.record(
        action=AuditAction.CASE_CLOSED,
        actor=actor,
        case=case,
        fields=["status", "closed_on", "closure_reason"],
        request=request,
    )
    return case


@transaction.atomic
def case_reopen(*, actor, case: Case, request=None) -> Case:
    require_case_manager(actor, case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.erased_at is not None:
        raise ValidationError(ERASED)
    if locked.status == CaseStatus.OPEN:  # reopened already (a second click)
        case.refresh_from_db()
        return case
    case.status = CaseStatus.OPEN
    case.closed_on = None
    case.closure_reason = ""
    case.retention_until = None
    case.full_clean()
    case.save(update_fields=["status", "closed_on", "closure_reason", "retention_until", "updated_at"])
    audit.record(action=AuditAction.CASE_REOPENED, actor=actor, case=case, fields=["status"], request=request)
    return case
