"""Recording, correcting and deleting what the survivor received or was refused (docs/domain.md,
Entitlements received). A refusal needs its reason; a refusal is one day, not a period."""

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import audit
from casework.services import versioning
from support.models import EntitlementReceived
from support.rules.dates import check_past
from support.vocabularies import EntitlementResult, SupportAuditAction

REASON_NEEDED = "Enter the reason it was refused"
NO_REASON_IF_RECEIVED = "Leave the reason blank when it was received, or choose \u201cRefused\u201d."
NO_END_IF_REFUSED = "Leave the end date blank for a refusal: the start date is the day it was refused."
ENDS_BEFORE_START = "The end date cannot be before the start date."


def _check(values: dict) -> dict:
    for name in ("refusal_reason", "notes"):
        values[name] = (values.get(name) or "").strip()
    check_past("start_on", values.get("start_on"))
    refused = values.get("result") == EntitlementResult.REFUSED
    if refused and not values["refusal_reason"]:
        raise ValidationError({"refusal_reason": REASON_NEEDED})
    if not refused and values["refusal_reason"]:
        raise ValidationError({"refusal_reason": NO_REASON_IF_RECEIVED})
    if refused and values.get("end_on") is not None:
        raise ValidationError({"end_on": NO_END_IF_REFUSED})
    start, end = values.get("start_on"), values.get("end_on")
    if start is not None and end is not None and end < start:
        raise ValidationError({"end_on": ENDS_BEFORE_START})
    return values


@transaction.atomic
def entitlement_record(
    *,
    actor,
    case,
    kind: str,
    result: str,
    start_on,
    end_on=None,
    refusal_reason: str = "",
    notes: str = "",
    request=None,
) -> EntitlementReceived:
    values = _check(
        {
            "kind": kind,
            "result": result,
            "start_on": start_on,
            "end_on": end_on,
            "refusal_reason": refusal_reason,
            "notes": notes,
        }
    )
    entitlement = EntitlementReceived(case=case, recorded_by=actor, **values)
    entitlement.full_clean()
    entitlement.save()
    audit.record(
        action=SupportAuditAction.ENTITLEMENT_RECORDED,
        actor=actor,
        case=case,
        fields=["entitlement_received"],
        request=request,
    )
    return entitlement


@transaction.atomic
def entitlement_change(
    *, actor, entitlement: EntitlementReceived, version: int, reason: str, request=None, **values
):
    return versioning.correct(
        "entitlement_received",
        entitlement,
        actor=actor,
        case=entitlement.case,
        version=version,
        reason=reason,
        values=_check(values),
        request=request,
    )


@transaction.atomic
def entitlement_delete(
    *, actor, entitlement: EntitlementReceived, version: int, reason: str, request=None
) -> bool:
    return versioning.remove(
        "entitlement_received",
        entitlement,
        actor=actor,
        case=entitlement.case,
        version=version,
        reason=reason,
        request=request,
    )


def entitlements_erase_personal_data(case) -> None:
    """At the end of retention the reasons and notes go; kinds, results and dates stay for the
    team's figures."""
    EntitlementReceived.objects.filter(case=case).update(refusal_reason="", notes="")
