"""Tasks as work items, for "My work" and the morning email: an open task due today or
overdue, named by the case reference and the kind "task", never by its title. One query.
Each item is for the task's own assignee (WorkItem.for_user_id), who may not be the case's."""

from datetime import date

from casework.hooks import WorkItem
from casework.models import Task
from casework.ui.dates import long_date
from casework.vocabularies import TaskStatus

GROUP = "Tasks"


def task_work_items(cases, today: date) -> list[WorkItem]:
    rows = (
        Task.objects.filter(case__in=cases, status=TaskStatus.OPEN, due_on__lte=today)
        .values_list(
            "case__reference",
            "due_on",
            "assignee_id",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__username",
        )
        .order_by("due_on")
    )
    return [
        WorkItem(
            due_on=due_on,
            reference=reference,
            kind="task",
            # Whose task it is (a member of staff), never what it says.
            text=(f"Task overdue since {long_date(due_on)}" if due_on < today else "Task due today")
            + f" ({f'{first} {last}'.strip() or username})",
            overdue=due_on < today,
            group=GROUP,
            for_user_id=assignee_id,
        )
        for reference, due_on, assignee_id, first, last, username in rows
    ]
