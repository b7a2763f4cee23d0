"""Every write about a Recovery Needs Assessment: the draft, then one step at a time (shared with
the survivor, submitted, decided), and a correction of the whole record. Each step is an edit of
the record under its version (two tabs: the second save gets the conflict page); the rules of the
steps (support/rules/needs_assessments.py) hold for each step and for a correction alike."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.services import versioning
from support.models import RecoveryNeedsAssessment
from support.rules.needs_assessments import shared_too_early, step_refusals
from support.rules.nrm_status import decision_of, latest_referral
from support.selectors.plans import case_plan, plan_agreed_current
from support.vocabularies import DecisionKind, RnaOutcome, RnaStatus, SupportAuditAction

KIND = "needs_assessment"
IN_FUTURE = "The date must be today or in the past."
WRONG_STEP: dict[str, str] = {
    RnaStatus.DRAFT: "This assessment is no longer a draft: it has been shared with the survivor.",
    RnaStatus.SHARED: "This assessment cannot be submitted now: it is not at the shared step.",
    RnaStatus.SUBMITTED: "This assessment cannot be decided now: it is not awaiting a decision.",
}
# Every field a step or a correction can write, for checking a step against the record as saved.
STEP_FIELDS = (
    "shared_on",
    "submitted_on",
    "decided_on",
    "outcome",
    "services_agreed",
    "support_until",
    "next_review_on",
    "recorded_before_steps",
)
PAST_DATES = ("shared_on", "submitted_on", "decided_on")
PLAN_NOT_AGREED = (
    "The survivor has not seen and agreed the current support plan. Record their agreement on the "
    "Plan page first."
)
PLAN_NOT_AGREED_CODE = "plan_not_agreed"


def _check(case, values: dict) -> None:
    today = timezone.localdate()
    errors = {name: IN_FUTURE for name in PAST_DATES if values.get(name) and values[name] > today}
    referral = latest_referral(case)
    too_early = shared_too_early(
        values.get("shared_on"), case.opened_on, decision_of(referral, DecisionKind.CG) if referral else None
    )
    if too_early and not values.get("recorded_before_steps"):
        errors.setdefault("shared_on", too_early)
    errors = {**step_refusals(**values), **errors}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def needs_assessment_record(
    *, actor, case, due_on: date, needs: str = "", request=None
) -> RecoveryNeedsAssessment:
    """A draft: its due date and the needs and recommendations written so far."""
    assessment = RecoveryNeedsAssessment(case=case, due_on=due_on, needs=needs, recorded_by=actor)
    assessment.full_clean()
    assessment.save()
    audit.record(
        action=SupportAuditAction.SUPPORT_RECORDED,
        actor=actor,
        case=case,
        fields=["recovery_needs_assessment"],
        request=request,
    )
    return assessment


def _step(*, actor, assessment, version, at: str, values: dict, request, guard=None) -> set:
    """Move an assessment on from step `at`, writing `values`. A second press of the same
    button (the values already saved) changes nothing; an assessment moved on by someone else
    meanwhile gives the conflict page, or says why this step no longer applies. `guard(locked)`
    raises a ValidationError when the step may not be taken now."""
    locked = versioning.lock(assessment)
    versioning.raise_if_conflict(KIND, locked, version=version, values=values, actor=actor)
    if all(getattr(locked, name) == value for name, value in values.items()):
        return set()
    if locked.status != at:
        raise ValidationError(WRONG_STEP[at])
    if guard is not None:
        guard(locked)
    _check(assessment.case, {**{name: getattr(locked, name) for name in STEP_FIELDS}, **values})
    return versioning.save_changes(
        actor=actor,
        kind=KIND,
        record=assessment,
        case=assessment.case,
        expected_version=locked.version,
        values=values,
        audit_action=SupportAuditAction.SUPPORT_RECORDED,
        audit_fields=[f"{KIND}.{name}" for name in values],
        request=request,
    )


@transaction.atomic
def needs_assessment_share(
    *, actor, assessment, version: int, shared_on: date, survivor_comments: str = "", request=None
) -> set:
    return _step(
        actor=actor,
        assessment=assessment,
        version=version,
        at=RnaStatus.DRAFT,
        values={"shared_on": shared_on, "survivor_comments": survivor_comments},
        request=request,
    )


def _plan_seen_and_agreed(assessment) -> None:
    """A support plan sent to the Home Office with the assessment must have been seen and agreed
    by the survivor first (issue 19; docs/domain.md). No plan on the case: the assessment may go
    without one."""
    if case_plan(assessment.case) is not None and not plan_agreed_current(assessment.case):
        raise ValidationError(PLAN_NOT_AGREED, code=PLAN_NOT_AGREED_CODE)


@transaction.atomic
def needs_assessment_submit(*, actor, assessment, version: int, submitted_on: date, request=None) -> set:
    """Submitted to the competent authority: only once shared with the survivor, and while the
    case has a support plan, only once the survivor has agreed its current version."""
    return _step(
        actor=actor,
        assessment=assessment,
        version=version,
        at=RnaStatus.SHARED,
        values={"submitted_on": submitted_on},
        request=request,
        guard=_plan_seen_and_agreed,
    )


@transaction.atomic
def needs_assessment_decide(
    *,
    actor,
    assessment,
    version: int,
    decided_on: date,
    outcome: str,
    services_agreed: str = "",
    support_until: date | None = None,
    reasons: str = "",
    next_review_on: date | None = None,
    request=None,
) -> set:
    if outcome != RnaOutcome.CONTINUED:
        services_agreed, support_until = "", None  # revealed only for continued support
    return _step(
        actor=actor,
        assessment=assessment,
        version=version,
        at=RnaStatus.SUBMITTED,
        values={
            "decided_on": decided_on,
            "outcome": outcome,
            "services_agreed": services_agreed,
            "support_until": support_until,
            "reasons": reasons,
            "next_review_on": next_review_on,
        },
        request=request,
    )


@transaction.atomic
def needs_assessment_change(
    *, actor, assessment: RecoveryNeedsAssessment, version: int, reason: str, request=None, **values
) -> set:
    """A correction of any of its values (the earlier ones kept in its history), by the same rules."""
    locked = versioning.lock(assessment)
    versioning.raise_if_conflict(KIND, locked, version=version, values=values, actor=actor)
    if values.get("outcome", locked.outcome) != RnaOutcome.CONTINUED:
        values.update(services_agreed="", support_until=None)
    _check(assessment.case, {**{name: getattr(locked, name) for name in STEP_FIELDS}, **values})
    return versioning.correct(
        KIND,
        assessment,
        actor=actor,
        case=assessment.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )
