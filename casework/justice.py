"""Writes and checks for the criminal-justice journey. Milestones must come in an order
that can happen (no verdict before a charge), each dated on or after what it follows."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit, clocks, extensions
from casework.models.justice import (
    Claim,
    Engagement,
    Milestone,
    Proceeding,
    ProceedingKind,
)
from casework.models.justice import (
    MilestoneKind as K,
)
from casework.models.justice import (
    MilestoneOutcome as O,
)
from casework.vocabularies import AuditAction

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
OUTCOME_NEEDED = "Choose the outcome."
DEFENDANT_MILESTONE = "This step is for proceedings where the survivor is the defendant."
REASON_NEEDED = "Choose why the survivor has paused or withdrawn."


def _requirements(proceeding: Proceeding, kind: str):
    if proceeding.kind == ProceedingKind.VICTIM_WITNESS and kind in VICTIM_REQUIRES:
        return VICTIM_REQUIRES[kind]
    return REQUIRES.get(kind, ())


@transaction.atomic
def proceeding_record(*, actor, case, request=None, **fields) -> Proceeding:
    if fields.get("kind") != ProceedingKind.DEFENDANT:
        fields["s45_outcome"] = ""
    proceeding = Proceeding(case=case, created_by=actor, **fields)
    proceeding.full_clean()
    proceeding.save()
    audit.record(
        action=AuditAction.JUSTICE_RECORDED, actor=actor, case=case, fields=["proceeding"], request=request
    )
    return proceeding


@transaction.atomic
def engagement_update(
    *, actor, proceeding: Proceeding, engagement: str, changed_on: date, reason: str = "", request=None
) -> Proceeding:
    if changed_on > timezone.localdate():
        raise ValidationError({"changed_on": IN_FUTURE})
    if engagement != Engagement.ENGAGED and not reason:
        raise ValidationError({"reason": REASON_NEEDED})
    proceeding.engagement = engagement
    proceeding.engagement_changed_on = changed_on
    proceeding.disengagement_reason = "" if engagement == Engagement.ENGAGED else reason
    proceeding.full_clean()
    proceeding.save()
    audit.record(
        action=AuditAction.JUSTICE_RECORDED,
        actor=actor,
        case=proceeding.case,
        fields=["engagement"],
        request=request,
    )
    return proceeding


@transaction.atomic
def milestone_record(
    *, actor, proceeding: Proceeding, kind: str, on: date, request=None, **details
) -> Milestone:
    label = K(kind).label
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
    existing = list(proceeding.milestones.all())
    for needed, outcomes in _requirements(proceeding, kind):
        found = [m for m in existing if m.kind == needed and (outcomes is None or m.outcome in outcomes)]
        needed_label = K(needed).label + (f" ({O(outcomes[0]).label.lower()})" if outcomes else "")
        if not found:
            raise ValidationError({"kind": NEEDS_FIRST.format(needed=needed_label, kind=label)})
        earliest = min(m.on for m in found)
        if on < earliest:
            raise ValidationError(
                {
                    "on": BEFORE_PREREQUISITE.format(
                        kind=label, needed=needed_label, day=clocks.long_date(earliest)
                    )
                }
            )
    milestone = Milestone(proceeding=proceeding, kind=kind, on=on, recorded_by=actor, **details)
    milestone.full_clean()
    milestone.save()
    audit.record(
        action=AuditAction.JUSTICE_RECORDED, actor=actor, case=proceeding.case, fields=[kind], request=request
    )
    return milestone


@transaction.atomic
def claim_record(*, actor, case, request=None, **fields) -> Claim:
    if fields["incident_on"] > timezone.localdate():
        raise ValidationError({"incident_on": "The date must be today or in the past."})
    submitted = fields.get("submitted_on")
    if submitted and submitted < fields["incident_on"]:
        raise ValidationError({"submitted_on": "A claim cannot be submitted before the incident."})
    claim = Claim(case=case, recorded_by=actor, **fields)
    claim.full_clean()
    claim.save()
    audit.record(
        action=AuditAction.JUSTICE_RECORDED, actor=actor, case=case, fields=["claim"], request=request
    )
    return claim


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
    rg_on = extensions.rg_decision_date(proceeding.case)
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
                    f"{m.on}: {m.get_kind_display()} {m.get_outcome_display() if m.outcome else ''}".strip()
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
    return "Criminal justice and claims", records


def justice_erase_personal_data(case) -> None:
    """At the end of retention: references, names and free text go; dates and outcomes stay."""
    Proceeding.objects.filter(case=case).update(
        crime_reference="", officer_in_charge="", offence="", notes=""
    )
    Milestone.objects.filter(proceeding__case=case).update(notes="", defendant="")
    Claim.objects.filter(case=case).update(notes="")
