"""Every NRM write. Impossible records are refused with a message a caseworker
understands, keyed to the form field it concerns."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit, clocks
from casework.crypto import blind_index, normalise_text
from casework.selectors import consent_in_force
from casework.vocabularies import AuditAction, ConsentDecision, ConsentPurpose
from support.models import (
    Decision,
    PermissionToStay,
    PublicOrderDisqualification,
    Reconsideration,
    RecoveryNeedsAssessment,
    Referral,
    SupportPeriod,
    Withdrawal,
)
from support.nrm import decision_of, latest_referral
from support.vocabularies import (
    AgeGroup,
    CompetentAuthority,
    DecisionKind,
    Nation,
    Outcome,
    ReconsiderationOutcome,
    ReferralKind,
)

EARLIEST_NRM_DATE = date(2009, 4, 1)

IN_FUTURE = "The date must be today or in the past."
BEFORE_NRM = "The NRM began in April 2009: check the date."
DTN_FOR_CHILD = (
    "A Duty to Notify report cannot be made for a child. Children are referred to the NRM, "
    "and need no consent."
)
DTN_OUTSIDE_ENGLAND_WALES = "The Duty to Notify applies only in England and Wales."
CONSENT_NEEDED = (
    "An adult must consent to an NRM referral. Record their consent in the consent ledger first; "
    "if they decline, make a Duty to Notify report instead."
)
CHILD_NEEDS_SCA = "The Single Competent Authority decides every child's case."
AUTHORITY_NEEDED = "Choose the competent authority."
REFERRAL_STILL_OPEN = (
    "The case's referral is still waiting for a decision. Record the decision or a withdrawal before a "
    "re-referral."
)
NO_DECISION_ON_DTN = "A Duty to Notify report gets no decision. Record an NRM referral first."
REFERRAL_WITHDRAWN = "The referral was withdrawn. A new decision needs a re-referral."
BEFORE_REFERRAL = "A decision cannot be dated before the referral was submitted ({day})."
SERVED_BEFORE_DECIDED = "The decision cannot be served before the date it was made."
SECOND_RG = "This referral already has an RG decision. A further RG decision needs a re-referral."
SECOND_CG = "This referral already has a CG decision."
CG_NEEDS_POSITIVE_RG = "A CG decision needs a positive RG decision first."
CG_BEFORE_RECOVERY_END = (
    "The recovery period runs to {day}. If the CG decision really came earlier, tick the box to say so."
)
CG_BEFORE_RG = "A CG decision cannot be dated before the RG decision ({day})."
RECONSIDER_POSITIVE = "Only a negative decision can be reconsidered."
ALREADY_RECONSIDERED = "A reconsideration of this decision is already recorded."
REQUEST_BEFORE_DECISION = "The request cannot be dated before the decision ({day})."
OUTCOME_BEFORE_REQUEST = "The outcome cannot be dated before the request ({day})."
OUTCOME_PENDING = "Choose the outcome of the reconsideration."
POD_NEEDS_RG = "A public order disqualification can only follow a positive RG decision."
POD_BEFORE_RG = "The disqualification cannot be dated before the RG decision ({day})."
CHILD_CANNOT_WITHDRAW = "Children cannot withdraw from the NRM."
WITHDRAWN_AFTER_CG = "The NRM process ended with the CG decision; there is nothing to withdraw from."
ALREADY_RECORDED = "This is already recorded for the referral."


def _check_past(name: str, day: date | None) -> None:
    if day is None:
        return
    if day > timezone.localdate():
        raise ValidationError({name: IN_FUTURE})
    if day < EARLIEST_NRM_DATE:
        raise ValidationError({name: BEFORE_NRM})


def nrm_reference_index(reference: str) -> str:
    return blind_index("nrm.reference", normalise_text(reference).replace(" ", ""))


@transaction.atomic
def referral_record(
    *,
    actor,
    case,
    kind: str,
    submitted_on: date,
    first_responder: str,
    age_at_referral: str,
    nation: str,
    competent_authority: str = "",
    first_responder_other: str = "",
    referred_by=None,
    nrm_reference: str = "",
    working_day_calendar: str = Nation.ENGLAND,
    request=None,
) -> Referral:
    _check_past("submitted_on", submitted_on)
    consent = None
    if kind == ReferralKind.DUTY_TO_NOTIFY:
        if age_at_referral == AgeGroup.CHILD:
            raise ValidationError({"kind": DTN_FOR_CHILD})
        if nation not in (Nation.ENGLAND, Nation.WALES):
            raise ValidationError({"kind": DTN_OUTSIDE_ENGLAND_WALES})
        competent_authority = ""
    else:
        if not competent_authority:
            raise ValidationError({"competent_authority": AUTHORITY_NEEDED})
        if age_at_referral == AgeGroup.CHILD and competent_authority != CompetentAuthority.SCA:
            raise ValidationError({"competent_authority": CHILD_NEEDS_SCA})
        if age_at_referral == AgeGroup.ADULT:
            consent = consent_in_force(case, ConsentPurpose.NRM_REFERRAL)
            if (
                consent is None
                or consent.decision != ConsentDecision.GIVEN
                or consent.decided_on > submitted_on
            ):
                raise ValidationError({"kind": CONSENT_NEEDED})

    previous = latest_referral(case)
    if previous is not None and _still_open(previous):
        raise ValidationError(REFERRAL_STILL_OPEN)

    if previous is not None:
        Referral.objects.filter(case=case, is_current=True).update(is_current=False)
    referral = Referral(
        case=case,
        kind=kind,
        submitted_on=submitted_on,
        first_responder=first_responder,
        first_responder_other=first_responder_other if first_responder == "other" else "",
        referred_by=referred_by,
        nrm_reference=nrm_reference.strip(),
        nrm_reference_bidx=nrm_reference_index(nrm_reference) if nrm_reference.strip() else "",
        age_at_referral=age_at_referral,
        consent=consent,
        competent_authority=competent_authority,
        nation=nation,
        working_day_calendar=working_day_calendar,
        previous_referral=previous,
        created_by=actor,
    )
    referral.full_clean()
    referral.save()
    audit.record(
        action=AuditAction.NRM_REFERRAL_RECORDED, actor=actor, case=case, fields=[kind], request=request
    )
    return referral


def _still_open(referral: Referral) -> bool:
    """An NRM referral with no RG, not withdrawn, blocks a re-referral; a DtN report does not."""
    if not referral.is_nrm:
        return False
    if hasattr(referral, "withdrawal"):
        return False
    return not referral.decisions.exists()


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
    if not referral.is_nrm:
        raise ValidationError(NO_DECISION_ON_DTN)
    if Withdrawal.objects.filter(referral=referral).exists():
        raise ValidationError(REFERRAL_WITHDRAWN)
    _check_past("decided_on", decided_on)
    _check_past("served_on", served_on)
    if decided_on < referral.submitted_on:
        raise ValidationError(
            {"decided_on": BEFORE_REFERRAL.format(day=clocks.long_date(referral.submitted_on))}
        )
    if served_on is not None and served_on < decided_on:
        raise ValidationError({"served_on": SERVED_BEFORE_DECIDED})
    rg = decision_of(referral, DecisionKind.RG)
    if kind == DecisionKind.RG and rg is not None:
        raise ValidationError({"kind": SECOND_RG})
    if kind == DecisionKind.CG:
        if decision_of(referral, DecisionKind.CG) is not None:
            raise ValidationError({"kind": SECOND_CG})
        if rg is None or rg.effective_outcome != Outcome.POSITIVE:
            raise ValidationError({"kind": CG_NEEDS_POSITIVE_RG})
        if decided_on < rg.decided_on:
            raise ValidationError({"decided_on": CG_BEFORE_RG.format(day=clocks.long_date(rg.decided_on))})
        earliest = clocks.earliest_cg(rg.decided_on)
        if decided_on < earliest and not before_recovery_end:
            raise ValidationError(
                {"before_recovery_end": CG_BEFORE_RECOVERY_END.format(day=clocks.long_date(earliest))}
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
        action=AuditAction.NRM_DECISION_RECORDED,
        actor=actor,
        case=referral.case,
        fields=[kind],
        request=request,
    )
    return decision


@transaction.atomic
def decision_update_served(*, actor, decision: Decision, served_on: date, request=None) -> Decision:
    _check_past("served_on", served_on)
    if served_on < decision.decided_on:
        raise ValidationError({"served_on": SERVED_BEFORE_DECIDED})
    decision.served_on = served_on
    decision.full_clean()
    decision.save(update_fields=["served_on"])
    audit.record(
        action=AuditAction.NRM_DECISION_RECORDED,
        actor=actor,
        case=decision.referral.case,
        fields=["served_on"],
        request=request,
    )
    return decision


@transaction.atomic
def reconsideration_request(
    *, actor, decision: Decision, requested_on: date, request=None
) -> Reconsideration:
    if decision.outcome != Outcome.NEGATIVE:
        raise ValidationError(RECONSIDER_POSITIVE)
    if Reconsideration.objects.filter(decision=decision).exists():
        raise ValidationError(ALREADY_RECONSIDERED)
    _check_past("requested_on", requested_on)
    if requested_on < decision.decided_on:
        raise ValidationError(
            {"requested_on": REQUEST_BEFORE_DECISION.format(day=clocks.long_date(decision.decided_on))}
        )
    reconsideration = Reconsideration(decision=decision, requested_on=requested_on, recorded_by=actor)
    reconsideration.full_clean()
    reconsideration.save()
    audit.record(
        action=AuditAction.NRM_RECONSIDERATION_RECORDED,
        actor=actor,
        case=decision.referral.case,
        fields=["requested_on"],
        request=request,
    )
    return reconsideration


@transaction.atomic
def reconsideration_conclude(
    *, actor, reconsideration: Reconsideration, outcome: str, outcome_on: date, request=None
) -> Reconsideration:
    if outcome == ReconsiderationOutcome.PENDING:
        raise ValidationError({"outcome": OUTCOME_PENDING})
    _check_past("outcome_on", outcome_on)
    if outcome_on < reconsideration.requested_on:
        raise ValidationError(
            {"outcome_on": OUTCOME_BEFORE_REQUEST.format(day=clocks.long_date(reconsideration.requested_on))}
        )
    reconsideration.outcome = outcome
    reconsideration.outcome_on = outcome_on
    reconsideration.full_clean()
    reconsideration.save(update_fields=["outcome", "outcome_on"])
    audit.record(
        action=AuditAction.NRM_RECONSIDERATION_RECORDED,
        actor=actor,
        case=reconsideration.decision.referral.case,
        fields=["outcome"],
        request=request,
    )
    return reconsideration


@transaction.atomic
def disqualification_record(
    *, actor, referral: Referral, decided_on: date, notes: str = "", request=None
) -> PublicOrderDisqualification:
    rg = decision_of(referral, DecisionKind.RG)
    if rg is None or rg.effective_outcome != Outcome.POSITIVE:
        raise ValidationError(POD_NEEDS_RG)
    if PublicOrderDisqualification.objects.filter(referral=referral).exists():
        raise ValidationError(ALREADY_RECORDED)
    _check_past("decided_on", decided_on)
    if decided_on < rg.decided_on:
        raise ValidationError({"decided_on": POD_BEFORE_RG.format(day=clocks.long_date(rg.decided_on))})
    disqualification = PublicOrderDisqualification(
        referral=referral, decided_on=decided_on, notes=notes, recorded_by=actor
    )
    disqualification.full_clean()
    disqualification.save()
    audit.record(
        action=AuditAction.NRM_DISQUALIFICATION_RECORDED, actor=actor, case=referral.case, request=request
    )
    return disqualification


@transaction.atomic
def withdrawal_record(
    *, actor, referral: Referral, withdrawn_on: date, notes: str = "", request=None
) -> Withdrawal:
    if referral.age_at_referral == AgeGroup.CHILD:
        raise ValidationError(CHILD_CANNOT_WITHDRAW)
    if Withdrawal.objects.filter(referral=referral).exists():
        raise ValidationError(ALREADY_RECORDED)
    if decision_of(referral, DecisionKind.CG) is not None:
        raise ValidationError(WITHDRAWN_AFTER_CG)
    _check_past("withdrawn_on", withdrawn_on)
    if withdrawn_on < referral.submitted_on:
        raise ValidationError(
            {"withdrawn_on": BEFORE_REFERRAL.format(day=clocks.long_date(referral.submitted_on))}
        )
    withdrawal = Withdrawal(referral=referral, withdrawn_on=withdrawn_on, notes=notes, recorded_by=actor)
    withdrawal.full_clean()
    withdrawal.save()
    audit.record(action=AuditAction.NRM_WITHDRAWAL_RECORDED, actor=actor, case=referral.case, request=request)
    return withdrawal


def referral_blind_indexes_refresh() -> int:
    """Recompute every NRM reference's blind index (after BLIND_INDEX_KEY changes)."""
    updated = 0
    for referral in Referral.objects.iterator(chunk_size=500):
        referral.nrm_reference_bidx = (
            nrm_reference_index(referral.nrm_reference) if referral.nrm_reference else ""
        )
        referral.save(update_fields=["nrm_reference_bidx"])
        updated += 1
    return updated


def nrm_erase_personal_data(case) -> None:
    """At the end of retention: the NRM reference and every free-text note go; the dates,
    outcomes and vocabularies stay for the statistics."""
    Referral.objects.filter(case=case).update(nrm_reference="", nrm_reference_bidx="")
    Decision.objects.filter(referral__case=case).update(notes="")
    PublicOrderDisqualification.objects.filter(referral__case=case).update(notes="")
    Withdrawal.objects.filter(referral__case=case).update(notes="")
    SupportPeriod.objects.filter(case=case).update(notes="")
    RecoveryNeedsAssessment.objects.filter(case=case).update(notes="")
    PermissionToStay.objects.filter(case=case).update(notes="")
