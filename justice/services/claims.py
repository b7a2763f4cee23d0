"""Recording, correcting, settling and deleting compensation and civil claims."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.services import versioning
from justice.models import Claim
from justice.vocabularies import ClaimKind, ClaimOutcome, ExtensionOutcome, JusticeAction

INCIDENT_IN_FUTURE = "The date must be today or in the past."
SUBMITTED_BEFORE_INCIDENT = "A claim cannot be submitted before the incident."
SUBMITTED_DATE_NEEDED = "Enter the date the claim was submitted."
PERIOD_BEFORE_START = "The last day cannot be before the first (the date of the incident or act)."
REPORT_BEFORE_INCIDENT = "The first report to the police cannot be before the incident."
ACAS_FOR_TRIBUNALS = "ACAS early conciliation is for employment tribunal claims only."
ACAS_DAY_A_NEEDED = "Enter the date ACAS early conciliation started (Day A)."
ACAS_DAY_A_BEFORE_ACT = "Day A must be on or after the act (the date of the incident or act)."
ACAS_DAY_B_BEFORE_A = "The ACAS certificate (Day B) cannot be before early conciliation started (Day A)."
BIRTH_DATE_NOT_USED = "An employment tribunal's time limit does not depend on age: leave this unticked."
EXTENSION_FOR_CICA = "An extension for exceptional circumstances is asked of CICA: for CICA claims only."
EXTENSION_DATE_NEEDED = "Enter the date more time was asked for."
# The dates besides the incident and submission that may not be in the future.
TIME_LIMIT_DATES = ("period_ended_on", "first_reported_on", "acas_day_a", "acas_day_b", "extension_asked_on")
# The settle page fills in what is not yet recorded; changing it is a correction (a reason).
CLAIM_SETTLED_ALREADY = "This is already recorded for the claim. To change it, use “Correct the claim”."


class ClaimProgress:
    SUBMITTED = "submitted"
    WITHDRAWN = ClaimOutcome.WITHDRAWN
    NOT_PURSUED = ClaimOutcome.NOT_PURSUED


def _check_claim(fields: dict) -> None:
    today = timezone.localdate()
    dated = ("incident_on", "submitted_on", *TIME_LIMIT_DATES)
    future = {name: INCIDENT_IN_FUTURE for name in dated if fields.get(name) and fields[name] > today}
    if future:
        raise ValidationError(future)
    submitted = fields.get("submitted_on")
    if submitted and submitted < fields["incident_on"]:
        raise ValidationError({"submitted_on": SUBMITTED_BEFORE_INCIDENT})
    _check_time_limit_facts(fields)


def _check_time_limit_facts(fields: dict) -> None:
    """The facts a claim's deadline is worked out from: each belongs to its kind of claim."""
    kind, incident_on = fields.get("kind"), fields["incident_on"]
    if fields.get("period_ended_on") and fields["period_ended_on"] < incident_on:
        raise ValidationError({"period_ended_on": PERIOD_BEFORE_START})
    if fields.get("first_reported_on") and fields["first_reported_on"] < incident_on:
        raise ValidationError({"first_reported_on": REPORT_BEFORE_INCIDENT})
    if kind is None:
        return  # marking a claim submitted: nothing else changes
    day_a, day_b = fields.get("acas_day_a"), fields.get("acas_day_b")
    if (day_a or day_b) and kind != ClaimKind.EMPLOYMENT_TRIBUNAL:
        raise ValidationError({"acas_day_a" if day_a else "acas_day_b": ACAS_FOR_TRIBUNALS})
    if day_a and day_a < incident_on:
        raise ValidationError({"acas_day_a": ACAS_DAY_A_BEFORE_ACT})
    if day_b and not day_a:
        raise ValidationError({"acas_day_a": ACAS_DAY_A_NEEDED})
    if day_a and day_b and day_b < day_a:
        raise ValidationError({"acas_day_b": ACAS_DAY_B_BEFORE_A})
    if fields.get("uses_date_of_birth") and kind == ClaimKind.EMPLOYMENT_TRIBUNAL:
        raise ValidationError({"uses_date_of_birth": BIRTH_DATE_NOT_USED})
    asked, outcome = fields.get("extension_asked_on"), fields.get("extension_outcome") or ""
    if (asked or outcome) and kind != ClaimKind.CICA:
        raise ValidationError({"extension_asked_on" if asked else "extension_outcome": EXTENSION_FOR_CICA})
    if outcome and not asked:
        raise ValidationError({"extension_asked_on": EXTENSION_DATE_NEEDED})
    if asked and not outcome:
        fields["extension_outcome"] = ExtensionOutcome.WAITING


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
