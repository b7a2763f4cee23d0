"""Recording, correcting and deleting the steps of a proceeding. Each step must come in an
order that can happen and be dated on or after what it follows (justice.rules)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.services import versioning
from casework.ui.dates import long_date
from justice import rules
from justice.models import Milestone, Proceeding
from justice.vocabularies import JusticeAction, MilestoneKind, ProceedingKind

IN_FUTURE = "The date must be today or in the past (only hearings can be listed ahead)."
OUTCOME_NEEDED = "Select the outcome."
DEFENDANT_MILESTONE = "This step is for proceedings where the survivor is the defendant."
VICTIM_MILESTONE = "This step is for proceedings where the survivor is the victim."
DEPENDS_ON = "“{step}” ({day}) would be left without the step it needs first. Change or delete it first."


def _check_milestone(proceeding: Proceeding, kind: str, on: date, details: dict, existing) -> None:
    """The rules of a step, the same when it is recorded and when it is corrected."""
    if kind in rules.DEFENDANT_ONLY and proceeding.kind != ProceedingKind.DEFENDANT:
        raise ValidationError({"kind": DEFENDANT_MILESTONE})
    if kind in rules.VICTIM_ONLY and proceeding.kind != ProceedingKind.VICTIM_WITNESS:
        raise ValidationError({"kind": VICTIM_MILESTONE})
    if on > timezone.localdate() and kind not in rules.MAY_BE_FUTURE:
        raise ValidationError({"on": IN_FUTURE})
    outcome = details.get("outcome", "")
    if kind in rules.OUTCOMES:
        if outcome not in rules.OUTCOMES[kind]:
            raise ValidationError({"outcome": OUTCOME_NEEDED})
    else:
        details["outcome"] = ""
    unmet = rules.unmet(proceeding, kind, on, existing)
    if unmet:
        raise ValidationError(unmet)


def _check_followers(proceeding: Proceeding, steps) -> None:
    """Every step must still have what it needs once one is changed or deleted."""
    for step in steps:
        others = [m for m in steps if m is not step]
        if rules.unmet(proceeding, step.kind, step.on, others):
            raise ValidationError(
                DEPENDS_ON.format(step=MilestoneKind(step.kind).label, day=long_date(step.on))
            )


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
