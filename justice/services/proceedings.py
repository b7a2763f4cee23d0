"""Recording, correcting and deleting a criminal proceeding, and the survivor's engagement
with it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.services import versioning
from justice import rules
from justice.models import Proceeding
from justice.services.milestones import IN_FUTURE
from justice.vocabularies import Engagement, JusticeAction, ProceedingKind

REASON_NEEDED = "Select why the survivor has paused or withdrawn."
DEFENDANT_STEPS_RECORDED = (
    "Steps for a prosecuted survivor are recorded on this proceeding: it stays a defendant's."
)
PROCEEDING_HAS_STEPS = "Delete this proceeding's steps first."
VICTIM_STEPS_RECORDED = (
    "A review of a decision not to charge is recorded on this proceeding: it stays a victim's."
)


def _check_proceeding(fields: dict, proceeding: Proceeding | None = None) -> None:
    if fields.get("kind") != ProceedingKind.DEFENDANT:
        fields["s45_outcome"] = ""
        fields["offence_group"] = ""
        if proceeding is not None and proceeding.milestones.filter(kind__in=rules.DEFENDANT_ONLY).exists():
            raise ValidationError({"kind": DEFENDANT_STEPS_RECORDED})
    elif proceeding is not None and proceeding.milestones.filter(kind__in=rules.VICTIM_ONLY).exists():
        raise ValidationError({"kind": VICTIM_STEPS_RECORDED})


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
