"""Every NRM write. Impossible records are refused with a message a caseworker
understands, keyed to the form field it concerns."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit, clocks
from casework.security.crypto import blind_index, normalise_text
from casework.selectors.cases import consent_in_force
from casework.services import versioning
from casework.ui.dates import long_date
from casework.vocabularies import AuditAction, ConsentDecision, ConsentPurpose, Nation
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
from support.rules.nrm_status import decision_of, latest_referral
from support.services.support_periods import BEFORE_REFERRAL as SUPPORT_BEFORE_REFERRAL
from support.vocabularies import (
    AgeGroup,
    CompetentAuthority,
    DecisionKind,
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
REFERRAL_BEFORE_CONSENT = (
    "The referral is dated before the consent to it ({day}). Check the date submitted, or the date "
    "of the consent."
)
CHILD_NEEDS_SCA = "The Single Competent Authority decides every child's case."
AUTHORITY_NEEDED = "Select the competent authority."
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
OUTCOME_PENDING = "Select the outcome of the reconsideration."
POD_NEEDS_RG = "A public order disqualification can only follow a positive RG decision."
POD_BEFORE_RG = "The disqualification cannot be dated before the RG decision ({day})."
CHILD_CANNOT_WITHDRAW = "Children cannot withdraw from the NRM."
WITHDRAWN_AFTER_CG = "The NRM process ended with the CG decision; there is nothing to withdraw from."
ALREADY_RECORDED = "This is already recorded for the referral."
# The pages that fill in a later value (served date, outcome) never overwrite one: changing a
# recorded value is a correction, with a reason kept in the history.
SERVED_ALREADY = "The date served is already recorded. To change it, use “Correct the decision”."
OUTCOME_ALREADY = "The outcome is already recorded. To change it, use “Correct the reconsideration”."
OTHER_FRO_NEEDED = "Enter the name of the First Responder Organisation"


def _check_past(name: str, day: date | None) -> None:
    if day is None:
        return
    if day > timezone.localdate():
        raise ValidationError({name: IN_FUTURE})
    if day < EARLIEST_NRM_DATE:
        raise ValidationError({name: BEFORE_NRM})


def nrm_reference_index(reference: str) -> str:
    return blind_index("nrm.reference", normalise_text(reference).replace(" ", ""))


def _first_responder_other(first_responder: str, name) -> str | None:
    """The name of an "other" First Responder, required for one and NULL for every other (the
    database checks an "other" is named: its encrypted value cannot be compared with "")."""
    if first_responder != "other":
        return None
    if not (name or "").strip():
        raise ValidationError({"first_responder_other": OTHER_FRO_NEEDED})
    return name.strip()


def _check_referral(case, *, kind, submitted_on, age_at_referral, nation, competent_authority):
    """The rules of a referral, the same when recorded and when corrected. Returns the
    consent it rests on (an adult's NRM referral) and the competent authority."""
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
            if consent is None or consent.decision != ConsentDecision.GIVEN:
                raise ValidationError({"kind": CONSENT_NEEDED})
            if consent.decided_on > submitted_on:
                day = long_date(consent.decided_on)
                raise ValidationError({"submitted_on": REFERRAL_BEFORE_CONSENT.format(day=day)})

    return consent, competent_authority


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
    versioning.lock(case)  # one referral at a time: the re-referral rule reads the others
    first_responder_other = _first_responder_other(first_responder, first_responder_other)
    consent, competent_authority = _check_referral(
        case,
        kind=kind,
        submitted_on=submitted_on,
        age_at_referral=age_at_referral,
        nation=nation,
        competent_authority=competent_authority,
    )
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
        first_responder_other=first_responder_other,
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


def _check_decision(referral, *, kind, outcome, decided_on, served_on, before_recovery_end, decision=None):
    """The rules of a decision, the same when recorded and when corrected (`decision`: the
    one being corrected, which is not its own second RG)."""
    _check_past("decided_on", decided_on)
    _check_past("served_on", served_on)
    if decided_on < referral.submitted_on:
        raise ValidationError({"decided_on": BEFORE_REFERRAL.format(day=long_date(referral.submitted_on))})
    if served_on is not None and served_on < decided_on:
        raise ValidationError({"served_on": SERVED_BEFORE_DECIDED})
    others = Decision.objects.filter(referral=referral).exclude(pk=getattr(decision, "pk", None))
    rg = others.filter(kind=DecisionKind.RG).select_related("reconsideration").first()
    if kind == DecisionKind.RG and rg is not None:
        raise ValidationError({"kind": SECOND_RG})
    if kind == DecisionKind.CG:
        if others.filter(kind=DecisionKind.CG).exists():
            raise ValidationError({"kind": SECOND_CG})
        if rg is None or rg.effective_outcome != Outcome.POSITIVE:
            raise ValidationError({"kind": CG_NEEDS_POSITIVE_RG})
        if decided_on < rg.decided_on:
            raise ValidationError({"decided_on": CG_BEFORE_RG.format(day=long_date(rg.decided_on))})
        earliest = clocks.earliest_cg(rg.decided_on)
        if decided_on < earliest and not before_recovery_end:
            raise ValidationError(
                {"before_recovery_end": CG_BEFORE_RECOVERY_END.format(day=long_date(earliest))}
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
    if not referral.is_nrm:
        raise ValidationError(NO_DECISION_ON_DTN)
    if Withdrawal.objects.filter(referral=referral).exists():
        raise ValidationError(REFERRAL_WITHDRAWN)
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
        action=AuditAction.NRM_DECISION_RECORDED,
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
    _check_past("served_on", served_on)
    if served_on < decision.decided_on:
        raise ValidationError({"served_on": SERVED_BEFORE_DECIDED})
    versioning.save_changes(
        actor=actor,
        kind="decision",
        record=decision,
        case=decision.referral.case,
        expected_version=version,
        values={"served_on": served_on},
        audit_action=AuditAction.NRM_DECISION_RECORDED,
        audit_fields=["served_on"],
        request=request,
    )
    return decision


@transaction.atomic
def reconsideration_request(
    *, actor, decision: Decision, requested_on: date, request=None
) -> Reconsideration:
    versioning.lock(decision.referral)
    if decision.outcome != Outcome.NEGATIVE:
        raise ValidationError(RECONSIDER_POSITIVE)
    if Reconsideration.objects.filter(decision=decision).exists():
        raise ValidationError(ALREADY_RECONSIDERED)
    _check_past("requested_on", requested_on)
    if requested_on < decision.decided_on:
        raise ValidationError(
            {"requested_on": REQUEST_BEFORE_DECISION.format(day=long_date(decision.decided_on))}
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
    _check_past("outcome_on", outcome_on)
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
        audit_action=AuditAction.NRM_RECONSIDERATION_RECORDED,
        audit_fields=["outcome"],
        request=request,
    )
    return reconsideration


@transaction.atomic
def disqualification_record(
    *, actor, referral: Referral, decided_on: date, notes: str = "", request=None
) -> PublicOrderDisqualification:
    referral = versioning.lock(referral)
    rg = decision_of(referral, DecisionKind.RG)
    if rg is None or rg.effective_outcome != Outcome.POSITIVE:
        raise ValidationError(POD_NEEDS_RG)
    if PublicOrderDisqualification.objects.filter(referral=referral).exists():
        raise ValidationError(ALREADY_RECORDED)
    _check_past("decided_on", decided_on)
    if decided_on < rg.decided_on:
        raise ValidationError({"decided_on": POD_BEFORE_RG.format(day=long_date(rg.decided_on))})
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
    referral = versioning.lock(referral)
    if referral.age_at_referral == AgeGroup.CHILD:
        raise ValidationError(CHILD_CANNOT_WITHDRAW)
    if Withdrawal.objects.filter(referral=referral).exists():
        raise ValidationError(ALREADY_RECORDED)
    if decision_of(referral, DecisionKind.CG) is not None:
        raise ValidationError(WITHDRAWN_AFTER_CG)
    _check_past("withdrawn_on", withdrawn_on)
    if withdrawn_on < referral.submitted_on:
        raise ValidationError({"withdrawn_on": BEFORE_REFERRAL.format(day=long_date(referral.submitted_on))})
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
    """At the end of retention: the NRM reference, names and free-text notes go; the dates,
    outcomes and vocabularies stay for the statistics."""
    Referral.objects.filter(case=case).update(nrm_reference="", nrm_reference_bidx="")
    Decision.objects.filter(referral__case=case).update(notes="")
    PublicOrderDisqualification.objects.filter(referral__case=case).update(notes="")
    Withdrawal.objects.filter(referral__case=case).update(notes="")
    # A name where one was given (NULL means none, and an "other" must stay named).
    Referral.objects.filter(case=case, first_responder_other__isnull=False).update(first_responder_other="")


def support_erase_personal_data(case) -> None:
    """At the end of retention: providers' names and every free-text note go; the dates and
    vocabularies stay for the statistics."""
    SupportPeriod.objects.filter(case=case).update(notes="")
    SupportPeriod.objects.filter(case=case, provider_name__isnull=False).update(provider_name="")
    RecoveryNeedsAssessment.objects.filter(case=case).update(notes="")
    PermissionToStay.objects.filter(case=case).update(notes="")


# Corrections. Each keeps the rules of recording, checks the records that depend on the one
# corrected (a decision cannot be left before its referral), and goes through
# casework.services.versioning, which refuses a stale form and keeps the earlier values.

DEPENDENT_BEFORE = "“{what}” is dated {day}: the {field} cannot be after it."
HAS_DECISIONS = "Delete this referral's decisions, withdrawal and disqualification first."
HAS_RE_REFERRAL = "A re-referral follows this referral: delete the re-referral first."
CG_DEPENDS_ON_RG = "The CG decision needs a positive RG decision: delete or correct the CG decision first."
RECONSIDERED_NEGATIVE = (
    "A reconsideration is recorded: the decision stays negative. Delete the reconsideration first."
)
HAS_RECONSIDERATION = "Delete the reconsideration of this decision first."
DISQUALIFIED_AFTER_RG = "The public order disqualification ({day}) cannot come before the RG decision."


def _not_after(day, dependants, field):
    """Refuse a date later than any record that must come after it."""
    for what, other in dependants:
        if other is not None and other < day:
            raise ValidationError(
                {field: DEPENDENT_BEFORE.format(what=what, day=long_date(other), field="date")}
            )


def _check_support_after(case, referral: Referral, submitted_on: date) -> None:
    """Support starts on or after the case's first referral (support_services._check_period):
    a referral's date cannot be corrected past a period of support that rests on it."""
    others = Referral.objects.filter(case=case).exclude(pk=referral.pk).order_by("submitted_on").first()
    first = min(submitted_on, others.submitted_on) if others is not None else submitted_on
    if SupportPeriod.objects.filter(case=case, start_on__lt=first).exists():
        raise ValidationError({"submitted_on": SUPPORT_BEFORE_REFERRAL.format(day=long_date(first))})


@transaction.atomic
def referral_change(*, actor, referral: Referral, version: int, reason: str, request=None, **values) -> set:
    case = versioning.lock(referral.case)  # the support periods' rule reads the referral dates
    versioning.lock(referral)
    values["first_responder_other"] = _first_responder_other(
        values.get("first_responder", referral.first_responder), values.get("first_responder_other")
    )
    values["nrm_reference"] = (values.get("nrm_reference") or "").strip()
    consent, values["competent_authority"] = _check_referral(
        case,
        kind=referral.kind,
        submitted_on=values["submitted_on"],
        age_at_referral=values["age_at_referral"],
        nation=values["nation"],
        competent_authority=values.get("competent_authority", ""),
    )
    _check_support_after(case, referral, values["submitted_on"])
    withdrawal = Withdrawal.objects.filter(referral=referral).first()
    _not_after(
        values["submitted_on"],
        [(f"{d.get_kind_display()} decision", d.decided_on) for d in referral.decisions.all()]
        + [("Withdrawal", withdrawal.withdrawn_on if withdrawal else None)],
        "submitted_on",
    )

    def apply(locked, new, changed):
        for name in changed:
            setattr(locked, name, new[name])
        locked.nrm_reference_bidx = nrm_reference_index(locked.nrm_reference) if locked.nrm_reference else ""
        locked.consent = consent
        locked.full_clean()
        locked.save()

    return versioning.save_changes(
        actor=actor,
        kind="referral",
        record=referral,
        case=case,
        expected_version=version,
        values=values,
        reason=reason,
        apply=apply,
        request=request,
    )


@transaction.atomic
def referral_delete(*, actor, referral: Referral, version: int, reason: str, request=None) -> bool:
    versioning.lock(referral.case)
    if not Referral.objects.filter(pk=referral.pk).exists():
        return False  # already deleted (a double submission)
    referral = versioning.lock(referral)
    if (
        referral.decisions.exists()
        or Withdrawal.objects.filter(referral=referral).exists()
        or PublicOrderDisqualification.objects.filter(referral=referral).exists()
    ):
        raise ValidationError(HAS_DECISIONS)
    if Referral.objects.filter(previous_referral=referral).exists():
        raise ValidationError(HAS_RE_REFERRAL)
    case, previous, was_current = referral.case, referral.previous_referral_id, referral.is_current
    deleted = versioning.remove(
        "referral", referral, actor=actor, case=case, version=version, reason=reason, request=request
    )
    if deleted and was_current and previous:
        # The referral before it is the case's current one again.
        Referral.objects.filter(pk=previous).update(is_current=True)
    return deleted


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
        _not_after(
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
        _not_after(
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


def _check_reconsideration(decision: Decision, *, requested_on, outcome, outcome_on) -> None:
    _check_past("requested_on", requested_on)
    _check_past("outcome_on", outcome_on)
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


@transaction.atomic
def disqualification_change(
    *, actor, disqualification: PublicOrderDisqualification, version: int, reason: str, request=None, **values
) -> set:
    referral = versioning.lock(disqualification.referral)
    _check_past("decided_on", values["decided_on"])
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


@transaction.atomic
def withdrawal_change(
    *, actor, withdrawal: Withdrawal, version: int, reason: str, request=None, **values
) -> set:
    referral = versioning.lock(withdrawal.referral)
    _check_past("withdrawn_on", values["withdrawn_on"])
    if values["withdrawn_on"] < referral.submitted_on:
        raise ValidationError({"withdrawn_on": BEFORE_REFERRAL.format(day=long_date(referral.submitted_on))})
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


@transaction.atomic
def referral_record_delete(*, actor, kind: str, record, version: int, reason: str, request=None) -> bool:
    """Delete a disqualification or a withdrawal recorded in error."""
    versioning.lock(record.referral)
    return versioning.remove(
        kind, record, actor=actor, case=record.referral.case, version=version, reason=reason, request=request
    )
