"""Reads of tasks: a case's tasks, who may be given one, and a person's own open tasks."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from casework import hooks
from casework.access import access_snapshot
from casework.models import Case, Task, User
from casework.selectors.cases import visible_cases
from casework.vocabularies import TASK_CANCELLED_BY_CLOSURE, CaseStatus, TaskStatus


def case_tasks(case: Case) -> tuple[QuerySet[Task], QuerySet[Task]]:
    """The case's open tasks, soonest due first, and the finished ones, latest first."""
    tasks = case.tasks.select_related("assignee", "created_by")
    return (
        tasks.filter(status=TaskStatus.OPEN).order_by("due_on", "id"),
        tasks.exclude(status=TaskStatus.OPEN).order_by("-due_on", "-id"),
    )


def open_task_count(case: Case) -> int:
    """How many open tasks closing the case would cancel (the Close form says so first)."""
    return case.tasks.filter(status=TaskStatus.OPEN).count()


def tasks_cancelled_at_closure_count(case: Case) -> int:
    """Tasks that closing the case cancelled: reopening leaves them cancelled and says where they are."""
    # The reason is encrypted, so compared here rather than in SQL (a case holds few cancelled tasks).
    cancelled = case.tasks.filter(status=TaskStatus.CANCELLED).only("cancel_reason")
    return sum(task.cancel_reason == TASK_CANCELLED_BY_CLOSURE for task in cancelled)


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


def _holders_without_access(references: set[str]) -> set[tuple[str, int]]:
    """(case reference, person) for the open tasks on these cases held by someone the access rule
    no longer lets open the case. Three queries, only when there are such tasks to check."""
    if not references:
        return set()
    cases = {
        pk: (reference, team_id, assignee_id)
        for pk, reference, team_id, assignee_id in Case.objects.filter(reference__in=references).values_list(
            "pk", "reference", "team_id", "assignee_id"
        )
    }
    access = access_snapshot(team_ids={team_id for _r, team_id, _a in cases.values()}, case_ids=set(cases))
    held = Task.objects.filter(case_id__in=cases, status=TaskStatus.OPEN).values_list(
        "case_id", "assignee_id"
    )
    return {
        (cases[case_id][0], holder)
        for case_id, holder in set(held)
        if not access.may_open(
            holder, case_id=case_id, team_id=cases[case_id][1], assignee_id=cases[case_id][2]
        )
    }


def my_work_items(user, visible: QuerySet[Case], today: date) -> list[hooks.WorkItem]:
    """What "My work" lists as owed: the items on my cases that are not someone else's (a task
    given to a colleague is theirs), and the items for me on cases I may see that are not mine
    (a task I was given on a colleague's case). Not the managers' items (WorkItem.escalate).
    `visible` is visible_cases(user) (open cases), read once by the caller.
    A task given to someone who can no longer open my case (their cover ended, they stopped
    managing the team) is mine again, as in the reminders (casework.access.AccessSnapshot)."""
    visible = visible.filter(status=CaseStatus.OPEN)
    items = [item for item in hooks.work_items(visible.filter(assignee=user), today) if not item.escalate]
    lost = _holders_without_access(
        {item.reference for item in items if item.for_user_id not in (None, user.pk)}
    )
    mine = [
        item
        for item in items
        if item.for_user_id in (None, user.pk) or (item.reference, item.for_user_id) in lost
    ]
    due = Task.objects.filter(assignee=user, status=TaskStatus.OPEN, due_on__lte=today).values("case_id")
    others = list(visible.exclude(assignee=user).filter(pk__in=due).values_list("pk", flat=True))
    given = []
    if others:  # one query when I have no task due on a colleague's case
        items = hooks.work_items(Case.objects.filter(pk__in=others), today)
        given = [item for item in items if item.for_user_id == user.pk]
    return sorted(mine + given, key=lambda item: (not item.overdue, item.due_on, item.reference))
