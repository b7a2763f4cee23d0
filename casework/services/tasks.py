"""Tasks on a case: adding one, marking it done, cancelling it with a reason, correcting it.
The audit names the record, never its title or details."""

from collections import defaultdict
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from casework import audit
from casework.access import access_snapshot
from casework.dates import YEARS_AHEAD, furthest_ahead
from casework.models import Case, Task, User
from casework.selectors.task_subjects import records, task_subject_names
from casework.selectors.tasks import assignee_choices
from casework.services import versioning
from casework.services.record_kinds import KINDS, TaskEvent
from casework.vocabularies import TASK_CANCELLED_BY_CLOSURE, AuditAction, TaskStatus

DUE_IN_PAST = "The due date must be today or later."
DUE_TOO_FAR = f"The due date must be within {YEARS_AHEAD} years"
NOT_ON_CASE = "Choose someone who may see this case."
REASON_NEEDED = "Enter why the task is cancelled"
NOT_OPEN = "This task is already done or cancelled. Nothing was changed."
CASE_CLOSED = "The case is closed. Reopen it to add a task."
CASE_CLOSED_REOPEN = "The case is closed. Reopen the case first."
ABOUT_NOT_ON_CASE = "Choose a record of this case, or nothing in particular"
# task_change(about=...) not given: what the task is about stays (None is not a choice).
UNCHANGED = object()


def task_subject(case: Case, value: str) -> tuple[str, int | None]:
    """A posted "kind:id" as (kind, id), checked to be a record of this case; ("", None) for
    nothing in particular."""
    if not value:
        return "", None
    key, _, pk = value.partition(":")
    kind = KINDS.get(key)
    if kind is None or not kind.task_subject_case or not pk.isdecimal():
        raise ValidationError({"about": ABOUT_NOT_ON_CASE})
    if not records(kind).filter(pk=int(pk), **{kind.task_subject_case: case}).exists():
        raise ValidationError({"about": ABOUT_NOT_ON_CASE})
    return key, int(pk)


def _tell_subjects(subjects, event: TaskEvent) -> None:
    """Tell the kinds of record tasks are about (`subjects`: (about_kind, about_id) pairs) that
    the tasks changed (RecordKind.on_task_change), once per kind, inside the caller's
    transaction: a task about nothing in particular tells no one."""
    ids: dict[str, set[int]] = defaultdict(set)
    for about_kind, about_id in subjects:
        if about_kind and about_id is not None:
            ids[about_kind].add(about_id)
    for key, about_ids in ids.items():
        kind = KINDS.get(key)
        if kind is not None and kind.on_task_change is not None:
            kind.on_task_change(about_ids, event)


def _check(case: Case, *, assignee, due_on: date, task: Task | None = None) -> None:
    if due_on < timezone.localdate() and (task is None or due_on != task.due_on):
        raise ValidationError({"due_on": DUE_IN_PAST})
    if due_on > furthest_ahead():
        raise ValidationError({"due_on": DUE_TOO_FAR})
    if not assignee_choices(case, task).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": NOT_ON_CASE})


@transaction.atomic
def task_record(
    *,
    actor,
    case: Case,
    title: str,
    due_on: date,
    assignee,
    details: str = "",
    about: str = "",
    request=None,
) -> Task:
    """`about`: "kind:id" of the case's record the task is for (selectors.task_subjects)."""
    if not case.is_open:
        raise ValidationError(CASE_CLOSED)
    _check(case, assignee=assignee, due_on=due_on)
    about_kind, about_id = task_subject(case, about)
    task = Task(
        case=case,
        title=title,
        details=details,
        due_on=due_on,
        assignee=assignee,
        about_kind=about_kind,
        about_id=about_id,
        created_by=actor,
    )
    task.full_clean()
    task.save()
    _tell_subjects([(about_kind, about_id)], TaskEvent.RECORDED)
    audit.record(action=AuditAction.TASK_RECORDED, actor=actor, case=case, fields=["task"], request=request)
    return task


@transaction.atomic
def task_done(*, actor, task: Task, request=None) -> bool:
    """Mark an open task done today. False if it was done or cancelled already (a second click)."""
    updated = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, done_on=timezone.localdate(), version=F("version") + 1
    )
    if updated:
        _tell_subjects([(task.about_kind, task.about_id)], TaskEvent.DONE)
        audit.record(
            action=AuditAction.TASK_DONE, actor=actor, case=task.case, fields=["task"], request=request
        )
    return bool(updated)


@transaction.atomic
def task_reopen(*, actor, task: Task, request=None) -> bool:
    """Undo "Mark as done": the task is open again, its done date cleared. False if it was not
    done (a second click, or cancelled); refused on a closed case (closing ended its work)."""
    if not task.case.is_open:
        raise ValidationError(CASE_CLOSED_REOPEN)
    updated = Task.objects.filter(pk=task.pk, status=TaskStatus.DONE).update(
        status=TaskStatus.OPEN, done_on=None, version=F("version") + 1
    )
    if updated:
        _tell_subjects([(task.about_kind, task.about_id)], TaskEvent.REOPENED)
        audit.record(
            action=AuditAction.TASK_REOPENED, actor=actor, case=task.case, fields=["task"], request=request
        )
    return bool(updated)


