"""An adult's withdrawal from the NRM, and correcting one."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import audit
from casework.services import versioning
from support.models import Referral, Withdrawal
from support.rules import nrm_status
from support.rules.dates import check_after_referral, check_past
from support.vocabularies import SupportAuditAction


@transaction.atomic
def withdrawal_record(
    *, actor, referral: Referral, withdrawn_on: date, notes: str = "", request=None
) -> Withdrawal:
    referral = versioning.lock(referral)
    refusal = nrm_status.withdrawal_refusal(referral)
    if refusal is not None:
        raise ValidationError(refusal)
    check_past("withdrawn_on", withdrawn_on)
    check_after_referral("withdrawn_on", withdrawn_on, referral)
    withdrawal = Withdrawal(referral=referral, withdrawn_on=withdrawn_on, notes=notes, recorded_by=actor)
    withdrawal.full_clean()
    withdrawal.save()
    audit.record(
        action=SupportAuditAction.NRM_WITHDRAWAL_RECORDED, actor=actor, case=referral.case, request=request
    )
    return withdrawal


@transaction.atomic
def withdrawal_change(
    *, actor, withdrawal: Withdrawal, version: int, reason: str, request=None, **values
) -> set:
    referral = versioning.lock(withdrawal.referral)
    check_past("withdrawn_on", values["withdrawn_on"])
    check_after_referral("withdrawn_on", values["withdrawn_on"], referral)
    return versioning.correct(
        "withdrawal",
        withdrawal,
        actor=actor,
        case=referral.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )
