"""A public order disqualification after a positive RG decision (with its ground), a
reconsideration of it, and correcting one. A disqualification ends protection and support,
not the case: the CG decision is still recorded on the referral."""

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
from support.vocabularies import DecisionKind, DisqualificationReconsiderationOutcome, SupportAuditAction

POD_BEFORE_RG = "The disqualification cannot be dated before the RG decision ({day})."
REQUEST_BEFORE_POD = "The request cannot be dated before the disqualification ({day})."
OUTCOME_BEFORE_REQUEST = "The outcome cannot be dated before the request ({day})."
OUTCOME_NEEDS_REQUEST = "Enter the date reconsideration was requested."
OUTCOME_NEEDS_DATE = "Enter the date of the outcome."
PENDING_HAS_NO_DATE = "A reconsideration still waiting has no outcome date. Leave it blank."
OUTCOME_ALREADY = (
    "The outcome of the reconsideration is already recorded. To change it, correct the public order "
    "disqualification (its “Change” link in the timeline) and give a reason."
)


def _check_reconsideration(decided_on, requested_on, outcome, outcome_on) -> dict:
    """The reconsideration fields as they will be stored: none asked for (all blank), waiting,
    or decided with a date. Refuses inconsistent dates with a message on the field."""
    check_past("reconsideration_requested_on", requested_on)
    check_past("reconsideration_outcome_on", outcome_on)
    if requested_on is None:
        if (
            outcome not in ("", None, DisqualificationReconsiderationOutcome.PENDING)
            or outcome_on is not None
        ):
            raise ValidationError({"reconsideration_requested_on": OUTCOME_NEEDS_REQUEST})
        return {
            "reconsideration_requested_on": None,
            "reconsideration_outcome": "",
            "reconsideration_outcome_on": None,
        }
    if requested_on < decided_on:
        raise ValidationError(
            {"reconsideration_requested_on": REQUEST_BEFORE_POD.format(day=long_date(decided_on))}
        )
    outcome = outcome or DisqualificationReconsiderationOutcome.PENDING
    if outcome == DisqualificationReconsiderationOutcome.PENDING:
        if outcome_on is not None:
            raise ValidationError({"reconsideration_outcome_on": PENDING_HAS_NO_DATE})
    elif outcome_on is None:
        raise ValidationError({"reconsideration_outcome_on": OUTCOME_NEEDS_DATE})
    elif outcome_on < requested_on:
        raise ValidationError(
            {"reconsideration_outcome_on": OUTCOME_BEFORE_REQUEST.format(day=long_date(requested_on))}
        )
    return {
        "reconsideration_requested_on": requested_on,
        "reconsideration_outcome": outcome,
        "reconsideration_outcome_on": outcome_on,
    }


@transaction.atomic
def disqualification_record(
    *, actor, referral: Referral, decided_on: date, ground: str = "", notes: str = "", request=None
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
        referral=referral, decided_on=decided_on, ground=ground, notes=notes, recorded_by=actor
    )
    disqualification.full_clean()
    disqualification.save()
    audit.record(
        action=SupportAuditAction.NRM_DISQUALIFICATION_RECORDED,
        actor=actor,
        case=referral.case,
        fields=["decided_on", "ground"],
        request=request,
    )
    return disqualification


@transaction.atomic
def disqualification_reconsideration(
    *,
    actor,
    disqualification: PublicOrderDisqualification,
    reconsideration_requested_on: date,
    reconsideration_outcome: str,
    reconsideration_outcome_on: date | None = None,
    version: int | None = None,
    request=None,
) -> PublicOrderDisqualification:
    """Record a request to reconsider the disqualification, or its outcome. An overturned
    disqualification no longer stands: protection and support are owed again. Once the outcome
    is recorded it is changed only by a correction, with a reason (disqualification_change)."""
    versioning.lock(disqualification.referral)
    # As now saved, not as the caller's copy says (two tabs, or a form posted again).
    saved = PublicOrderDisqualification.objects.get(pk=disqualification.pk)
    if saved.reconsideration_outcome not in ("", DisqualificationReconsiderationOutcome.PENDING):
        raise ValidationError(OUTCOME_ALREADY)
    values = _check_reconsideration(
        disqualification.decided_on,
        reconsideration_requested_on,
        reconsideration_outcome,
        reconsideration_outcome_on,
    )
    versioning.save_changes(
        actor=actor,
        kind="disqualification",
        record=disqualification,
        case=disqualification.referral.case,
        expected_version=version,
        values=values,
        audit_action=SupportAuditAction.NRM_DISQUALIFICATION_RECONSIDERED,
        audit_fields=sorted(values),
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
    if "reconsideration_requested_on" in values:
        values.update(
            _check_reconsideration(
                values["decided_on"],
                values["reconsideration_requested_on"],
                values.get("reconsideration_outcome", ""),
                values.get("reconsideration_outcome_on"),
            )
        )
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
