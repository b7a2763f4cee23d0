"""The managers' decision backlog: what is stuck in their teams and who is carrying it.

Every figure is aggregated in the database, in a fixed number of queries whatever the number
of cases (Referral.is_current and Referral.rg_due_on make that possible). The one figure SQL
cannot compute, support ending before the 12 months, runs the support clock in Python over
the few cases whose 12 months are running."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Case as When_,
)
from django.db.models import (
    CharField,
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from casework.models import Case, CaseExploitation, Membership
from casework.vocabularies import Role
from support.models import Decision, Referral
from support.selectors import NRM_PREFETCH
from support.support_clock import support_clock
from support.vocabularies import DecisionKind, Outcome, ReconsiderationOutcome, ReferralKind, SupportVerdict

# CG waits, in days since the positive RG (the buckets).
CG_BUCKETS = [
    ("0-30", 0, 30),
    ("31-90", 31, 90),
    ("91-180", 91, 180),
    ("181-365", 181, 365),
    ("366-540", 366, 540),
    ("over 540", 541, None),
]
RECONSIDERATION_DAYS = 30
CLOSING_SOON_DAYS = 7
UNASSIGNED = "unassigned"
OVER_A_YEAR = "over a year"  # the caseworker table's "CG wait over a year" column

FIGURES = {
    "rg_overdue": "RG decisions overdue",
    "cg_waiting": "Waiting for a CG decision",
    "reconsideration": "Reconsideration windows open",
    "support_at_risk": "Support ending before 12 months",
    "unassigned": "Unassigned cases",
    "open": "Open cases",
}


@dataclass(frozen=True)
class Filters:
    team: int | None = None
    caseworker: str = ""  # a user id, or "unassigned"
    nation: str = ""
    age_group: str = ""
    exploitation: str = ""


def managed_team_ids(user) -> list[int]:
    return list(Membership.objects.filter(user=user, role=Role.MANAGER).values_list("team_id", flat=True))


def team_cases(user, filters: Filters) -> QuerySet[Case]:
    """The open cases of the teams the user manages, narrowed by the filters."""
    cases = Case.objects.visible_to(user).open().filter(team__in=managed_team_ids(user))
    if filters.team:
        cases = cases.filter(team_id=filters.team)
    if filters.caseworker == UNASSIGNED:
        cases = cases.filter(assignee__isnull=True)
    elif filters.caseworker:
        cases = cases.filter(assignee_id=filters.caseworker)
    if filters.nation or filters.age_group:
        current = Referral.objects.filter(case=OuterRef("pk"), is_current=True)
        if filters.nation:
            current = current.filter(nation=filters.nation)
        if filters.age_group:
            current = current.filter(age_at_referral=filters.age_group)
        cases = cases.filter(Exists(current))
    if filters.exploitation:
        cases = cases.filter(
            Exists(CaseExploitation.objects.filter(case=OuterRef("pk"), kind=filters.exploitation))
        )
    return cases


def _decisions(kind):
    return Decision.objects.filter(referral=OuterRef("pk"), kind=kind)


def live_referrals(cases) -> QuerySet[Referral]:
    """The current NRM referral of each case, still in the process (not withdrawn or
    disqualified), with what the figures need annotated."""
    rg = _decisions(DecisionKind.RG)
    return Referral.objects.filter(
        is_current=True,
        kind=ReferralKind.NRM,
        case__in=cases,
        withdrawal__isnull=True,
        disqualification__isnull=True,
    ).annotate(
        has_rg=Exists(rg),
        has_cg=Exists(_decisions(DecisionKind.CG)),
        rg_on=Subquery(rg.values("decided_on")[:1]),
        rg_positive=Exists(
            rg.filter(
                Q(outcome=Outcome.POSITIVE) | Q(reconsideration__outcome=ReconsiderationOutcome.OVERTURNED)
            )
        ),
    )


def rg_overdue(cases, today: date) -> QuerySet[Referral]:
    return live_referrals(cases).filter(has_rg=False, rg_due_on__lt=today)


def cg_waiting(cases) -> QuerySet[Referral]:
    return live_referrals(cases).filter(rg_positive=True, has_cg=False)


def with_cg_bucket(referrals, today: date):
    whens = []
    for label, low, high in CG_BUCKETS:
        condition = Q(rg_on__lte=today - timedelta(days=low))
        if high is not None:
            condition &= Q(rg_on__gte=today - timedelta(days=high))
        whens.append(When(condition, then=Value(label)))
    return referrals.annotate(bucket=When_(*whens, default=Value(""), output_field=CharField()))


def reconsideration_open(cases, today: date) -> QuerySet[Referral]:
    """A negative decision served in the last 30 days with no reconsideration requested yet."""
    open_window = Decision.objects.filter(
        referral=OuterRef("pk"),
        outcome=Outcome.NEGATIVE,
        reconsideration__isnull=True,
        served_on__gte=today - timedelta(days=RECONSIDERATION_DAYS),
    )
    closing = open_window.filter(
        served_on__lte=today - timedelta(days=RECONSIDERATION_DAYS - CLOSING_SOON_DAYS)
    )
    return live_referrals(cases).filter(Exists(open_window)).annotate(closing_soon=Exists(closing))


def support_at_risk_ids(cases, today: date) -> list[int]:
    """Cases whose support ends, or ended, before their 12 months are up. Only cases with a
    positive CG in the last 13 months can be in their 12 months, so only they are loaded."""
    recent_cg = Decision.objects.filter(
        referral__case=OuterRef("pk"),
        referral__is_current=True,
        kind=DecisionKind.CG,
        decided_on__gte=today - timedelta(days=400),
    )
    candidates = cases.filter(Exists(recent_cg)).prefetch_related(NRM_PREFETCH, "support_periods").only("pk")
    return [
        case.pk
        for case in candidates
        if (clock := support_clock(case, today)) is not None and clock.verdict == SupportVerdict.AT_RISK
    ]


def _by_assignee(queryset, key="case__assignee") -> dict:
    return {row[key]: row["n"] for row in queryset.values(key).annotate(n=Count("pk")).order_by()}


@dataclass
class Backlog:
    open_cases: int
    unassigned: int
    rg_overdue: int
    rg_oldest_due: date | None
    cg_waiting: int
    cg_buckets: list[tuple[str, int]]
    reconsideration_open: int
    reconsideration_closing: int
    support_at_risk: int
    caseworkers: list[dict] = field(default_factory=list)


def backlog(user, filters: Filters, today: date) -> Backlog:
    cases = team_cases(user, filters)
    overdue = rg_overdue(cases, today)
    oldest = overdue.aggregate(oldest=Min("rg_due_on"))["oldest"]
    waiting = with_cg_bucket(cg_waiting(cases), today)
    bucket_counts = {
        row["bucket"]: row["n"] for row in waiting.values("bucket").annotate(n=Count("pk")).order_by()
    }
    windows = reconsideration_open(cases, today)
    window_counts = windows.aggregate(total=Count("pk"), closing=Count("pk", filter=Q(closing_soon=True)))
    at_risk = support_at_risk_ids(cases, today)

    open_by = _by_assignee(cases, "assignee")
    overdue_by = _by_assignee(overdue)
    long_wait_by = _by_assignee(waiting.filter(rg_on__lte=today - timedelta(days=365)))
    windows_by = _by_assignee(windows)
    at_risk_by = _by_assignee(cases.filter(pk__in=at_risk), "assignee")
    staff = {
        m.user_id: m.user
        for m in Membership.objects.filter(team__in=managed_team_ids(user))
        .select_related("user")
        .order_by("user__username")
    }
    rows = []
    for user_id in [*staff, None]:  # everyone in the teams by username, then the unassigned
        person = staff.get(user_id)
        rows.append(
            {
                "id": user_id or UNASSIGNED,
                "name": person.display_name if person else "Unassigned",
                "open": open_by.get(user_id, 0),
                "rg_overdue": overdue_by.get(user_id, 0),
                "cg_over_a_year": long_wait_by.get(user_id, 0),
                "reconsideration": windows_by.get(user_id, 0),
                "support_at_risk": at_risk_by.get(user_id, 0),
            }
        )
    rows = [row for row in rows if any(row[k] for k in ("open", "rg_overdue", "reconsideration"))]
    return Backlog(
        open_cases=sum(open_by.values()),
        unassigned=open_by.get(None, 0),
        rg_overdue=sum(overdue_by.values()),
        rg_oldest_due=oldest,
        cg_waiting=sum(bucket_counts.values()),
        cg_buckets=[(label, bucket_counts.get(label, 0)) for label, _low, _high in CG_BUCKETS],
        reconsideration_open=window_counts["total"],
        reconsideration_closing=window_counts["closing"],
        support_at_risk=len(at_risk),
        caseworkers=rows,
    )


def figure_cases(user, filters: Filters, figure: str, today: date, bucket: str = "") -> QuerySet[Case]:
    """The cases behind one number of the backlog."""
    cases = team_cases(user, filters)
    if figure == "rg_overdue":
        ids = rg_overdue(cases, today).values("case_id")
    elif figure == "cg_waiting":
        waiting = with_cg_bucket(cg_waiting(cases), today)
        if bucket == OVER_A_YEAR:
            waiting = waiting.filter(rg_on__lte=today - timedelta(days=365))
        elif bucket:
            waiting = waiting.filter(bucket=bucket)
        ids = waiting.values("case_id")
    elif figure == "reconsideration":
        ids = reconsideration_open(cases, today).values("case_id")
    elif figure == "support_at_risk":
        ids = support_at_risk_ids(cases, today)
    elif figure == "unassigned":
        return cases.filter(assignee__isnull=True)
    elif figure == "open":
        return cases
    else:
        return cases.none()
    return cases.filter(pk__in=ids)
