"""The case's tasks: the list, adding one, marking it done, cancelling and correcting it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from casework.access import get_case_for_user
from casework.forms.tasks import TaskCancelForm, TaskForm
from casework.models import Case, Task
from casework.selectors.cases import case_header
from casework.selectors.task_subjects import task_subject_choices, task_subject_names
from casework.selectors.tasks import assignee_choices, case_tasks
from casework.services import tasks
from casework.ui.govuk import posted
from casework.views.corrections import change_view, find_on_case
from casework.views.recording import edit_on_case, record_on_case, writable_case
from casework.vocabularies import TaskStatus


def task_list(request, reference):
    case = get_case_for_user(request, reference, case_header())
    if case.erased_at is not None:
        return redirect("case", reference=case.reference)
    open_tasks, finished = case_tasks(case)
    open_tasks, finished = list(open_tasks), list(finished[:50])
    about = task_subject_names(open_tasks + finished, case)
    for task in open_tasks + finished:
        task.about_name = about.get(task.pk, "")
    return render(
        request,
        "casework/tasks.html",
        {
            "case": case,
            "open_tasks": open_tasks,
            "finished": finished,
            "today": timezone.localdate(),
        },
    )


def _form_kwargs(case, task=None) -> dict:
    about_choices = task_subject_choices(case)
    if task is not None and task.about_kind:
        # What it was about stays a choice when correcting, even if that record has gone.
        current = tasks.task_about(task)
        if not any(value == current for _group, options in about_choices for value, _ in options):
            about_choices.append((current, task_subject_names([task], case)[task.pk]))
    return {"assignee_queryset": assignee_choices(case, task), "about_choices": about_choices}


@require_http_methods(["GET", "POST"])
def task_new(request, reference):
    def form(case):
        initial = {"assignee": request.user.pk} if assignee_choices(case).filter(pk=request.user.pk) else {}
        return TaskForm(posted(request), initial=initial, **_form_kwargs(case))

    def save(case, _target, data):
        tasks.task_record(actor=request.user, case=case, request=request, **data)
        return "Task added."

    return record_on_case(request, reference, form=form, title="Add a task", save=save, back_to="case_tasks")


@require_POST
def task_done(request, reference, task_id):
    case, erased = writable_case(request, reference)
    if erased:
        return erased
    task = get_object_or_404(case.tasks, pk=task_id)
    if tasks.task_done(actor=request.user, task=task, request=request):
        messages.success(request, "Task marked done.")
    else:
        messages.info(request, "This task was already done or cancelled.")
    return redirect("case_tasks", reference=case.reference)


@require_POST
def task_reopen(request, reference, task_id):
    case, erased = writable_case(request, reference)
    if erased:
        return erased
    task = get_object_or_404(case.tasks, pk=task_id)
    try:
        reopened = tasks.task_reopen(actor=request.user, task=task, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if reopened:
            messages.success(request, "Task reopened.")
        else:
            messages.info(request, "This task is not done, so there was nothing to reopen.")
    return redirect("case_tasks", reference=case.reference)


def _finished(request, reference, task_id):
    """A done or cancelled task's Correct and Cancel pages say so at once, not after Save."""
    if request.method != "GET":
        return None
    # The page's own view looks the case up (and audits the view, or answers 404); this only asks
    # whether a task the person may see is finished.
    visible = Case.objects.visible_to(request.user).filter(reference=reference)
    if not Task.objects.filter(case__in=visible, pk=task_id).exclude(status=TaskStatus.OPEN).exists():
        return None
    messages.info(request, "This task is already done or cancelled, so it cannot be changed.")
    return redirect("case_tasks", reference=reference)


@require_http_methods(["GET", "POST"])
def task_cancel(request, reference, task_id):
    if finished := _finished(request, reference, task_id):
        return finished

    def save(case, task, data, version, _reason):
        tasks.task_cancel(actor=request.user, task=task, version=version, request=request, **data)
        return "Task cancelled."

    return edit_on_case(
        request,
        reference,
        form_class=TaskCancelForm,
        target=lambda case: get_object_or_404(case.tasks, pk=task_id),
        initial=lambda _task: {},
        save=save,
        title="Cancel a task",
        correction=False,
        button="Cancel the task",
        back_to="case_tasks",
    )


def _conflict_initial(values: dict, record: Task) -> dict:
    """The values the other person saved, as the form's: their subject ("kind:id") whichever half
    they changed, the other half from the task as saved now; "" when they cleared it."""
    if "about_kind" not in values and "about_id" not in values:
        return values
    kind = values.get("about_kind", record.about_kind)
    pk = values.get("about_id", record.about_id)
    rest = {name: value for name, value in values.items() if name not in ("about_kind", "about_id")}
    return {**rest, "about": f"{kind}:{pk}" if kind and pk is not None else ""}


_task_change = change_view(
    form_class=TaskForm,
    find=find_on_case(Task, "case"),
    service=tasks.task_change,
    arg="task",
    title="Correct the task",
    form_kwargs=_form_kwargs,
    initial=lambda task: {
        **{name: getattr(task, name, None) for name in TaskForm.base_fields},
        "about": tasks.task_about(task),
    },
    record_initial=_conflict_initial,
    back_to="case_tasks",
)


@require_http_methods(["GET", "POST"])
def task_change(request, reference, task_id):
    return _finished(request, reference, task_id) or _task_change(request, reference, task_id=task_id)
