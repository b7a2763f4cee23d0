"""The managers' decision backlog: what is stuck in their teams and who is carrying it.

The figures come from a fixed number of queries whatever the number of cases: one reads a row
of dates and outcomes per open case with a live referral in the manager's teams (the database
filters and joins; Referral.is_current and Referral.rg_due_on make that cheap), and the
counting is done on those rows. Support ending before the 12 months needs the coverage
arithmetic, so the clock runs only over the cases whose 12 months can be running."""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet

from casework import clocks
from casework.access import access_snapshot
from casework.models import Case, CaseExploitation, Membership, Task, Team
from casework.selectors.contact_work import last_reached, out_of_contact
from casework.vocabularies import TaskStatus
from oversight.backlog_rows import (
    CG_BUCKETS,
    cg_bucket,
    hearing_rows,
    is_rg_overdue,
    is_waiting_for_cg,
    live_referral_rows,
    reconsideration_window,
    support_at_risk_ids,
)
from support.models import Referral
from support.selectors.needs_assessments import attention_rows, with_rna_facts
from support.selectors.risk import count_by_assignee, high_risk, risk_review_overdue, with_current_risk

UNASSIGNED = "unassigned"
OVER_A_YEAR = "over a year"  # the caseworker table's "CG wait over a year" column

FIGURES = {
    "rg_overdue": "RG decisions overdue",
    "cg_waiting": "Waiting for a CG decision",
    "reconsideration": "Reconsideration windows open",
    "support_at_risk": "Support ending before 12 months",
    "hearings": "Hearings in the next 14 days",
    "unassigned": "Unassigned cases",
    "open": "Open cases",
    "overdue_tasks": "Cases with overdue tasks",
    "no_contact": "Not contacted for the team's contact gap",
    "risk_overdue": "Risk assessments or reviews overdue",
    "high_risk": "High risk",
    "rna_attention": "RNAs overdue or awaiting a decision",
}


# The figures whose lists show their own fact instead of the NRM's next item (with_figure_facts).
FACT_HEADINGS = {
    "overdue_tasks": "Overdue tasks",
    "no_contact": "Last reached",
    "risk_overdue": "Risk review",
    "high_risk": "Risk review",
    "rna_attention": "RNA",
}


@dataclass(frozen=True)
class Filters:
    team: int | None = None
    caseworker: str = ""  # a user id, or "unassigned"
    nation: str = ""
    age_group: str = ""
    exploitation: str = ""


def team_cases(user, filters: Filters) -> QuerySet[Case]:
    """The open cases of the teams the user manages, narrowed by the filters."""
    cases = Case.objects.visible_to(user).open().filter(team__in=Team.objects.managed_by(user))
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
            current = current.filter(age_at_exploitation=filters.age_group)
        cases = cases.filter(Exists(current))
    if filters.exploitation:
        cases = cases.filter(
            Exists(CaseExploitation.objects.filter(case=OuterRef("pk"), kind=filters.exploitation))
        )
    return cases


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
    hearings: int = 0
    overdue_tasks: int = 0  # open cases with a task past its due date (each case once)
    # Of those, per person, cases where someone no longer in the managers' teams holds a task.
    former_overdue_tasks: int = 0
    no_contact: int = 0  # open cases not reached for their team's gap (Team.contact_gap_days)
    no_contact_words: str = FIGURES["no_contact"]
    risk_overdue: int = 0  # open cases whose current risk assessment's review date has passed
    high_risk: int = 0  # open cases whose current risk assessment is high
    rna_attention: int = 0  # open cases with an RNA overdue or its decision awaited too long
    caseworkers: list[dict] = field(default_factory=list)
    closing_soon_days: int = clocks.CLOSING_SOON_DAYS  # "closing within N days", as on the case page


