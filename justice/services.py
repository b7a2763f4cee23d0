"""Writes and checks for the criminal-justice journey. Milestones must come in an order
that can happen (no verdict before a charge), each dated on or after what it follows."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit, clocks
from casework.services import versioning
from casework.ui.dates import long_date
from justice.models import Claim, ClaimOutcome, Engagement, Milestone, Proceeding, ProceedingKind
from justice.models import MilestoneKind as K
from justice.models import MilestoneOutcome as O
from justice.vocabularies import JusticeAction
from support.selectors.nrm import rg_decision_date

CONVICTED = (O.GUILTY, O.MIXED)

# What each milestone needs first: (kind, outcomes that count, or None for any).
REQUIRES: dict[str, tuple[tuple[str, tuple | None], ...]] = {
    K.CRIME_RECORDED: ((K.REPORTED, None),),
    K.ABE_INTERVIEW: ((K.REPORTED, None),),
    K.EARLY_ADVICE: ((K.REPORTED, None),),
    K.SUSPECT_ARRESTED: ((K.REPORTED, None),),
    K.FIRST_APPEARANCE: ((K.CHARGING_DECISION, (O.CHARGED,)),),
    K.PLEA: ((K.FIRST_APPEARANCE, None),),
    K.SPECIAL_MEASURES_APPLIED: ((K.CHARGING_DECISION, (O.CHARGED,)),),
    K.SPECIAL_MEASURES_GRANTED: ((K.SPECIAL_MEASURES_APPLIED, None),),
    K.TRIAL_LISTED: ((K.FIRST_APPEARANCE, None),),
    K.TRIAL_STARTED: ((K.TRIAL_LISTED, None),),
    K.TRIAL_ADJOURNED: ((K.TRIAL_LISTED, None),),
    K.VERDICT: ((K.CHARGING_DECISION, (O.CHARGED,)),),
    K.VPS_READ: ((K.VPS_MADE, None),),
    K.SENTENCE: ((K.VERDICT, CONVICTED),),
    K.REPARATION_ORDER: ((K.VERDICT, CONVICTED),),  # needs a conviction (MSA s8)
    K.APPEAL: ((K.VERDICT, None),),
}
# For a victim-witness proceeding the charging decision follows the report.
VICTIM_REQUIRES = {K.CHARGING_DECISION: ((K.REPORTED, None),)}
OUTCOMES = {
    K.CHARGING_DECISION: (O.CHARGED, O.NO_FURTHER_ACTION),
    K.PLEA: (O.GUILTY, O.NOT_GUILTY, O.MIXED),
    K.VERDICT: (O.GUILTY, O.NOT_GUILTY, O.MIXED),
}
# Hearings are listed ahead: their dates may be in the future.
MAY_BE_FUTURE = (K.FIRST_APPEARANCE, K.TRIAL_LISTED, K.TRIAL_STARTED, K.HEARING)
HEARINGS = (K.FIRST_APPEARANCE, K.TRIAL_LISTED, K.TRIAL_STARTED, K.HEARING)
DEFENDANT_ONLY = (K.HEARING,)

NEEDS_FIRST = "Record “{needed}” first: {kind} cannot come before it."
BEFORE_PREREQUISITE = "{kind} cannot be dated before “{needed}” ({day})."
IN_FUTURE = "The date must be today or in the past (only hearings can be listed ahead)."
OUTCOME_NEEDED = "Select the outcome."
DEFENDANT_MILESTONE = "This step is for proceedings where the survivor is the defendant."
REASON_NEEDED = "Select why the survivor has paused or withdrawn."
DEPENDS_ON = "“{step}” ({day}) would be left without the step it needs first. Change or delete it first."
DEFENDANT_STEPS_RECORDED = (
    "Steps for a prosecuted survivor are recorded on this proceeding: it stays a defendant's."
)
PROCEEDING_HAS_STEPS = "Delete this proceeding's steps first."
INCIDENT_IN_FUTURE = "The date must be today or in the past."
SUBMITTED_BEFORE_INCIDENT = "A claim cannot be submitted before the incident."
SUBMITTED_DATE_NEEDED = "Enter the date the claim was submitted."
# The settle page fills in what is not yet recorded; changing it is a correction (a reason).
CLAIM_SETTLED_ALREADY = "This is already recorded for the claim. To change it, use “Correct the claim”."


def _requirements(proceeding: Proceeding, kind: str):
    if proceeding.kind == ProceedingKind.VICTIM_WITNESS and kind in VICTIM_REQUIRES:
        return VICTIM_REQUIRES[kind]
    return REQUIRES.get(kind, ())


@transaction.atomic
def proceeding_record(*, actor, case, request=None, **fields) -> Proceeding:
    _check_proceeding(fields)
    proceeding = Proceeding(case=case, created_by=actor, **fields)
    proceeding.full_clean()
    proceeding.save()
    audit.record(
        action=JusticeAction.PROCEEDING_RECORDED,
        actor=actor,
        case=case,
        fields=["proceeding"],
        request=request,
    )
    return proceeding


@transaction.atomic
def engagement_update(
    *,
    actor,
    proceeding: Proceeding,
    engagement: str,
    changed_on: date,
    version: int | None = None,
    reason: str = "",
    request=None,
) -> set:
    if changed_on > timezone.localdate():
        raise ValidationError({"changed_on": IN_FUTURE})
    if engagement != Engagement.ENGAGED and not reason:
        raise ValidationError({"reason": REASON_NEEDED})
    return versioning.save_changes(
        actor=actor,
        kind="engagement",
        record=proceeding,
        case=proceeding.case,
        expected_version=version,
        values={
            "engagement": engagement,
            "engagement_changed_on": changed_on,
            "disengagement_reason": "" if engagement == Engagement.ENGAGED else reason,
        },
        request=request,
    )


def _unmet(proceeding: Proceeding, kind: str, on: date, existing) -> dict | None:
    """What `kind` on `on` needs first and the other steps do not give, as {field: message}."""
    label = K(kind).label
    for needed, outcomes in _requirements(proceeding, kind):
        found = [m for m in existing if m.kind == needed and (outcomes is None or m.outcome in outcomes)]
        needed_label = K(needed).label + (f" ({O(outcomes[0]).label.lower()})" if outcomes else "")
        if not found:
            return {"kind": NEEDS_FIRST.format(needed=needed_label, kind=label)}
        earliest = min(m.on for m in found)
        if on < earliest:
            return {
                "on": BEFORE_PREREQUISITE.format(kind=label, needed=needed_label, day=long_date(earliest))
            }
    return None


def _check_milestone(proceeding: Proceeding, kind: str, on: date, details: dict, existing) -> None:
    """The rules of a step, the same when it is recorded and when it is corrected."""
    if kind in DEFENDANT_ONLY and proceeding.kind != ProceedingKind.DEFENDANT:
        raise ValidationError({"kind": DEFENDANT_MILESTONE})
    if on > timezone.localdate() and kind not in MAY_BE_FUTURE:
        raise ValidationError({"on": IN_FUTURE})
    outcome = details.get("outcome", "")
    if kind in OUTCOMES:
        if outcome not in OUTCOMES[kind]:
            raise ValidationError({"outcome": OUTCOME_NEEDED})
    else:
        details["outcome"] = ""
    unmet = _unmet(proceeding, kind, on, existing)
    if unmet:
        raise ValidationError(unmet)


def _check_followers(proceeding: Proceeding, steps) -> None:
    """Every step must still have what it needs once one is changed or deleted."""
    for step in steps:
        others = [m for m in steps if m is not step]
        if _unmet(proceeding, step.kind, step.on, others):
            raise ValidationError(DEPENDS_ON.format(step=K(step.kind).label, day=long_date(step.on)))


@transaction.atomic
def milestone_record(
    *, actor, proceeding: Proceeding, kind: str, on: date, request=None, **details
) -> Milestone:
    proceeding = versioning.lock(proceeding)  # its steps are checked against each other
    _check_milestone(proceeding, kind, on, details, list(proceeding.milestones.all()))
    milestone = Milestone(proceeding=proceeding, kind=kind, on=on, recorded_by=actor, **details)
    milestone.full_clean()
    milestone.save()
    audit.record(
        action=JusticeAction.STEP_RECORDED, actor=actor, case=proceeding.case, fields=[kind], request=request
    )
    return milestone


@transaction.atomic
def milestone_change(
    *, actor, milestone: Milestone, version: int, reason: str, request=None, **values
) -> set:
    """Correct a step: the same rules as recording it, and the steps after it must still
    have what they need (no verdict left without its charge)."""
    proceeding = versioning.lock(milestone.proceeding)
    others = list(proceeding.milestones.exclude(pk=milestone.pk))
    _check_milestone(proceeding, values["kind"], values["on"], values, others)
    proposed = Milestone(
        proceeding=proceeding, kind=values["kind"], on=values["on"], outcome=values["outcome"]
    )
    _check_followers(proceeding, [*others, proposed])
    return versioning.correct(
        "milestone",
        milestone,
        actor=actor,
        case=proceeding.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )


@transaction.atomic
def milestone_delete(*, actor, milestone: Milestone, version: int, reason: str, request=None) -> bool:
    proceeding = versioning.lock(milestone.proceeding)
    _check_followers(proceeding, list(proceeding.milestones.exclude(pk=milestone.pk)))
    return versioning.remove(
        "milestone",
        milestone,
        actor=actor,
        case=proceeding.case,
        version=version,
        reason=reason,
        request=request,
    )


def _check_proceeding(fields: dict, proceeding: Proceeding | None = None) -> None:
    if fields.get("kind") != ProceedingKind.DEFENDANT:
        fields["s45_outcome"] = ""
        if proceeding is not None and proceeding.milestones.filter(kind__in=DEFENDANT_ONLY).exists():
            raise ValidationError({"kind": DEFENDANT_STEPS_RECORDED})


@transaction.atomic
def proceeding_change(
    *, actor, proceeding: Proceeding, version: int, reason: str, request=None, **values
) -> set:
    versioning.lock(proceeding)
    _check_proceeding(values, proceeding)
    return versioning.correct(
        "proceeding",
        proceeding,
        actor=actor,
        case=proceeding.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )


@transaction.atomic
def proceeding_delete(*, actor, proceeding: Proceeding, version: int, reason: str, request=None) -> bool:
    if not Proceeding.objects.filter(pk=proceeding.pk).exists():
        return False  # already deleted (a double submission)
    versioning.lock(proceeding)
    if proceeding.milestones.exists():
        raise ValidationError(PROCEEDING_HAS_STEPS)
    return versioning.remove(
        "proceeding",
        proceeding,
        actor=actor,
        case=proceeding.case,
        version=version,
        reason=reason,
        request=request,
    )


def _check_claim(fields: dict) -> None:
    if fields["incident_on"] > timezone.localdate():
        raise ValidationError({"incident_on": INCIDENT_IN_FUTURE})
    submitted = fields.get("submitted_on")
    if submitted and submitted > timezone.localdate():
        raise ValidationError({"submitted_on": INCIDENT_IN_FUTURE})
    if submitted and submitted < fields["incident_on"]:
        raise ValidationError({"submitted_on": SUBMITTED_BEFORE_INCIDENT})


@transaction.atomic
def claim_record(*, actor, case, request=None, **fields) -> Claim:
    _check_claim(fields)
    claim = Claim(case=case, recorded_by=actor, **fields)
    claim.full_clean()
    claim.save()
    audit.record(
        action=JusticeAction.CLAIM_RECORDED, actor=actor, case=case, fields=["claim"], request=request
    )
    return claim


@transaction.atomic
def claim_change(*, actor, claim: Claim, version: int, reason: str, request=None, **values) -> set:
    _check_claim(values)
    return versioning.correct(
        "claim",
        claim,
        actor=actor,
        case=claim.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )


class ClaimProgress:
    SUBMITTED = "submitted"
    WITHDRAWN = ClaimOutcome.WITHDRAWN
    NOT_PURSUED = ClaimOutcome.NOT_PURSUED


@transaction.atomic
def claim_settle(
    *, actor, claim: Claim, version: int, progress: str, submitted_on: date | None = None, request=None
) -> set:
    """Mark a claim submitted (on a date), withdrawn or not pursued: its deadline is then
    no longer owed, so it leaves "My work" and the reminders."""
    if claim.outcome != ClaimOutcome.PENDING or (
        progress == ClaimProgress.SUBMITTED and claim.submitted_on is not None
    ):
        raise ValidationError(CLAIM_SETTLED_ALREADY)
    if progress == ClaimProgress.SUBMITTED:
        if submitted_on is None:
            raise ValidationError({"submitted_on": SUBMITTED_DATE_NEEDED})
        values = {"submitted_on": submitted_on, "outcome": claim.outcome}
        _check_claim({"incident_on": claim.incident_on, **values})
    else:
        values = {"outcome": progress}
    return versioning.save_changes(
        actor=actor,
        kind="claim",
        record=claim,
        case=claim.case,
        expected_version=version,
        values=values,
        request=request,
    )


@transaction.atomic
def claim_delete(*, actor, claim: Claim, version: int, reason: str, request=None) -> bool:
    return versioning.remove(
        "claim", claim, actor=actor, case=claim.case, version=version, reason=reason, request=request
    )


def claim_deadline(claim: Claim) -> date:
    return clocks.claim_deadline(claim.kind, claim.incident_on)


def hearing_before_rg(proceeding: Proceeding) -> date | None:
    """The first hearing of a survivor prosecuted before the NRM's RG decision (which should
    come first: domain.md §3), or None."""
    if proceeding.kind != ProceedingKind.DEFENDANT:
        return None
    hearings = sorted(m.on for m in proceeding.milestones.all() if m.kind in HEARINGS)
    if not hearings:
        return None
    rg_on = rg_decision_date(proceeding.case)
    if rg_on is None or rg_on > hearings[0]:
        return hearings[0]
    return None


def justice_export_section(case):
    """Everything the criminal-justice records hold, for the subject access export."""
    records = []
    for proceeding in case.proceedings.prefetch_related("milestones"):
        records.append(
            {
                "record": proceeding.get_kind_display(),
                "police_force": proceeding.get_police_force_display(),
                "crime_reference": proceeding.crime_reference,
                "officer_in_charge": proceeding.officer_in_charge,
                "offence": proceeding.offence,
                "engagement": proceeding.get_engagement_display(),
                "notes": proceeding.notes,
                "steps": [
                    f"{long_date(m.on)}: {m.get_kind_display()} "
                    f"{m.get_outcome_display() if m.outcome else ''}".strip()
                    + (f" (defendant: {m.defendant})" if m.defendant else "")
                    + (f". {m.notes}" if m.notes else "")
                    for m in proceeding.milestones.all()
                ],
            }
        )
    for claim in case.claims.all():
        records.append(
            {
                "record": f"{claim.get_kind_display()} claim",
                "incident_on": claim.incident_on,
                "submitted_on": claim.submitted_on,
                "outcome": claim.get_outcome_display(),
                "amount": claim.amount,
                "notes": claim.notes,
            }
        )
    return records


def justice_erase_personal_data(case) -> None:
    """At the end of retention: references, names and free text go; dates and outcomes stay."""
    Proceeding.objects.filter(case=case).update(
        crime_reference="", officer_in_charge="", offence="", notes=""
    )
    Milestone.objects.filter(proceeding__case=case).update(notes="", defendant="")
    Claim.objects.filter(case=case).update(notes="")
