"""Recording the RG and CG decisions on a referral, the date one was served, and correcting
or deleting one."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import audit, clocks
from casework.services import versioning
from casework.ui.dates import long_date
from support.models import Decision, PublicOrderDisqualification, Reconsideration, Referral
from support.rules import nrm_status
from support.rules.dates import check_after_referral, check_past, not_after
from support.vocabularies import DecisionKind, Outcome, ReconsiderationOutcome, SupportAuditAction

SERVED_BEFORE_DECIDED = "The decision cannot be served before the date it was made."
CG_BEFORE_RECOVERY_END = (
    "The recovery period runs to {end}; the CG decision can be made from {earliest}. "
    "If the CG decision really came earlier, tick the box to say so."
)
CG_BEFORE_RG = "A CG decision cannot be dated before the RG decision ({day})."
# The pages that fill in a later value (served date, outcome) never overwrite one: changing a
# recorded value is a correction, with a reason kept in the history.
SERVED_ALREADY = "The date served is already recorded. To change it, use “Correct the decision”."
CG_DEPENDS_ON_RG = "The CG decision needs a positive RG decision: delete or correct the CG decision first."
RECONSIDERED_NEGATIVE = (
    "A reconsideration is recorded: the decision stays negative. Delete the reconsideration first."
)
HAS_RECONSIDERATION = "Delete the reconsideration of this decision first."


def _check_decision(referral, *, kind, outcome, decided_on, served_on, before_recovery_end, decision=None):
    """The rules of a decision, the same when recorded and when corrected (`decision`: the
    one being corrected, which is not its own second RG)."""
    check_past("decided_on", decided_on)
    check_past("served_on", served_on)
    check_after_referral("decided_on", decided_on, referral)
    if served_on is not None and served_on < decided_on:
        raise ValidationError({"served_on": SERVED_BEFORE_DECIDED})
    found = Decision.objects.filter(referral=referral).select_related("reconsideration")
    if decision is not None:
        found = found.exclude(pk=decision.pk)
    others = list(found)
    refusal = nrm_status.decision_kind_refusal(kind, others)
    if refusal is not None:
        raise ValidationError({"kind": refusal})
    if kind == DecisionKind.CG:
        rg = next(d for d in others if d.kind == DecisionKind.RG)
        if decided_on < rg.decided_on:
            raise ValidationError({"decided_on": CG_BEFORE_RG.format(day=long_date(rg.decided_on))})
        earliest = clocks.earliest_cg(rg.decided_on)
        if decided_on < earliest and not before_recovery_end:
            raise ValidationError(
                {
                    "before_recovery_end": CG_BEFORE_RECOVERY_END.format(
                        end=long_date(clocks.recovery_period_end(rg.decided_on)), earliest=long_date(earliest)
                    )
                }
            )


@transaction.atomic
def decision_record(
    *,
    actor,
    referral: Referral,
    kind: str,
    outcome: str,
    decided_on: date,
    served_on: date | None = None,
    before_recovery_end: bool = False,
    notes: str = "",
    request=None,
) -> Decision:
    referral = versioning.lock(referral)
    refusal = nrm_status.decision_refusal(referral)
    if refusal is not None:
        raise ValidationError(refusal)
    _check_decision(
        referral,
        kind=kind,
        outcome=outcome,
        decided_on=decided_on,
        served_on=served_on,
        before_recovery_end=before_recovery_end,
    )
    decision = Decision(
        referral=referral,
        kind=kind,
        outcome=outcome,
        decided_on=decided_on,
        served_on=served_on,
        before_recovery_end=before_recovery_end and kind == DecisionKind.CG,
        notes=notes,
        recorded_by=actor,
    )
    decision.full_clean()
    decision.save()
    audit.record(
        action=SupportAuditAction.NRM_DECISION_RECORDED,
        actor=actor,
        case=referral.case,
        fields=[kind],
        request=request,
    )
    return decision


@transaction.atomic
def decision_update_served(
    *, actor, decision: Decision, served_on: date, version: int | None = None, request=None
) -> Decision:
    versioning.lock(decision.referral)
    if decision.served_on is not None:
        raise ValidationError(SERVED_ALREADY)
    check_past("served_on", served_on)
    if served_on < decision.decided_on:
        raise ValidationError({"served_on": SERVED_BEFORE_DECIDED})
    versioning.save_changes(
        actor=actor,
        kind="decision",
        record=decision,
        case=decision.referral.case,
        expected_version=version,
        values={"served_on": served_on},
        audit_action=SupportAuditAction.NRM_DECISION_RECORDED,
        audit_fields=["served_on"],
        request=request,
    )
    return decision


@transaction.atomic
def decision_change(*, actor, decision: Decision, version: int, reason: str, request=None, **values) -> set:
    referral = versioning.lock(decision.referral)
    values.pop("kind", None)
    values["before_recovery_end"] = (
        bool(values.get("before_recovery_end")) and decision.kind == DecisionKind.CG
    )
    _check_decision(
        referral,
        kind=decision.kind,
        decision=decision,
        **{k: values[k] for k in ("outcome", "decided_on", "served_on", "before_recovery_end")},
    )
    reconsideration = Reconsideration.objects.filter(decision=decision).first()
    if reconsideration is not None:
        if values["outcome"] != Outcome.NEGATIVE:
            raise ValidationError({"outcome": RECONSIDERED_NEGATIVE})
        not_after(
            values["decided_on"], [("Reconsideration request", reconsideration.requested_on)], "decided_on"
        )
    if decision.kind == DecisionKind.RG:
        cg = Decision.objects.filter(referral=referral, kind=DecisionKind.CG).first()
        overturned = (
            reconsideration is not None and reconsideration.outcome == ReconsiderationOutcome.OVERTURNED
        )
        if cg is not None and values["outcome"] != Outcome.POSITIVE and not overturned:
            raise ValidationError({"outcome": CG_DEPENDS_ON_RG})
        disqualification = PublicOrderDisqualification.objects.filter(referral=referral).first()
        not_after(
            values["decided_on"],
            [
                ("CG decision", cg.decided_on if cg else None),
                ("Public order disqualification", disqualification.decided_on if disqualification else None),
            ],
            "decided_on",
        )
    return versioning.correct(
        "decision",
        decision,
        actor=actor,
        case=referral.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )


@transaction.atomic
def decision_delete(*, actor, decision: Decision, version: int, reason: str, request=None) -> bool:
    referral = versioning.lock(decision.referral)
    if Reconsideration.objects.filter(decision=decision).exists():
        raise ValidationError(HAS_RECONSIDERATION)
    if decision.kind == DecisionKind.RG and (
        Decision.objects.filter(referral=referral, kind=DecisionKind.CG).exists()
        or PublicOrderDisqualification.objects.filter(referral=referral).exists()
    ):
        raise ValidationError(CG_DEPENDS_ON_RG)
    return versioning.remove(
        "decision", decision, actor=actor, case=referral.case, version=version, reason=reason, request=request
    )
