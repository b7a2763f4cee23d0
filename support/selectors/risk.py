"""Reading risk assessments: the Risk page, the Overview's line, the case list's column and
filter, the timeline, the subject access export and the managers' review periods page."""

from datetime import date, timedelta

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.utils import timezone

from casework import clocks, hooks
from casework.access import manages
from casework.models import Team
from casework.selectors.timeline_events import NAME_COLUMNS
from casework.ui.dates import long_date
from casework.vocabularies import RiskFlag
from support.models import RiskAssessment
from support.rules import risk as rules
from support.vocabularies import RiskArea, RiskLevel

LEVEL_TAGS = {
    RiskLevel.HIGH: "govuk-tag--red",
    RiskLevel.MEDIUM: "govuk-tag--orange",
    RiskLevel.LOW: "govuk-tag--green",
}
NOT_ASSESSED = "none"


def _current(column: str) -> Subquery:
    """A column of the case's current assessment (the newest), one index probe per case."""
    newest = RiskAssessment.objects.filter(case=OuterRef("pk")).order_by("-assessed_on", "-id")
    return Subquery(newest.values(column)[:1])


def with_current_risk(cases: QuerySet, *, alias: bool = False) -> QuerySet:
    """Cases annotated with their current assessment's `risk_level` and `risk_review_on`
    (None: never assessed); `alias`: only to filter on, not selected (so a count grouped by
    assignee stays grouped by assignee alone)."""
    add = cases.alias if alias else cases.annotate
    return add(risk_level=_current("overall_level"), risk_review_on=_current("next_review_on"))


# A first assessment: owed within days of opening by policy data (casework/clocks.py POLICY,
# "risk_first_assessment_days", by the date the case was opened; 0: none owed).

FIRST_ASSESSMENT = "risk_first_assessment_days"


def first_assessment_days(opened_on: date) -> int:
    return clocks.policy_value(FIRST_ASSESSMENT, opened_on)


def owed_first_assessment(due_by: date) -> Q:
    """On cases annotated by with_current_risk: never assessed, and the first assessment due on
    or before `due_by` (opened + the days in force on the opening date), one term per policy
    period, in SQL."""
    rules = sorted((r for r in clocks.POLICY if r.name == FIRST_ASSESSMENT), key=lambda r: r.effective_from)
    owed = Q(pk__in=[])
    for i, rule in enumerate(rules):
        if rule.value <= 0:
            continue
        period = Q(opened_on__gte=rule.effective_from, opened_on__lte=due_by - timedelta(days=rule.value))
        if i + 1 < len(rules):
            period &= Q(opened_on__lt=rules[i + 1].effective_from)
        owed |= period
    return Q(risk_level__isnull=True) & owed


# The managers' backlog (oversight/backlog.py): SQL only.


def risk_review_overdue(cases: QuerySet, today: date) -> QuerySet:
    """The cases whose current assessment was due for review before today, and those owed a
    first assessment that was due before today (as on My work)."""
    return with_current_risk(cases, alias=True).filter(
        Q(risk_review_on__lt=today) | owed_first_assessment(today - timedelta(days=1))
    )


def high_risk(cases: QuerySet) -> QuerySet:
    return with_current_risk(cases, alias=True).filter(risk_level=RiskLevel.HIGH)


def count_by_assignee(cases: QuerySet) -> dict:
    """{assignee id (None: unassigned): number of cases}, in one grouped query."""
    return {row["assignee"]: row["n"] for row in cases.values("assignee").annotate(n=Count("pk")).order_by()}


# The case list (hooks.CaseListFilter and hooks.CaseListColumn): SQL only, no decryption.


def _with_risk_level(cases):
    """The current level as `risk_level`, once: the filter's annotation is the column's too."""
    if "risk_level" in cases.query.annotation_select:
        return cases
    return cases.annotate(risk_level=_current("overall_level"))


def risk_level_filter(cases, value: str, today):
    annotated = _with_risk_level(cases)
    if value == NOT_ASSESSED:
        return annotated.filter(risk_level__isnull=True)
    return annotated.filter(risk_level=value)


RISK_LEVEL_FILTER = hooks.CaseListFilter(
    name="risk",
    label="Risk level",
    choices=[*reversed(RiskLevel.choices), (NOT_ASSESSED, "Not assessed")],
    apply=risk_level_filter,
)


def _risk_cell(case) -> tuple[str, str]:
    level = getattr(case, "risk_level", None)
    if not level:
        return "Not assessed", ""
    return RiskLevel(level).label, LEVEL_TAGS[RiskLevel(level)]


RISK_LEVEL_COLUMN = hooks.CaseListColumn(
    heading="Risk",
    annotate=_with_risk_level,
    cell=_risk_cell,
)


# The Risk page and the Overview.


