"""A public order disqualification after a positive RG decision, and correcting one."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import audit
from casework.services import versioning
from casework.ui.dates import long_date
from support.models import PublicOrderDisqualification, Referral
from support.rules import nrm_status
from support.rules.dates import check_past
from support.rules.nrm_status import decision_of
from support.vocabularies import DecisionKind, SupportAuditAction

POD_BEFORE_RG = "The disqualification cannot be dated before the RG decision ({day})."


@transaction.atomic
def disqualification_record(
    *, actor, referral: Referral, decided_on: date, notes: str = "", request=None
) -> PublicOrderDisqualification:
    referral = versioning.lock(referral)
    refusal = nrm_status.disqualification_refusal(referral)
    if refusal is not None:
        raise ValidationError(refusal)
    rg = decision_of(referral, DecisionKind.RG)
    check_past("decided_on", decided_on)
    if decided_on < rg.decided_on:
        raise ValidationError({"decided_on": POD_BEFORE_RG.format(day=long_date(rg.decided_on))})
    disqualification = PublicOrderDisqualification(
        referral=referral, decided_on=decided_on, notes=notes, recorded_by=actor
    )
    disqualification.full_clean()
    disqualification.save()
    audit.record(
        action=SupportAuditAction.NRM_DISQUALIFICATION_RECORDED,
        actor=actor,
        case=referral.case,
        request=request,
    )
    return disqualification


@transaction.atomic
def disqualification_change(
    *, actor, disqualification: PublicOrderDisqualification, version: int, reason: str, request=None, **values
) -> set:
    referral = versioning.lock(disqualification.referral)
    check_past("decided_on", values["decided_on"])
    rg = decision_of(referral, DecisionKind.RG)
    if rg is not None and values["decided_on"] < rg.decided_on:
        raise ValidationError({"decided_on": POD_BEFORE_RG.format(day=long_date(rg.decided_on))})
    return versioning.correct(
        "disqualification",
        disqualification,
        actor=actor,
        case=referral.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )
