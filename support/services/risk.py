"""Recording, correcting and deleting a risk assessment, setting a team's review periods, and
erasing the assessments' text at the end of retention. A review is recorded as a new
assessment; a correction (a slip in the one recorded) goes through casework's versioning, with
the areas' levels and evidence as fields of the assessment ("<area>_level", "<area>_evidence"),
held encrypted in RiskAssessment.areas: the rules the database cannot check on ciphertext (known
areas and levels, each area once, evidence only with a level) are checked here."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.models import Team
from casework.services import versioning
from casework.services.conflicts import conflict_since
from casework.services.record_kinds import KINDS
from casework.ui.dates import long_date
from support.models import RiskAssessment, RiskReviewPolicy
from support.models.risk import EVIDENCE_MAX
from support.rules import risk as rules
from support.rules.dates import check_past
from support.vocabularies import RiskArea, RiskLevel, SupportAuditAction

KIND = "risk_assessment"

BEFORE_OPENED = "The assessment cannot be before the case was opened ({day})."
OVERALL_TOO_LOW = "The overall level cannot be lower than the highest area's level ({area}: {level})."
EVIDENCE_TOO_LONG = f"The evidence must be {EVIDENCE_MAX:,} characters or fewer."
EVIDENCE_WITHOUT_LEVEL = "Choose a level for this area, or remove the evidence."
POLICY_IN_PAST = "The new periods can start today or later: assessments already recorded keep their dates."
POLICY_NOT_MANAGER = "Only a manager of the team can change its risk review periods."
POLICY_DAYS = "Enter a number of days from 1 to 365."
POLICY_ORDER = (
    "A higher level must be reviewed at least as often as a lower one: "
    "high no more days than medium, and medium no more days than low."
)


def level_field(area: str) -> str:
    return f"{area}_level"


def evidence_field(area: str) -> str:
    return f"{area}_evidence"


AREA_FIELDS = [name for area in RiskArea for name in (level_field(area), evidence_field(area))]
FIELDS = ["assessed_on", *AREA_FIELDS, "overall_level", "safety_plan"]


UNKNOWN_LEVEL = "Choose a level from the list."


def _clean(values: dict) -> dict:
    """Whitespace only is empty; an area's evidence is kept only with its level checked."""
    values = dict(values)
    for name in ("safety_plan", *(evidence_field(a) for a in RiskArea)):
        values[name] = (values.get(name) or "").strip()
    for area in RiskArea:
        values[level_field(area)] = values.get(level_field(area)) or ""
    return values


def areas_held(values: dict) -> dict:
    """The flat fields as RiskAssessment.areas: {area: {"level", "evidence"}}, the areas
    assessed only, in the areas' order (one key per area: each area once by construction)."""
    return {
        str(area): {"level": values[level_field(area)], "evidence": values[evidence_field(area)]}
        for area in RiskArea
        if values[level_field(area)]
    }


def _check(case, values: dict) -> None:
    assessed_on = values["assessed_on"]
    check_past("assessed_on", assessed_on)
    if assessed_on < case.opened_on:
        raise ValidationError({"assessed_on": BEFORE_OPENED.format(day=long_date(case.opened_on))})
    for area in RiskArea:
        if values[level_field(area)] and values[level_field(area)] not in RiskLevel.values:
            raise ValidationError({level_field(area): UNKNOWN_LEVEL})
        if len(values[evidence_field(area)]) > EVIDENCE_MAX:
            raise ValidationError({evidence_field(area): EVIDENCE_TOO_LONG})
        if values[evidence_field(area)] and not values[level_field(area)]:
            raise ValidationError({level_field(area): EVIDENCE_WITHOUT_LEVEL})
    levels = {area: values[level_field(area)] for area in RiskArea if values[level_field(area)]}
    top = rules.highest(levels.values())
    if top is not None and rules.below(values["overall_level"], top):
        area = next(a for a in RiskArea if levels.get(a) == top)
        raise ValidationError(
            {"overall_level": OVERALL_TOO_LOW.format(area=area.label, level=RiskLevel(top).label.lower())}
        )


def policy_rows(team_id: int) -> list[rules.PolicyRow]:
    return [
        rules.PolicyRow(level, days, since)
        for level, days, since in RiskReviewPolicy.objects.filter(team_id=team_id).values_list(
            "level", "days", "effective_from"
        )
    ]


def _next_review(case, values: dict) -> date:
    return rules.next_review_on(values["overall_level"], values["assessed_on"], policy_rows(case.team_id))