def risk_page_context(request, case) -> dict:
    """The current assessment in full and the earlier ones: two queries whatever the number."""
    assessments = RiskAssessment.objects.select_related("recorded_by")
    prefetch_related_objects([case], Prefetch("risk_assessments", queryset=assessments))
    listed = list(case.risk_assessments.all())  # newest first (the model's ordering)
    today = timezone.localdate()
    current = listed[0] if listed else None
    flags = getattr(getattr(case, "person", None), "risk_flags", None) or []
    return {
        "current": _shown(current, today) if current else None,
        "earlier": [_shown(a, today) for a in listed[1:]],
        "intake_flags": _flag_labels(flags),
        "intake_areas": [RiskArea(area).label for area in rules.flag_areas(flags)],
        "can_record": case.is_open,
        "manages": manages(request.user, case),  # a link to the team's review periods
    }


def _flag_labels(flags) -> list[str]:
    return [RiskFlag(flag).label for flag in flags if flag in RiskFlag.values]


def _shown(assessment: RiskAssessment, today: date) -> dict:
    by_area = {area: held for area, held in (assessment.areas or {}).items() if held.get("level")}
    return {
        "assessment": assessment,
        "tag": LEVEL_TAGS[RiskLevel(assessment.overall_level)],
        "overdue": rules.review_overdue(assessment.next_review_on, today),
        "areas": [
            {
                "label": area.label,
                "level": RiskLevel(by_area[area]["level"]).label if area in by_area else "",
                "tag": LEVEL_TAGS[RiskLevel(by_area[area]["level"])] if area in by_area else "",
                "evidence": by_area[area].get("evidence", "") if area in by_area else "",
            }
            for area in RiskArea
        ],
    }


def risk_overview_context(request, case) -> dict:
    """The Overview's line: the current level and the next review (one query, nothing
    decrypted: only the plain columns are read)."""
    current = (
        RiskAssessment.objects.filter(case=case)
        .order_by("-assessed_on", "-id")
        .only("overall_level", "assessed_on", "next_review_on")
        .first()
    )
    today = timezone.localdate()
    if current is None:
        # Until a first assessment, the risks noted when the case was opened (the Overview has
        # read the person already: nothing more is decrypted).
        person = getattr(case, "person", None)
        return {"risk": None, "intake_flags": person.risk_flag_labels if person is not None else []}
    return {
        "risk": current,
        "risk_tag": LEVEL_TAGS[RiskLevel(current.overall_level)],
        "risk_overdue": rules.review_overdue(current.next_review_on, today) and case.is_open,
    }


# The timeline and the export.

RISK = "risk"
RANK_RISK = 85


def risk_events(case, query) -> list[hooks.TimelineEvent]:
    rows = (
        RiskAssessment.objects.filter(case=case)
        .select_related("recorded_by")
        .only(
            "pk",
            "assessed_on",
            "overall_level",
            "next_review_on",
            *(f"recorded_by__{c}" for c in NAME_COLUMNS),
        )
    )
    return [
        hooks.TimelineEvent(
            on=row.assessed_on,
            kind=RISK,
            title="Risk assessment",
            by=row.recorded_by.display_name,
            details=(f"Next review by {long_date(row.next_review_on)}",),
            tags=((f"{RiskLevel(row.overall_level).label} risk", LEVEL_TAGS[RiskLevel(row.overall_level)]),),
            rank=RANK_RISK,
            key=row.pk,
        )
        for row in rows
    ]


RISK_TIMELINE = hooks.TimelineSource(kinds=[(RISK, "Risk assessments")], events=risk_events)


def risk_export_section(case) -> list[dict]:
    records = []
    for assessment in case.risk_assessments.order_by("assessed_on", "id"):
        records.append(
            {
                "record": "Risk assessment",
                "date_assessed": assessment.assessed_on,
                "overall_level": assessment.get_overall_level_display(),
                "next_review_on": assessment.next_review_on,
                "safety_plan": assessment.safety_plan,
            }
        )
        held = assessment.areas or {}
        for area in RiskArea:
            if area in held:
                records.append(
                    {
                        "record": f"Risk: {area.label}",
                        "date_assessed": assessment.assessed_on,
                        "level": RiskLevel(held[area]["level"]).label,
                        "evidence": held[area].get("evidence", ""),
                    }
                )
    return records


# The managers' page of review periods.


def review_periods(user, today: date) -> list[dict]:
    """For each team the user manages: the days in force today per level, and the rows set
    (newest first)."""
    teams = list(Team.objects.managed_by(user).prefetch_related("risk_review_policies__set_by"))
    shown = []
    for team in teams:
        rows = [rules.PolicyRow(r.level, r.days, r.effective_from) for r in team.risk_review_policies.all()]
        shown.append(
            {
                "team": team,
                "now": [
                    (level.label, rules.review_days(level, today, rows)) for level in reversed(RiskLevel)
                ],
                "rows": sorted(
                    team.risk_review_policies.all(), key=lambda r: (r.effective_from, r.level), reverse=True
                ),
            }
        )
    return shown
