"""A request to reconsider a negative decision, its outcome, and correcting or deleting one."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import audit
from casework.services import versioning
from casework.ui.dates import long_date
from support.models import Decision, Reconsideration
from support.rules import nrm_status
from support.rules.dates import check_past
from support.services.decisions import CG_DEPENDS_ON_RG
from support.vocabularies import DecisionKind, ReconsiderationOutcome, SupportAuditAction

REQUEST_BEFORE_DECISION = "The request cannot be dated before the decision ({day})."
OUTCOME_BEFORE_REQUEST = "The outcome cannot be dated before the request ({day})."
OUTCOME_PENDING = "Select the outcome of the reconsideration."
OUTCOME_ALREADY = "The outcome is already recorded. To change it, use “Correct the reconsideration”."


@transaction.atomic
def reconsideration_request(
    *, actor, decision: Decision, requested_on: date, request=None
) -> Reconsideration:
    versioning.lock(decision.referral)
    # As now saved (not a reconsideration cached on the object passed in).
    refusal = nrm_status.reconsideration_refusal(
        Decision.objects.select_related("reconsideration").get(pk=decision.pk)
    )
    if refusal is not None:
        raise ValidationError(refusal)
    check_past("requested_on", requested_on)
    if requested_on < decision.decided_on:
        raise ValidationError(
            {"requested_on": REQUEST_BEFORE_DECISION.format(day=long_date(decision.decided_on))}
        )
    reconsideration = Reconsideration(decision=decision, requested_on=requested_on, recorded_by=actor)
    reconsideration.full_clean()
    reconsideration.save()
    audit.record(
        action=SupportAuditAction.NRM_RECONSIDERATION_RECORDED,
        actor=actor,
        case=decision.referral.case,
        fields=["requested_on"],
        request=request,
    )
    return reconsideration


@transaction.atomic
def reconsideration_conclude(
    *,
    actor,
    reconsideration: Reconsideration,
    outcome: str,
    outcome_on: date,
    version: int | None = None,
    request=None,
) -> Reconsideration:
    versioning.lock(reconsideration.decision.referral)
    if reconsideration.outcome != ReconsiderationOutcome.PENDING:
        raise ValidationError(OUTCOME_ALREADY)
    if outcome == ReconsiderationOutcome.PENDING:
        raise ValidationError({"outcome": OUTCOME_PENDING})
    check_past("outcome_on", outcome_on)
    _check_cg_keeps_rg(reconsideration.decision, outcome)
    if outcome_on < reconsideration.requested_on:
        raise ValidationError(
            {"outcome_on": OUTCOME_BEFORE_REQUEST.format(day=long_date(reconsideration.requested_on))}
        )
    versioning.save_changes(
        actor=actor,
        kind="reconsideration",
        record=reconsideration,
        case=reconsideration.decision.referral.case,
        expected_version=version,
        values={"outcome": outcome, "outcome_on": outcome_on},
        audit_action=SupportAuditAction.NRM_RECONSIDERATION_RECORDED,
        audit_fields=["outcome"],
        request=request,
    )
    return reconsideration


def _check_reconsideration(decision: Decision, *, requested_on, outcome, outcome_on) -> None:
    check_past("requested_on", requested_on)
    check_past("outcome_on", outcome_on)
    if requested_on < decision.decided_on:
        raise ValidationError(
            {"requested_on": REQUEST_BEFORE_DECISION.format(day=long_date(decision.decided_on))}
        )
    if outcome != ReconsiderationOutcome.PENDING and outcome_on is None:
        raise ValidationError({"outcome_on": "Enter the date of the outcome."})
    if outcome_on is not None and outcome_on < requested_on:
        raise ValidationError({"outcome_on": OUTCOME_BEFORE_REQUEST.format(day=long_date(requested_on))})


def _check_cg_keeps_rg(decision: Decision, outcome: str) -> None:
    """A negative RG with a CG after it stands only while its reconsideration overturned it."""
    if (
        outcome != ReconsiderationOutcome.OVERTURNED
        and decision.kind == DecisionKind.RG
        and Decision.objects.filter(referral=decision.referral, kind=DecisionKind.CG).exists()
    ):
        raise ValidationError({"outcome": CG_DEPENDS_ON_RG})


@transaction.atomic
def reconsideration_change(
    *, actor, reconsideration: Reconsideration, version: int, reason: str, request=None, **values
) -> set:
    decision = reconsideration.decision
    versioning.lock(decision.referral)
    if values["outcome"] == ReconsiderationOutcome.PENDING:
        values["outcome_on"] = None
    _check_reconsideration(decision, **values)
    _check_cg_keeps_rg(decision, values["outcome"])
    return versioning.correct(
        "reconsideration",
        reconsideration,
        actor=actor,
        case=decision.referral.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )


@transaction.atomic
def reconsideration_delete(
    *, actor, reconsideration: Reconsideration, version: int, reason: str, request=None
):
    decision = reconsideration.decision
    versioning.lock(decision.referral)
    # As now saved: its outcome is what the rule below is about.
    reconsideration = Reconsideration.objects.filter(pk=reconsideration.pk).first() or reconsideration
    if (
        decision.kind == DecisionKind.RG
        and reconsideration.outcome == ReconsiderationOutcome.OVERTURNED
        and Decision.objects.filter(referral=decision.referral, kind=DecisionKind.CG).exists()
    ):
        raise ValidationError(CG_DEPENDS_ON_RG)
    return versioning.remove(
        "reconsideration",
        reconsideration,
        actor=actor,
        case=decision.referral.case,
        version=version,
        reason=reason,
        request=request,
    )
