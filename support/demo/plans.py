"""Demo support plans at every stage (invented words, no real person): agreed and current,
not yet agreed, agreed but changed since (the survivor has not seen the current version) with
actions past their due date, and a plan whose review is overdue. Built with bulk_create, on
open cases in support, the demo caseworkers' own cases first."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from casework.models import Case, Task
from casework.vocabularies import CaseStatus, TaskStatus
from support.models import Goal, Need, PlanAgreement, PlanReview, SupportPeriod, SupportPlan
from support.vocabularies import GoalStatus, NeedDomain, NeedPriority, NeedStatus

STAGES = ("agreed", "not_agreed", "changed_since", "review_overdue")
PER_STAGE = 3

# (domain, priority, status, the survivor's words, notes,
#  [(goal, goal status, [(action, due in days from today, done)])])
NEEDS = [
    (
        NeedDomain.HOUSING,
        NeedPriority.HIGH,
        NeedStatus.IN_PROGRESS,
        "I want a place where I can close the door and feel safe. Somewhere that is mine.",
        "Currently in safe house accommodation. Move-on to be planned with the local housing team.",
        [
            (
                "To move into a flat of my own near my college.",
                GoalStatus.IN_PROGRESS,
                [
                    ("Make a homelessness application with the council", -12, False),
                    ("Visit the flat", 9, False),
                ],
            )
        ],
    ),
    (
        NeedDomain.MEDICAL,
        NeedPriority.HIGH,
        NeedStatus.OPEN,
        "I cannot sleep and my back still hurts from the work.",
        "Not registered with a GP yet. Interpreter needed for appointments.",
        [
            (
                "To see a doctor who speaks with me through an interpreter.",
                GoalStatus.OPEN,
                [("Register with a GP", 5, False)],
            )
        ],
    ),
    (
        NeedDomain.LEGAL_IMMIGRATION,
        NeedPriority.MEDIUM,
        NeedStatus.OPEN,
        "I need to know if I can stay.",
        "Legal aid solicitor to be found for an immigration appointment.",
        [
            (
                "To have my own solicitor.",
                GoalStatus.OPEN,
                [("Refer to a legal aid immigration solicitor", -3, False)],
            )
        ],
    ),
    (
        NeedDomain.EDUCATION,
        NeedPriority.LOW,
        NeedStatus.MET,
        "I want to learn English properly.",
        "Enrolled on an ESOL course, two mornings a week.",
        [("To start an English course.", GoalStatus.ACHIEVED, [("Enrol at the college", -40, True)])],
    ),
]


# A plan started this many days ago (on cases open at least as long).
STARTED_DAYS_AGO = 70


def _cases(today):
    """Open cases in support, the demo caseworkers' (Alex's, Casey's) first."""
    in_support = SupportPeriod.objects.values("case_id")
    cases = Case.objects.filter(
        status=CaseStatus.OPEN,
        erased_at__isnull=True,
        pk__in=in_support,
        opened_on__lte=today - timedelta(days=STARTED_DAYS_AGO),
    )
    own = list(cases.filter(assignee__username__in=["alex", "casey"]).order_by("pk")[: len(STAGES)])
    others = list(
        cases.exclude(pk__in=[c.pk for c in own]).order_by("pk")[: len(STAGES) * PER_STAGE - len(own)]
    )
    return own + others


def seed_plans(*, stdout=None) -> int:
    """Idempotent: nothing if any plan exists. Returns how many plans were made."""
    if SupportPlan.objects.exists():
        return 0
    today = timezone.localdate()
    cases = [case for case in _cases(today) if case.assignee_id]
    if not cases:
        return 0
    zone = timezone.get_current_timezone()
    with transaction.atomic():
        plans = SupportPlan.objects.bulk_create(
            [SupportPlan(case=case, created_by=case.assignee) for case in cases]
        )
        needs, goals, tasks, reviews, agreements, plan_rows = [], [], [], [], [], []
        for i, (case, plan) in enumerate(zip(cases, plans, strict=True)):
            stage = STAGES[i % len(STAGES)]
            started = today - timedelta(days=STARTED_DAYS_AGO)
            count = 2 if stage == "not_agreed" else len(NEEDS)
            number = 0
            for domain, priority, status, words, notes, need_goals in NEEDS[:count]:
                need = Need(
                    plan=plan,
                    domain=domain,
                    priority=priority,
                    status=status,
                    met_on=today - timedelta(days=30) if status == NeedStatus.MET else None,
                    survivor_words=words,
                    notes=notes,
                    added_by=case.assignee,
                )
                needs.append(need)
                for text, goal_status, actions in need_goals:
                    number += 1
                    goal = Goal(
                        plan=plan,
                        need=need,
                        number=number,
                        text=text,
                        status=goal_status,
                        added_by=case.assignee,
                    )
                    goals.append((goal, actions, case, stage))
            edition = 1 + len(NEEDS[:count]) - 1 + number + sum(len(a) for _g, a, c, _s in goals if c is case)
            if stage == "agreed":
                agreements.append(
                    PlanAgreement(
                        plan=plan,
                        edition=edition,
                        agreed_on=started + timedelta(days=7),
                        recorded_by=case.assignee,
                    )
                )
                next_review = today + timedelta(days=45)
            elif stage == "changed_since":
                agreements.append(
                    PlanAgreement(
                        plan=plan,
                        edition=edition - 2,
                        agreed_on=started + timedelta(days=7),
                        recorded_by=case.assignee,
                    )
                )
                next_review = today + timedelta(days=20)
            elif stage == "review_overdue":
                agreements.append(
                    PlanAgreement(
                        plan=plan,
                        edition=edition,
                        agreed_on=started + timedelta(days=7),
                        recorded_by=case.assignee,
                    )
                )
                reviews.append(
                    PlanReview(
                        plan=plan,
                        reviewed_on=started + timedelta(days=35),
                        changes="Went through the plan together. English course started; "
                        "housing application made.",
                        next_review_on=today - timedelta(days=6),
                        recorded_by=case.assignee,
                    )
                )
                next_review = today - timedelta(days=6)
            else:
                next_review = None
            plan_rows.append((plan, edition, next_review, started))
        Need.objects.bulk_create(needs)
        for goal, *_rest in goals:
            goal.need_id = goal.need.pk
        Goal.objects.bulk_create([goal for goal, *_rest in goals])
        for goal, actions, case, stage in goals:
            for title, due_in, done in actions:
                # An agreed plan kept up to date has nothing past due; the others have.
                late = due_in < 0 and not done
                due = today + timedelta(days=(7 - due_in) if late and stage == "agreed" else due_in)
                tasks.append(
                    Task(
                        case=case,
                        title=title,
                        due_on=due,
                        assignee=case.assignee,
                        status=TaskStatus.DONE if done else TaskStatus.OPEN,
                        done_on=due if done else None,
                        about_kind="plan_goal",
                        about_id=goal.pk,
                        created_by=case.assignee,
                    )
                )
        Task.objects.bulk_create(tasks)
        PlanReview.objects.bulk_create(reviews)
        PlanAgreement.objects.bulk_create(agreements)
        for plan, edition, next_review, started in plan_rows:
            moment = datetime.combine(started, time(10, 0), zone)
            SupportPlan.objects.filter(pk=plan.pk).update(
                edition=edition, next_review_on=next_review, created_at=moment
            )
            Need.objects.filter(plan=plan).update(added_at=moment)
            Goal.objects.filter(plan=plan).update(added_at=moment)
    if stdout is not None:
        stdout.write(f"Support plans for {len(cases)} cases\n")
    return len(cases)
