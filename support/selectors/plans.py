"""Reads of the support plan: the plan page (a fixed number of queries whatever the plan
holds), whether the survivor has seen the current version, the export, and the timeline."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from casework.hooks import TimelineEvent, TimelineQuery
from casework.models import Task
from casework.ui.dates import long_date
from casework.vocabularies import TaskStatus
from support.models import Goal, Need, PlanAgreement, PlanReview, SupportPlan
from support.rules import plans as rules
from support.vocabularies import CORE_OUTCOME_DOMAINS, NeedStatus

PLAN = "plan"  # the timeline's kind

# The order, on one day, of the plan's events that have no time (hooks.TimelineEvent.rank).
RANK_NEED_MET, RANK_REVIEW, RANK_AGREED = 86, 87, 88


def case_plan(case) -> SupportPlan | None:
    return SupportPlan.objects.filter(case=case).first()


def latest_agreement(plan: SupportPlan) -> PlanAgreement | None:
    return plan.agreements.select_related("recorded_by").order_by("-agreed_on", "-id").first()


def plan_agreed_current(case) -> bool:
    """Has the survivor seen and agreed the plan as it is now? False with no plan, never agreed,
    or changed since they agreed it (a plan sent to the Home Office must have been seen by the
    survivor first: the Recovery Needs Assessment can ask this). Two queries at most."""
    plan = case_plan(case)
    if plan is None:
        return False
    return rules.agreement(plan.edition, latest_agreement(plan)).current


def plan_overview(case) -> dict:
    """The Overview's row: whether there is a plan, whether the survivor agreed its current
    version, and when its review is. One query (the latest agreement as a subquery)."""
    latest = PlanAgreement.objects.filter(plan=OuterRef("pk")).order_by("-agreed_on", "-id")
    plan = (
        SupportPlan.objects.filter(case=case)
        .annotate(
            agreed_edition=Subquery(latest.values("edition")[:1]),
            agreed_on=Subquery(latest.values("agreed_on")[:1]),
        )
        .first()
    )
    if plan is None:
        return {"plan": None}
    today = timezone.localdate()
    return {
        "plan": plan,
        "agreement": rules.Agreement(plan.edition, plan.agreed_edition, plan.agreed_on),
        "review_due": rules.review_due(plan.next_review_on, today),
        "review_overdue": rules.review_overdue(plan.next_review_on, today),
    }


def plan_page(case) -> dict:
    """Everything the plan page shows: needs in order (each with its goals, each goal with its
    actions), the reviews, and where the survivor's agreement stands. Six queries whatever the
    plan holds (one with no plan)."""
    plan = case_plan(case)
    if plan is None:
        return {"plan": None}
    today = timezone.localdate()
    needs = sorted(Need.objects.filter(plan=plan), key=rules.need_sort_key)
    goals = list(Goal.objects.filter(plan=plan).order_by("number"))
    actions = (
        Task.objects.filter(case=case, about_kind="plan_goal", about_id__in=[g.pk for g in goals])
        .select_related("assignee")
        .defer("details", "cancel_reason")
        .order_by("due_on", "id")
        if goals
        else []
    )
    by_goal: dict[int, list] = {}
    for task in actions:
        task.overdue = task.status == TaskStatus.OPEN and task.due_on < today
        by_goal.setdefault(task.about_id, []).append(task)
    by_need: dict[int, list] = {}
    for goal in goals:
        goal.actions = by_goal.get(goal.pk, [])
        goal.tag = rules.GOAL_TAGS.get(goal.status, "")
        by_need.setdefault(goal.need_id, []).append(goal)
    for need in needs:
        need.plan_goals = by_need.get(need.pk, [])
        need.status_tag = rules.NEED_TAGS.get(need.status, "")
        need.priority_tag = rules.PRIORITY_TAGS.get(need.priority, "")
        need.core_outcome = need.domain in CORE_OUTCOME_DOMAINS
    latest = latest_agreement(plan)
    reviews = list(plan.reviews.select_related("recorded_by").order_by("-reviewed_on", "-id"))
    return {
        "plan": plan,
        "needs": needs,
        "open_needs": sum(need.status not in rules.CLOSED_NEEDS for need in needs),
        "goals": goals,
        "reviews": reviews,
        "agreement": rules.agreement(plan.edition, latest),
        "agreed_by": latest.recorded_by if latest else None,
        "review_due": rules.review_due(plan.next_review_on, today),
        "review_overdue": rules.review_overdue(plan.next_review_on, today),
        "today": today,
    }


def plan_export_section(case) -> dict | list:
    """The plan for the subject access export: every need in the survivor's own words, the
    notes, goals, reviews and agreements (the actions are among the case's tasks)."""
    plan = case_plan(case)
    if plan is None:
        return []
    goals: dict[int, list] = {}
    for goal in Goal.objects.filter(plan=plan).order_by("number"):
        goals.setdefault(goal.need_id, []).append(
            {"goal": goal.number, "text": goal.text, "status": goal.get_status_display()}
        )
    return {
        "version": plan.edition,
        "next_review_on": plan.next_review_on,
        "needs": [
            {
                "domain": need.get_domain_display(),
                "survivor_words": need.survivor_words,
                "notes": need.notes,
                "priority": need.get_priority_display(),
                "status": need.get_status_display(),
                "met_on": need.met_on,
                "goals": goals.get(need.pk, []),
            }
            for need in Need.objects.filter(plan=plan).order_by("added_at", "id")
        ],
        "reviews": [
            {"reviewed_on": r.reviewed_on, "what_changed": r.changes, "next_review_on": r.next_review_on}
            for r in plan.reviews.order_by("reviewed_on", "id")
        ],
        "agreed_with_the_survivor": [
            {"version": a.edition, "agreed_on": a.agreed_on}
            for a in plan.agreements.order_by("agreed_on", "id")
        ],
    }


def plan_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """Needs added and met, reviews and agreements: three queries, no encrypted column read."""
    events = []
    needs = Need.objects.filter(plan__case=case).only("pk", "domain", "status", "met_on", "added_at")
    for need in needs:
        domain = need.get_domain_display()
        events.append(
            TimelineEvent.happened(
                need.added_at,
                kind=PLAN,
                title="Need added to the support plan",
                details=(domain,),
                key=need.pk,
            )
        )
        if need.status == NeedStatus.MET and need.met_on is not None:
            events.append(
                TimelineEvent(
                    on=need.met_on,
                    kind=PLAN,
                    title="Need met",
                    details=(domain,),
                    tags=(("Met", "green"),),
                    rank=RANK_NEED_MET,
                    key=need.pk,
                )
            )
    reviews = PlanReview.objects.filter(plan__case=case).select_related("recorded_by")
    for review in reviews.defer("changes"):
        events.append(
            TimelineEvent(
                on=review.reviewed_on,
                kind=PLAN,
                title="Support plan reviewed",
                by=review.recorded_by.display_name,
                details=(f"Next review {long_date(review.next_review_on)}",),
                rank=RANK_REVIEW,
                key=review.pk,
            )
        )
    agreements = PlanAgreement.objects.filter(plan__case=case).select_related("recorded_by")
    for agreement in agreements:
        events.append(
            TimelineEvent(
                on=agreement.agreed_on,
                kind=PLAN,
                title="The survivor agreed the support plan",
                by=agreement.recorded_by.display_name,
                details=(f"Version {agreement.edition}",),
                rank=RANK_AGREED,
                key=agreement.pk,
            )
        )
    return events
