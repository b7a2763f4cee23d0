"""Recording, correcting, settling and deleting compensation and civil claims."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.services import versioning
from justice.models import Claim
from justice.vocabularies import ClaimOutcome, JusticeAction

INCIDENT_IN_FUTURE = "The date must be today or in the past."
SUBMITTED_BEFORE_INCIDENT = "A claim cannot be submitted before the incident."
SUBMITTED_DATE_NEEDED = "Enter the date the claim was submitted."
# The settle page fills in what is not yet recorded; changing it is a correction (a reason).
CLAIM_SETTLED_ALREADY = "This is already recorded for the claim. To change it, use “Correct the claim”."


class ClaimProgress:
    SUBMITTED = "submitted"
    WITHDRAWN = ClaimOutcome.WITHDRAWN
    NOT_PURSUED = ClaimOutcome.NOT_PURSUED


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
