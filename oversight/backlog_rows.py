"""The rows the managers' backlog counts, and what each row says: one row of dates and
outcomes per open case with a live NRM referral (read in one query), the hearings coming up,
and the cases whose support ends before their 12 months are up."""

from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Q, Subquery

from casework import clocks
from justice.models import Milestone
from justice.rules import HEARINGS
from support.models import (
    Decision,
    PublicOrderDisqualification,
    Reconsideration,
    Referral,
    SupportPeriod,
    Withdrawal,
)
from support.rules.twelve_months import clock_for
from support.vocabularies import (
    DecisionKind,
    DisqualificationReconsiderationOutcome,
    Outcome,
    ReconsiderationOutcome,
    ReferralKind,
    SupportVerdict,
)

# CG waits, in days since the positive RG, as the backlog page groups them.
CG_BUCKETS = [
    ("0-30", 0, 30),
    ("31-90", 31, 90),
    ("91-180", 91, 180),
    ("181-365", 181, 365),
    ("366-540", 366, 540),
    ("over 540", 541, None),
]
HEARING_DAYS = 14


def _decision_field(kind: str, name: str):
    return Subquery(Decision.objects.filter(referral=OuterRef("pk"), kind=kind).values(name)[:1])


def _reconsideration_outcome(kind: str):
    return Subquery(
        Reconsideration.objects.filter(decision__referral=OuterRef("pk"), decision__kind=kind).values(
            "outcome"
        )[:1]
    )


def live_referral_rows(cases) -> list[dict]:
    """One row per open case with a current NRM referral still in the process (not withdrawn;
    a public order disqualification ends support, not the case, so a disqualified referral
    stays: its CG is still owed): its dates and outcomes, read in one query. Each decision is found by
    the (referral, kind) unique index. The figures are counted from these rows."""
    referrals = (
        Referral.objects.filter(
            is_current=True,
            kind=ReferralKind.NRM,
            case__in=cases,
        )
        .exclude(
            # NOT EXISTS rather than LEFT JOIN ... IS NULL: with the joins, PostgreSQL estimated one
            # row and walked every referral in a nested loop (7x the time at 100,000 cases).
            Exists(Withdrawal.objects.filter(referral=OuterRef("pk")))
        )
        .annotate(
            assignee_id=F("case__assignee_id"),
            rg_on=_decision_field(DecisionKind.RG, "decided_on"),
            rg_outcome=_decision_field(DecisionKind.RG, "outcome"),
            rg_served=_decision_field(DecisionKind.RG, "served_on"),
            rg_reconsideration=_reconsideration_outcome(DecisionKind.RG),
            cg_on=_decision_field(DecisionKind.CG, "decided_on"),
            cg_outcome=_decision_field(DecisionKind.CG, "outcome"),
            cg_served=_decision_field(DecisionKind.CG, "served_on"),
            cg_reconsideration=_reconsideration_outcome(DecisionKind.CG),
            # A disqualification stands unless a reconsideration overturned it
            # (support/rules/nrm_deadlines.py disqualification_stands).
            disqualified=Exists(
                PublicOrderDisqualification.objects.filter(referral=OuterRef("pk")).filter(
                    ~Q(reconsideration_outcome=DisqualificationReconsiderationOutcome.OVERTURNED)
                )
            ),
        )
    )
    return list(
        referrals.values(
            "case_id",
            "assignee_id",
            "nation",
            "age_at_referral",
            "rg_due_on",
            "rg_on",
            "rg_outcome",
            "rg_served",
            "rg_reconsideration",
            "cg_on",
            "cg_outcome",
            "cg_served",
            "cg_reconsideration",
            "disqualified",
        )
    )


def _positive(outcome, reconsideration) -> bool:
    return outcome == Outcome.POSITIVE or reconsideration == ReconsiderationOutcome.OVERTURNED


def is_rg_overdue(row, today: date) -> bool:
    return row["rg_on"] is None and row["rg_due_on"] < today


def is_waiting_for_cg(row) -> bool:
    return (
        row["rg_on"] is not None
        and _positive(row["rg_outcome"], row["rg_reconsideration"])
        and row["cg_on"] is None
    )


def cg_bucket(row, today: date) -> str:
    waited = (today - row["rg_on"]).days
    for label, low, high in CG_BUCKETS:
        if waited >= low and (high is None or waited <= high):
            return label
    return ""


def reconsideration_window(row, today: date) -> str:
    """ "open", "closing" (clocks.CLOSING_SOON_DAYS or fewer days left, as on the case page) or
    "" for the case's latest decision. The deadline runs from the decision date
    (clocks.reconsideration_deadline); a decision from before the limit has none."""
    prefix = "cg" if row["cg_on"] is not None else "rg"
    if row[f"{prefix}_on"] is None or row[f"{prefix}_outcome"] != Outcome.NEGATIVE:
        return ""
    if row[f"{prefix}_reconsideration"] is not None:
        return ""
    deadline = clocks.reconsideration_deadline(row[f"{prefix}_on"])
    if deadline is None or today > deadline:
        return ""
    return "closing" if clocks.is_closing_soon(deadline, today) else "open"


def hearing_rows(cases, today: date) -> list[dict]:
    """Court hearings listed in the next 14 days for these cases (one query)."""
    return list(
        Milestone.objects.filter(
            proceeding__case__in=cases,
            kind__in=HEARINGS,
            on__gte=today,
            on__lte=today + timedelta(days=HEARING_DAYS),
        ).values("proceeding__case_id", "proceeding__case__assignee_id")
    )


def support_at_risk_ids(rows, today: date) -> set[int]:
    """Cases whose support ends, or ended, before their 12 months are up. Only a positive CG
    under 400 days old can have its 12 months running, so only those cases' support periods
    are read (one query). A standing disqualification ends NRM support: no minimum is owed."""
    candidates = {
        row["case_id"]: row
        for row in rows
        if row["cg_on"] is not None
        and _positive(row["cg_outcome"], row["cg_reconsideration"])
        and row["cg_on"] >= today - timedelta(days=400)
        and not row["disqualified"]
    }
    periods: dict[int, list] = {case_id: [] for case_id in candidates}
    for period in SupportPeriod.objects.filter(case_id__in=candidates).only(
        "kind", "case_id", "start_on", "end_on", "planned_end_on", "end_reason"
    ):
        periods[period.case_id].append(period)
    at_risk = set()
    for case_id, row in candidates.items():
        clock = clock_for(
            nation=row["nation"],
            rg_on=row["rg_on"],
            cg_on=row["cg_on"],
            cg_served=row["cg_served"],
            periods=periods[case_id],
            today=today,
            age_group=row["age_at_referral"],
            disqualified=row["disqualified"],
        )
        if clock is not None and clock.verdict == SupportVerdict.AT_RISK:
            at_risk.add(case_id)
    return at_risk