def backlog(user, filters: Filters, today: date) -> Backlog:
    cases = team_cases(user, filters)
    rows = live_referral_rows(cases)
    overdue = [row for row in rows if is_rg_overdue(row, today)]
    waiting = [row for row in rows if is_waiting_for_cg(row)]
    buckets = Counter(cg_bucket(row, today) for row in waiting)
    windows = {row["case_id"]: state for row in rows if (state := reconsideration_window(row, today))}
    at_risk = support_at_risk_ids(rows, today)
    hearings = hearing_rows(cases, today)
    assignee_of = {row["case_id"]: row["assignee_id"] for row in rows}

    open_by = {
        row["assignee"]: row["n"] for row in cases.values("assignee").annotate(n=Count("pk")).order_by()
    }
    overdue_by = Counter(row["assignee_id"] for row in overdue)
    long_wait_by = Counter(row["assignee_id"] for row in waiting if (today - row["rg_on"]).days >= 365)
    windows_by = Counter(assignee_of[case_id] for case_id in windows)
    at_risk_by = Counter(assignee_of[case_id] for case_id in at_risk)
    hearings_by = Counter(row["proceeding__case__assignee_id"] for row in hearings)
    held = overdue_task_holders(user, filters, today)
    # Cases, not tasks: the list behind each number lists cases (3 tasks on 1 case count 1).
    tasks_by = Counter(holder for _case_id, holder in {(row.case_id, row.holder_id) for row in held})
    quiet_by = {
        row["assignee"]: row["n"]
        for row in out_of_contact(cases, today).values("assignee").annotate(n=Count("pk")).order_by()
    }
    risk_overdue_by = count_by_assignee(risk_review_overdue(cases, today))
    high_risk_by = count_by_assignee(high_risk(cases))
    rna_by = Counter(
        row["assignee_id"] for row in {r["case_id"]: r for r in attention_rows(cases, today)}.values()
    )
    staff = {
        m.user_id: m.user
        for m in Membership.objects.confirmed()
        .filter(team__in=Team.objects.managed_by(user))
        .select_related("user")
        .order_by("user__username")
    }
    rows_out = []
    # Tasks held by someone no longer in the teams (the case's assignee, left behind outside the
    # services): counted on a row of their own, so no overdue task goes uncounted.
    former = sum(count for holder, count in tasks_by.items() if holder is not None and holder not in staff)
    for user_id in [*staff, None]:  # everyone in the teams by username, then the unassigned
        person = staff.get(user_id)
        row = {
            "id": user_id or UNASSIGNED,
            "name": person.display_name if person else "Unassigned",
            "open": open_by.get(user_id, 0),
            "rg_overdue": overdue_by.get(user_id, 0),
            "cg_over_a_year": long_wait_by.get(user_id, 0),
            "reconsideration": windows_by.get(user_id, 0),
            "support_at_risk": at_risk_by.get(user_id, 0),
            "hearings": hearings_by.get(user_id, 0),
            "overdue_tasks": tasks_by.get(user_id, 0),
            "no_contact": quiet_by.get(user_id, 0),
            "risk_overdue": risk_overdue_by.get(user_id, 0),
            "high_risk": high_risk_by.get(user_id, 0),
            "rna_attention": rna_by.get(user_id, 0),
        }
        # A manager given tasks on cases assigned to others is listed for those tasks.
        if row["open"] or row["overdue_tasks"]:
            rows_out.append(row)
    return Backlog(
        open_cases=sum(open_by.values()),
        unassigned=open_by.get(None, 0),
        rg_overdue=len(overdue),
        rg_oldest_due=min((row["rg_due_on"] for row in overdue), default=None),
        cg_waiting=len(waiting),
        cg_buckets=[(label, buckets.get(label, 0)) for label, _low, _high in CG_BUCKETS],
        reconsideration_open=len(windows),
        reconsideration_closing=sum(1 for state in windows.values() if state == "closing"),
        support_at_risk=len(at_risk),
        hearings=len(hearings),
        overdue_tasks=len({row.case_id for row in held}),
        former_overdue_tasks=former,
        no_contact=sum(quiet_by.values()),
        no_contact_words=no_contact_words(user),
        risk_overdue=sum(risk_overdue_by.values()),
        high_risk=sum(high_risk_by.values()),
        rna_attention=sum(rna_by.values()),
        caseworkers=rows_out,
    )


@dataclass(frozen=True)
class HeldTask:
    case_id: int
    holder_id: int | None  # whose it is to do (see overdue_task_holders)
    due_on: date