@transaction.atomic
def task_cancel(*, actor, task: Task, version: int, cancel_reason: str, request=None) -> set:
    if not cancel_reason.strip():
        raise ValidationError({"cancel_reason": REASON_NEEDED})
    if not versioning.lock(task).is_open:
        raise ValidationError(NOT_OPEN)
    changed = versioning.save_changes(
        actor=actor,
        kind="task",
        record=task,
        case=task.case,
        expected_version=version,
        values={
            "status": TaskStatus.CANCELLED,
            "cancel_reason": cancel_reason.strip(),
            "cancelled_on": timezone.localdate(),
        },
        audit_action=AuditAction.TASK_CANCELLED,
        request=request,
    )
    if changed:
        _tell_subjects([(task.about_kind, task.about_id)], TaskEvent.CANCELLED)
    return changed


@transaction.atomic
def task_change(
    *, actor, task: Task, version: int, reason: str, about=UNCHANGED, request=None, **values
) -> set:
    """Correct a task. `about` ("kind:id", "" for nothing in particular): what it is about;
    not given, it stays."""
    locked = versioning.lock(task)
    if not locked.is_open:
        raise ValidationError(NOT_OPEN)
    # Another tab saved since this form opened (moved the due date, say): the conflict page first,
    # not "must be today or later" about a date this person never touched.
    versioning.raise_if_conflict("task", locked, version=version, values=values, actor=actor)
    _check(task.case, assignee=values["assignee"], due_on=values["due_on"], task=task)
    if about is not UNCHANGED and about != task_about(task):  # unchanged stays, even if the record has gone
        values["about_kind"], values["about_id"] = task_subject(task.case, about)
    was_about = (locked.about_kind, locked.about_id)
    changed = versioning.correct(
        "task",
        task,
        actor=actor,
        case=task.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )
    if changed:
        now_about = (values.get("about_kind", was_about[0]), values.get("about_id", was_about[1]))
        # Moved from another record: that one changed too.
        _tell_subjects({now_about, was_about}, TaskEvent.CHANGED)
    return changed


def task_about(task: Task) -> str:
    """The task's subject as the form's "kind:id" value ("" for none)."""
    return f"{task.about_kind}:{task.about_id}" if task.about_kind else ""


def task_export(case: Case) -> list[dict]:
    held = list(Task.objects.filter(case=case).select_related("assignee").order_by("due_on", "id"))
    about = task_subject_names(held, case)
    return [
        {
            "title": task.title,
            "about": about.get(task.pk, ""),
            "details": task.details,
            "due_on": task.due_on,
            "assignee": task.assignee.display_name,
            "status": task.get_status_display(),
            "done_on": task.done_on,
            "cancel_reason": task.cancel_reason,
        }
        for task in held
    ]


def task_erase(case: Case) -> None:
    """At the end of retention the words go; dates and statuses stay."""
    Task.objects.filter(case=case).update(title="", details="", cancel_reason="")


def cancel_open_tasks_of_closed_case(case: Case) -> int:
    """Closing a case ends the work on it: its open tasks are cancelled, saying why (the Close form
    warns how many first; reopening does not restore them, it says where they are). The records
    the tasks were about are not told (on_task_change): the case's work has ended with it."""
    return Task.objects.filter(case=case, status=TaskStatus.OPEN).update(
        status=TaskStatus.CANCELLED,
        cancel_reason=TASK_CANCELLED_BY_CLOSURE,
        cancelled_on=timezone.localdate(),
        version=F("version") + 1,
    )


def hand_over_lost_tasks(*, actor, case_ids, leaving=None, request=None) -> int:
    """After a change of who may open these cases (a reassignment, cover ended, someone leaving
    the team: `leaving`, whose membership is still being deleted), the open tasks held by
    someone the access rule no longer lets open their case go to the case's assignee, so they
    are done by someone who can. One audit entry per case and former holder, naming the people
    (never the task's words). A case with no assignee keeps its tasks where they are: the
    reminders give them to the case's people until a manager assigns it. Returns how many moved."""
    cases = {
        case.pk: case
        for case in Case.objects.filter(pk__in=case_ids)
        .select_related("assignee")
        .only("pk", "reference", "team_id", "assignee")
    }
    if not cases:
        return 0
    access = access_snapshot(team_ids={case.team_id for case in cases.values()}, case_ids=set(cases))
    moving: dict[tuple[int, int], list[int]] = defaultdict(list)
    open_tasks = Task.objects.select_for_update().filter(case_id__in=cases, status=TaskStatus.OPEN)
    subjects: dict[int, tuple[str, int | None]] = {}
    for pk, case_id, holder, about_kind, about_id in open_tasks.values_list(
        "pk", "case_id", "assignee_id", "about_kind", "about_id"
    ):
        case = cases[case_id]
        rule: dict[str, Any] = {"case_id": case_id, "team_id": case.team_id, "assignee_id": case.assignee_id}
        if (
            case.assignee_id is None
            or holder == case.assignee_id
            or not access.may_open(case.assignee_id, **rule)
        ):
            continue
        if holder != getattr(leaving, "pk", None) and access.may_open(holder, **rule):
            continue
        moving[(case_id, holder)].append(pk)
        subjects[pk] = (about_kind, about_id)
    former = User.objects.in_bulk({holder for _case_id, holder in moving})
    for (case_id, holder), pks in moving.items():
        case = cases[case_id]
        Task.objects.filter(pk__in=pks).update(assignee_id=case.assignee_id, version=F("version") + 1)
        _tell_subjects([subjects[pk] for pk in pks], TaskEvent.HANDED_OVER)
        audit.record(
            action=AuditAction.TASKS_HANDED_OVER,
            actor=actor,
            case=case,
            subject_user=case.assignee,
            previous_subject_user=former.get(holder),
            fields=["assignee"],
            request=request,
        )
    return sum(len(pks) for pks in moving.values())
