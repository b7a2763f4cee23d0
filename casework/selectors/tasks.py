"""Reads of tasks: a case's tasks, who may be given one, and a person's own open tasks."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from casework import hooks
from casework.models import Case, Task, User
from casework.selectors.cases import visible_cases
from casework.vocabularies import CaseStatus, TaskStatus


def case_tasks(case: Case) -> tuple[QuerySet[Task], QuerySet[Task]]:
    """The case's open tasks, soonest due first, and the finished ones, latest first."""
    tasks = case.tasks.select_related("assignee", "created_by")
    return (
        tasks.filter(status=TaskStatus.OPEN).order_by("due_on", "id"),
        tasks.exclude(status=TaskStatus.OPEN).order_by("-due_on", "-id"),
    )


def assignee_choices(case: Case, task: Task | None = None) -> QuerySet[User]:
    """Who may be given a task on this case: the people the access rule lets open it (its
    assignee, its team's managers, a colleague covering it today), and, when correcting a task,
    whoever it is already given to. Checked person by person with `visible_to` itself, so a task
    is never given to someone who could not open the case (a team is a handful of people)."""
    candidates = case.team.confirmed_staff() | User.objects.filter(
        pk__in=case.shares.filter(expires_on__gte=timezone.localdate()).values("user_id"), is_active=True
    )
    allowed = [
        person.pk
        for person in candidates.distinct()
        if Case.objects.visible_to(person).filter(pk=case.pk).exists()
    ]
    if task is not None:
        allowed.append(task.assignee_id)
    return User.objects.filter(pk__in=allowed).order_by("first_name", "last_name", "username")


def my_open_tasks(user, visible: QuerySet[Case] | None = None) -> QuerySet[Task]:
    """Open tasks given to this person, on open cases they may still see, soonest due first;
    with what "My work" shows of each and no more (the title is decrypted, the details not).
    `visible`: visible_cases(user) when the caller already has it (the access rule read once)."""
    cases = (visible_cases(user) if visible is None else visible).filter(status=CaseStatus.OPEN)
    return (
        Task.objects.filter(assignee=user, status=TaskStatus.OPEN, case__in=cases)
        .select_related("case")
        .only("due_on", "title", "status", "case__reference")
        .order_by("due_on", "id")
    )


def my_work_items(user, visible: QuerySet[Case], today: date) -> list[hooks.WorkItem]:
    """What "My work" lists as owed: the items on my cases that are not someone else's (a task
    given to a colleague is theirs), and the items for me on cases I may see that are not mine
    (a task I was given on a colleague's case). Not the managers' items (WorkItem.escalate).
    `visible` is visible_cases(user) (open cases), read once by the caller."""
    visible = visible.filter(status=CaseStatus.OPEN)
    mine = [
        item
        for item in hooks.work_items(visible.filter(assignee=user), today)
        if not item.escalate and item.for_user_id in (None, user.pk)
    ]
    due = Task.objects.filter(assignee=user, status=TaskStatus.OPEN, due_on__lte=today).values("case_id")
    others = list(visible.exclude(assignee=user).filter(pk__in=due).values_list("pk", flat=True))
    given = []
    if others:  # one query when I have no task due on a colleague's case
        items = hooks.work_items(Case.objects.filter(pk__in=others), today)
        given = [item for item in items if item.for_user_id == user.pk]
    return sorted(mine + given, key=lambda item: (not item.overdue, item.due_on, item.reference))