def overdue_task_holders(user, filters: Filters, today: date) -> list[HeldTask]:
    """Open tasks past their due date on the open cases of the manager's teams, each with whose
    it is to do: its assignee while they may still open the case (the access rule, read once:
    casework.access.AccessSnapshot), else the case's assignee (their cover ended, the case was
    reassigned, they stopped managing the team), as the morning email does. The caseworker filter
    picks that person here, not the case's assignee. Three queries."""
    cases = team_cases(user, replace(filters, caseworker=""))
    rows = list(
        Task.objects.filter(case__in=cases, status=TaskStatus.OPEN, due_on__lt=today).values_list(
            "case_id", "assignee_id", "due_on", "case__team_id", "case__assignee_id"
        )
    )
    if not rows:
        return []
    access = access_snapshot(team_ids={row[3] for row in rows}, case_ids={row[0] for row in rows})
    held = [
        HeldTask(
            case_id,
            holder
            if access.may_open(holder, case_id=case_id, team_id=team_id, assignee_id=case_assignee)
            else case_assignee,
            due_on,
        )
        for case_id, holder, due_on, team_id, case_assignee in rows
    ]
    if filters.caseworker == UNASSIGNED:
        return [row for row in held if row.holder_id is None]
    if filters.caseworker:
        return [row for row in held if str(row.holder_id) == filters.caseworker]
    return held


def with_figure_facts(cases: QuerySet[Case], figure: str, today: date) -> QuerySet[Case]:
    """The fact behind the figure, per listed case, in the same query: for overdue tasks, how
    many and the oldest due date; for not contacted, when the survivor was last reached."""
    if figure == "overdue_tasks":
        overdue = Q(tasks__status=TaskStatus.OPEN, tasks__due_on__lt=today)
        return cases.annotate(
            overdue_task_count=Count("tasks", filter=overdue),
            oldest_task_due=Min("tasks__due_on", filter=overdue),
        )
    if figure == "no_contact":
        return cases.annotate(last_reached_at=last_reached())
    if figure in ("risk_overdue", "high_risk"):
        return with_current_risk(cases)
    if figure == "rna_attention":
        return with_rna_facts(cases)
    return cases


def no_contact_words(user) -> str:
    """ "Not contacted for 14 days" when the manager's teams share one gap (the usual case)."""
    gaps = set(Team.objects.managed_by(user).values_list("contact_gap_days", flat=True))
    return f"Not contacted for {gaps.pop()} days" if len(gaps) == 1 else FIGURES["no_contact"]


def figure_cases(user, filters: Filters, figure: str, today: date, bucket: str = "") -> QuerySet[Case]:
    """The cases behind one number of the backlog."""
    if figure == "overdue_tasks":
        ids = {row.case_id for row in overdue_task_holders(user, filters, today)}
        return team_cases(user, replace(filters, caseworker="")).filter(pk__in=ids)
    cases = team_cases(user, filters)
    if figure == "no_contact":
        return out_of_contact(cases, today)
    if figure == "unassigned":
        return cases.filter(assignee__isnull=True)
    if figure == "open":
        return cases
    if figure == "risk_overdue":
        return risk_review_overdue(cases, today)
    if figure == "high_risk":
        return high_risk(cases)
    if figure == "hearings":
        return cases.filter(pk__in={row["proceeding__case_id"] for row in hearing_rows(cases, today)})
    if figure == "rna_attention":
        return cases.filter(pk__in={row["case_id"] for row in attention_rows(cases, today)})
    rows = live_referral_rows(cases)
    if figure == "rg_overdue":
        ids = {row["case_id"] for row in rows if is_rg_overdue(row, today)}
    elif figure == "cg_waiting":
        waiting = [row for row in rows if is_waiting_for_cg(row)]
        if bucket == OVER_A_YEAR:
            waiting = [row for row in waiting if (today - row["rg_on"]).days >= 365]
        elif bucket:
            waiting = [row for row in waiting if cg_bucket(row, today) == bucket]
        ids = {row["case_id"] for row in waiting}
    elif figure == "reconsideration":
        ids = {row["case_id"] for row in rows if reconsideration_window(row, today)}
    elif figure == "support_at_risk":
        ids = support_at_risk_ids(rows, today)
    else:
        return cases.none()
    return cases.filter(pk__in=ids)
