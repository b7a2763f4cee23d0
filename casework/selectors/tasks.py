"""Reads of tasks: a case's tasks, who may be given one, and a person's own open tasks."""

from django.db.models import QuerySet
from django.utils import timezone

from casework.models import Case, Task, User
from casework.selectors.cases import visible_cases
from casework.vocabularies import TaskStatus


def case_tasks(case: Case) -> tuple[QuerySet[Task], QuerySet[Task]]:
    """The case's open tasks, soonest due first, and the finished ones, latest first."""
    tasks = case.tasks.select_related("assignee", "created_by")
    return (
        tasks.filter(status=TaskStatus.OPEN).order_by("due_on", "id"),
        tasks.exclude(status=TaskStatus.OPEN).order_by("-due_on", "-id"),
    )


def assignee_choices(case: Case, task: Task | None = None) -> QuerySet[User]:
    """Anyone who may see the case: its team's confirmed staff and whoever covers it today (and,
    when correcting a task, whoever it is already given to)."""
    people = case.team.confirmed_staff() | User.objects.filter(
        pk__in=case.shares.filter(expires_on__gte=timezone.localdate()).values("user_id"), is_active=True
    )
    if task is not None:
        people = people | User.objects.filter(pk=task.assignee_id)
    return people.distinct().order_by("first_name", "last_name", "username")


def my_open_tasks(user) -> QuerySet[Task]:
    """Open tasks given to this person, on cases they may still see, soonest due first."""
    return (
        Task.objects.filter(assignee=user, status=TaskStatus.OPEN, case__in=visible_cases(user))
        .select_related("case")
        .order_by("due_on", "id")
    )
