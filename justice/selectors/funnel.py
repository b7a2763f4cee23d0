"""The criminal-justice funnel's figures (oversight shows them to managers): of the survivors'
reports to police in the given cases, how many were investigated, charged and convicted, by
year of the report; where and why proceedings stopped; and the median time between stages.
Counts only, no personal data; two queries whatever the number of cases."""

from collections import defaultdict
from itertools import pairwise
from statistics import median

from justice import rules
from justice.models import Milestone, Proceeding
from justice.vocabularies import (
    DisengagementReason,
    Engagement,
    MilestoneKind,
    MilestoneOutcome,
    ProceedingKind,
)

# A median of fewer cases is close to one survivor's own dates ("310 days" from one case is
# that survivor's story), so it is not shown.
MEDIAN_MIN_CASES = 5

INVESTIGATED = (
    MilestoneKind.CRIME_RECORDED,
    MilestoneKind.ABE_INTERVIEW,
    MilestoneKind.EARLY_ADVICE,
    MilestoneKind.SUSPECT_ARRESTED,
)
STAGES = ("reported", "investigated", "charged", "convicted")
STAGE_LABELS = {
    "reported": "Reported",
    "investigated": "Investigated",
    "charged": "Charged",
    "convicted": "Convicted",
}


def _stages(milestones) -> dict[str, object]:
    """The date each stage was first reached (None if not)."""
    first = {}
    for m in sorted(milestones, key=lambda m: m["on"]):
        stage = None
        if m["kind"] == MilestoneKind.REPORTED:
            stage = "reported"
        elif m["kind"] in INVESTIGATED:
            stage = "investigated"
        elif m["kind"] == MilestoneKind.CHARGING_DECISION and m["outcome"] == MilestoneOutcome.CHARGED:
            stage = "charged"
        elif m["kind"] == MilestoneKind.VERDICT and m["outcome"] in rules.CONVICTED:
            stage = "convicted"
        if stage and stage not in first:
            first[stage] = m["on"]
    # A later stage implies the earlier ones (a charge was investigated).
    for earlier, later in pairwise(STAGES):
        if later in first and earlier not in first:
            first[earlier] = first[later]
    return first


def funnel(cases) -> dict:
    """The funnel of the victim-witness proceedings of `cases` (the page passes the cases of
    the manager's teams that they may see)."""
    proceedings = {
        p["id"]: p
        for p in Proceeding.objects.filter(case__in=cases, kind=ProceedingKind.VICTIM_WITNESS).values(
            "id", "engagement", "disengagement_reason"
        )
    }
    milestones = defaultdict(list)
    for m in Milestone.objects.filter(proceeding_id__in=proceedings).values(
        "proceeding_id", "kind", "on", "outcome"
    ):
        milestones[m["proceeding_id"]].append(m)

    by_year = defaultdict(lambda: dict.fromkeys(STAGES, 0))
    dropped_at = defaultdict(lambda: defaultdict(int))  # stage reached -> reason -> count
    no_further_action = 0
    report_to_charge, charge_to_conviction = [], []
    for proceeding_id, proceeding in proceedings.items():
        reached = _stages(milestones[proceeding_id])
        if "reported" not in reached:
            continue
        year = reached["reported"].year
        for stage in STAGES:
            if stage in reached:
                by_year[year][stage] += 1
        if any(
            m["kind"] == MilestoneKind.CHARGING_DECISION
            and m["outcome"] == MilestoneOutcome.NO_FURTHER_ACTION
            for m in milestones[proceeding_id]
        ):
            no_further_action += 1
        if proceeding["engagement"] == Engagement.WITHDRAWN:
            last = [stage for stage in STAGES if stage in reached][-1]
            dropped_at[last][proceeding["disengagement_reason"]] += 1
        if "charged" in reached:
            report_to_charge.append((reached["charged"] - reached["reported"]).days)
        if "convicted" in reached and "charged" in reached:
            charge_to_conviction.append((reached["convicted"] - reached["charged"]).days)

    reasons = dict(DisengagementReason.choices)
    return {
        "years": [{"year": year, **counts} for year, counts in sorted(by_year.items(), reverse=True)],
        "totals": {stage: sum(row[stage] for row in by_year.values()) for stage in STAGES},
        "stages": [(stage, STAGE_LABELS[stage]) for stage in STAGES],
        "no_further_action": no_further_action,
        "withdrawn": [
            {"stage": STAGE_LABELS[stage], "reason": reasons.get(reason, reason), "count": count}
            for stage in STAGES
            for reason, count in sorted(dropped_at[stage].items())
        ],
        "median_report_to_charge": _median(report_to_charge),
        "median_charge_to_conviction": _median(charge_to_conviction),
        "median_min_cases": MEDIAN_MIN_CASES,
    }


def _median(days: list[int]):
    return median(days) if len(days) >= MEDIAN_MIN_CASES else None