@transaction.atomic
def risk_assessment_record(*, actor, case, request=None, **values) -> RiskAssessment:
    """Record an assessment (a first one, or a review: the newest becomes the current one).
    `values`: assessed_on, overall_level, safety_plan and, per area, <area>_level (blank: not
    assessed) and <area>_evidence."""
    values = _clean(values)
    versioning.lock(case)
    _check(case, values)
    assessment = RiskAssessment(
        case=case,
        assessed_on=values["assessed_on"],
        overall_level=values["overall_level"],
        safety_plan=values.get("safety_plan", ""),
        areas=areas_held(values),
        next_review_on=_next_review(case, values),
        recorded_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    audit.record(
        action=SupportAuditAction.RISK_ASSESSMENT_RECORDED,
        actor=actor,
        case=case,
        fields=[KIND],
        request=request,
    )
    return assessment


def assessment_values(assessment: RiskAssessment) -> dict:
    """The assessment as the form's (and the correction's) flat fields."""
    values = {
        "assessed_on": assessment.assessed_on,
        "overall_level": assessment.overall_level,
        "safety_plan": assessment.safety_plan,
    }
    for area in RiskArea:
        values[level_field(area)] = ""
        values[evidence_field(area)] = ""
    for area, held in (assessment.areas or {}).items():
        if area in RiskArea.values:
            values[level_field(area)] = held.get("level", "")
            values[evidence_field(area)] = held.get("evidence", "")
    return values


@transaction.atomic
def risk_assessment_change(
    *, actor, assessment: RiskAssessment, version: int, reason: str, request=None, **values
) -> set[str]:
    """Correct an assessment recorded with a slip (a wrong date, a level mis-clicked): its
    history keeps the earlier values and the reason. The next review date follows the
    corrected date and level by the policy in force on the corrected date."""
    case = assessment.case
    values = _clean(values)
    versioning.lock(case)
    locked = versioning.lock(assessment)
    # The conflict page before any rule (the areas are not columns of the row: their snapshot).
    if locked.version != version:
        conflict = conflict_since(KINDS[KIND], locked, version, values, assessment_values(locked), actor)
        if conflict is not None:
            raise conflict
    _check(case, {**assessment_values(locked), **values})

    def apply(record, new, changed):
        record.assessed_on = new["assessed_on"]
        record.overall_level = new["overall_level"]
        record.safety_plan = new["safety_plan"]
        record.next_review_on = _next_review(case, new)
        record.areas = areas_held(_clean(new))
        record.full_clean()
        record.save()

    return versioning.save_changes(
        actor=actor,
        kind=KIND,
        record=assessment,
        case=case,
        expected_version=version,
        values={name: values[name] for name in FIELDS},
        reason=reason,
        snapshot=assessment_values,
        apply=apply,
        request=request,
    )


@transaction.atomic
def risk_assessment_delete(
    *, actor, assessment: RiskAssessment, version: int, reason: str, request=None
) -> bool:
    """Delete an assessment recorded in error (on the wrong case, twice): everything it held,
    its areas too, is kept in the case's history with the reason."""
    held = {name: value for name, value in assessment_values(assessment).items() if name in AREA_FIELDS}
    return versioning.delete_record(
        actor=actor,
        kind=KIND,
        record=assessment,
        case=assessment.case,
        expected_version=version,
        reason=reason,
        request=request,
        also_held=held,
    )


@transaction.atomic
def risk_review_policy_set(*, actor, team: Team, effective_from: date, days: dict, request=None) -> list[str]:
    """A manager sets their team's days to the next review, per level, from a date (today or
    later). Only the levels whose days differ from those in force that day get a row; setting
    again for the same date replaces that date's rows. Returns the levels changed."""
    if not Team.objects.managed_by(actor).filter(pk=team.pk).exists():
        raise PermissionDenied(POLICY_NOT_MANAGER)
    if effective_from < timezone.localdate():
        raise ValidationError({"effective_from": POLICY_IN_PAST})
    rows = [row for row in policy_rows(team.pk) if row.effective_from != effective_from]
    for level in RiskLevel:
        if not isinstance(days[level], int) or not 1 <= days[level] <= 365:
            raise ValidationError({f"{level}_days": POLICY_DAYS})
    if not days[RiskLevel.HIGH] <= days[RiskLevel.MEDIUM] <= days[RiskLevel.LOW]:
        # High risk reviewed least often would be a slip of the keyboard, not a policy.
        field = "high_days" if days[RiskLevel.HIGH] > days[RiskLevel.MEDIUM] else "medium_days"
        raise ValidationError({field: POLICY_ORDER})
    changed = []
    for level in RiskLevel:
        wanted = days[level]
        RiskReviewPolicy.objects.filter(team=team, level=level, effective_from=effective_from).delete()
        if wanted == rules.review_days(level, effective_from, rows):
            continue
        RiskReviewPolicy.objects.create(
            team=team, level=level, days=wanted, effective_from=effective_from, set_by=actor
        )
        changed.append(str(level))
    if changed:
        audit.record(
            action=SupportAuditAction.RISK_REVIEW_POLICY_SET,
            actor=actor,
            team=team,
            fields=["risk_review_policies"],  # the team's rows (Team.risk_review_policies)
            request=request,
        )
    return changed


def risk_erase_personal_data(case) -> None:
    """At the end of retention: the safety plans and the areas (their levels and evidence) go;
    the dates and the overall level stay for the statistics."""
    RiskAssessment.objects.filter(case=case).update(safety_plan="", areas={})
