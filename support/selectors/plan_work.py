"""The support plan as work items, for "My work", the morning email and the case's Overview:
a plan review due today or overdue. Named by the case reference and dates, never by what the
plan says. One query.

The plan's actions are casework tasks, so they are already work items of their own (due today
or overdue, for their owner). A case with no plan some weeks after it opened is deliberately not
an item: many open cases never get a support plan here (a screening that ends in no referral, a
Duty to Notify report, support given by another organisation), and every case open before the
plan page existed would become overdue the day it arrived (docs/domain.md, Needs and support plan)."""

from datetime import date

from casework.hooks import WorkItem
from casework.ui.dates import long_date
from support.models import SupportPlan

GROUP = "Support plan reviews due"


def plan_work_items(cases, today: date) -> list[WorkItem]:
    rows = SupportPlan.objects.filter(case__in=cases, next_review_on__lte=today).values_list(
        "case__reference", "next_review_on"
    )
    return [
        WorkItem(
            due_on=due_on,
            reference=reference,
            kind="plan_review_due",
            text=(
                f"Support plan review overdue since {long_date(due_on)}"
                if due_on < today
                else "Support plan review due today"
            ),
            overdue=due_on < today,
            group=GROUP,
        )
        for reference, due_on in rows
    ]
