"""Closing and reopening a case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from casework.access import get_case_for_user, get_managed_case_for_user
from casework.forms.closure import CloseForm
from casework.selectors.tasks import open_task_count, tasks_cancelled_at_closure_count
from casework.services import closure
from casework.ui.govuk import apply_service_errors, posted


@require_http_methods(["GET", "POST"])
def case_close(request, reference):
    case = get_case_for_user(request, reference)
    if not case.is_open:
        return redirect("case", reference=case.reference)
    form = CloseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            closure.case_close(
                actor=request.user,
                case=case,
                closed_on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Case closed.")
            return redirect("case", reference=case.reference)
    return render(
        request,
        "casework/case_close.html",
        {"form": form, "case": case, "open_tasks": open_task_count(case)},
    )


@require_POST
def case_reopen(request, reference):
    case = get_managed_case_for_user(request, reference)
    try:
        closure.case_reopen(actor=request.user, case=case, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        cancelled = tasks_cancelled_at_closure_count(case)
        if cancelled:
            # Not restored: whether each is still worth doing is the caseworker's call.
            where = 'under "Done or cancelled" on the Tasks page'
            if cancelled == 1:
                messages.success(request, f"Case reopened. The task cancelled when it was closed is {where}.")
            else:
                messages.success(
                    request, f"Case reopened. The {cancelled} tasks cancelled when it was closed are {where}."
                )
        else:
            messages.success(request, "Case reopened.")
    return redirect("case", reference=case.reference)
