"""Every write about the support a survivor receives."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.dates import YEARS_AHEAD, furthest_ahead
from casework.services import versioning
from casework.ui.dates import long_date
from support.models import PermissionToStay, RecoveryNeedsAssessment, Referral, SupportPeriod
from support.rules.permission_to_stay import permission_refusal
from support.vocabularies import (
    PermissionDecision,
    SupportAuditAction,
    SupportEndReason,
    SupportKind,
    SupportProvider,
)

IN_FUTURE = "The date must be today or in the past. Use the planned end date for the future."
END_BEFORE_START = "The end date must be on or after the start date."
PLANNED_BEFORE_START = "The planned end date must be on or after the start date."
PLANNED_TOO_FAR = f"The planned end date must be within {YEARS_AHEAD} years"
SUPPORT_BEFORE_REFERRAL = (
    "Support cannot start before the NRM referral was submitted ({day}). Check the dates, or choose "
    "Places of Safety if it was support while the person decided on a referral."
)
DECLINED_NEEDS_DATE = "Enter the date the survivor declined the support as the end date."
END_REASON_NEEDED = "Select why the support ended."
ALREADY_ENDED = "This support has already ended."
PROVIDER_NAME_NEEDED = "Enter the name of the provider."
EXPIRY_NEEDED = "Enter the date the permission expires."
DECIDED_ON_NEEDED = "Enter the date the decision was made."
EXPIRY_BEFORE_DECISION = "The permission must expire after the date it was granted."


def _audit(actor, case, fields, request):
    audit.record(
        action=SupportAuditAction.SUPPORT_RECORDED, actor=actor, case=case, fields=fields, request=request
    )


def _check_not_future(name, day):
    if day is not None and day > timezone.localdate():
        raise ValidationError({name: IN_FUTURE})


def _check_period(case, *, provider, provider_name, kind, start_on, end_on, planned_end_on, end_reason, **_):
    """The rules of a period of support, the same when recorded and when corrected."""
    _check_not_future("start_on", start_on)
    _check_not_future("end_on", end_on)
    if end_on is not None and end_on < start_on:
        raise ValidationError({"end_on": END_BEFORE_START})
    if planned_end_on is not None and planned_end_on < start_on:
        raise ValidationError({"planned_end_on": PLANNED_BEFORE_START})
    if planned_end_on is not None and planned_end_on > furthest_ahead():
        raise ValidationError({"planned_end_on": PLANNED_TOO_FAR})
    if end_on is not None and not end_reason:
        raise ValidationError({"end_reason": END_REASON_NEEDED})
    if end_reason == SupportEndReason.DECLINED and end_on is None:
        raise ValidationError({"end_on": DECLINED_NEEDS_DATE})
    if provider == SupportProvider.OTHER and not provider_name:
        raise ValidationError({"provider_name": PROVIDER_NAME_NEEDED})
    if kind == SupportKind.PLACES_OF_SAFETY:
        return  # the one kind of support given before a referral (up to 3 working days)
    first = Referral.objects.filter(case=case).order_by("submitted_on").first()
    if first is not None and start_on < first.submitted_on:
        raise ValidationError({"start_on": SUPPORT_BEFORE_REFERRAL.format(day=long_date(first.submitted_on))})


@transaction.atomic
def support_period_record(
    *,
    actor,
    case,
    provider: str,
    kind: str,
    start_on: date,
    provider_name: str = "",
    end_on: date | None = None,
    planned_end_on: date | None = None,
    end_reason: str = "",
    notes: str = "",
    request=None,
) -> SupportPeriod:
    versioning.lock(case)  # the referral dates it is checked against stay as read
    _check_period(
        case,
        provider=provider,
        provider_name=provider_name,
        kind=kind,
        start_on=start_on,
        end_on=end_on,
        planned_end_on=planned_end_on,
        end_reason=end_reason,
    )
    period = SupportPeriod(
        case=case,
        provider=provider,
        provider_name=provider_name or None,  # NULL: no name given
        kind=kind,
        start_on=start_on,
        end_on=end_on,
        planned_end_on=planned_end_on,
        end_reason=end_reason if end_on else "",
        notes=notes,
        recorded_by=actor,
    )
    period.full_clean()
    period.save()
    _audit(actor, case, ["support_period"], request)
    return period


@transaction.atomic
def support_period_end(
    *, actor, period: SupportPeriod, end_on: date, end_reason: str, version: int | None = None, request=None
) -> SupportPeriod:
    if period.end_on is not None:
        raise ValidationError(ALREADY_ENDED)
    _check_not_future("end_on", end_on)
    if end_on < period.start_on:
        raise ValidationError({"end_on": END_BEFORE_START})
    versioning.save_changes(
        actor=actor,
        kind="support_period",
        record=period,
        case=period.case,
        expected_version=version,
        values={"end_on": end_on, "end_reason": end_reason},
        audit_action=SupportAuditAction.SUPPORT_RECORDED,
        audit_fields=["end_on", "end_reason"],
        request=request,
    )
    return period


@transaction.atomic
def permission_to_stay_record(
    *,
    actor,
    case,
    considered_from: date,
    decision=PermissionDecision.PENDING,
    decided_on=None,
    expires_on=None,
    ground="",
    extension_applied_on=None,
    notes="",
    request=None,
) -> PermissionToStay:
    _check_permission(
        considered_from=considered_from,
        decision=decision,
        decided_on=decided_on,
        expires_on=expires_on,
        ground=ground,
        extension_applied_on=extension_applied_on,
    )
    if decision != PermissionDecision.GRANTED:
        ground = ""  # a reveal field: only a grant has a ground; one typed before another choice is dropped
    permission = PermissionToStay(
        case=case,
        considered_from=considered_from,
        decision=decision,
        decided_on=decided_on,
        expires_on=expires_on,
        ground=ground,
        extension_applied_on=extension_applied_on,
        notes=notes,
        recorded_by=actor,
    )
    permission.full_clean()
    permission.save()
    _audit(actor, case, ["permission_to_stay"], request)
    return permission


def _check_permission(
    *, considered_from, decision, decided_on, expires_on, ground="", extension_applied_on=None, **_
) -> None:
    _check_not_future("considered_from", considered_from)
    _check_not_future("decided_on", decided_on)
    _check_not_future("extension_applied_on", extension_applied_on)
    errors = permission_refusal(
        decision=decision, decided_on=decided_on, ground=ground, extension_applied_on=extension_applied_on
    )
    if errors:
        raise ValidationError(errors)
    if decision == PermissionDecision.GRANTED and decided_on is None:
        raise ValidationError({"decided_on": DECIDED_ON_NEEDED})
    if decision == PermissionDecision.GRANTED and expires_on is None:
        raise ValidationError({"expires_on": EXPIRY_NEEDED})
    if expires_on is not None and decided_on is not None and expires_on <= decided_on:
        raise ValidationError({"expires_on": EXPIRY_BEFORE_DECISION})


# Corrections: the same rules as recording, through casework.services.versioning (no silent
# overwrite; the earlier values and the reason kept in the record's history).


def _save(actor, kind, record, version, reason, values, request):
    return versioning.correct(
        kind,
        record,
        actor=actor,
        case=record.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )


@transaction.atomic
def support_period_change(*, actor, period: SupportPeriod, version: int, reason: str, request=None, **values):
    versioning.lock(period.case)
    _check_period(period.case, **values)
    if values.get("end_on") is None:
        values["end_reason"] = ""
    if "provider_name" in values:
        values["provider_name"] = values["provider_name"] or None  # NULL: no name given, as recorded
    return _save(actor, "support_period", period, version, reason, values, request)


@transaction.atomic
def permission_to_stay_change(
    *, actor, permission: PermissionToStay, version: int, reason: str, request=None, **values
):
    _check_permission(**values)
    if values.get("decision") != PermissionDecision.GRANTED and "ground" in values:
        values["ground"] = ""  # only a grant has a ground
    return _save(actor, "permission_to_stay", permission, version, reason, values, request)


@transaction.atomic
def support_record_delete(*, actor, kind: str, record, version: int, reason: str, request=None) -> bool:
    """Delete a period of support, an assessment or a permission recorded in error."""
    return versioning.remove(
        kind, record, actor=actor, case=record.case, version=version, reason=reason, request=request
    )


def support_erase_personal_data(case) -> None:
    """At the end of retention: providers' names and every free-text note go; the dates and
    vocabularies stay for the statistics."""
    SupportPeriod.objects.filter(case=case).update(notes="")
    SupportPeriod.objects.filter(case=case, provider_name__isnull=False).update(provider_name="")
    RecoveryNeedsAssessment.objects.filter(case=case).update(
        needs="", survivor_comments="", services_agreed="", reasons=""
    )
    PermissionToStay.objects.filter(case=case).update(notes="")
