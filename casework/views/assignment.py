"""Assigning a case (managers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from casework.access import get_managed_case_for_user
from casework.forms.assignment import AssignForm
from casework.services import assignment
from casework.services.conflicts import EditConflict
from casework.ui.govuk import apply_service_errors, posted
from casework.views.recording import add_version_fields, conflict_form, posted_version


@require_http_methods(["GET", "POST"])
def case_assign(request, reference):
    case = get_managed_case_for_user(request, reference)
    form = AssignForm(posted(request), team=case.team, initial={"assignee": case.assignee_id})
    add_version_fields(form, version=case.assignment_version)
    conflict = None
    if request.method == "POST" and form.is_valid() and (version := posted_version(form)):
        try:
            assignment.case_assign(
                actor=request.user,
                case=case,
                assignee=form.cleaned_data["assignee"],
                version=version,
                request=request,
            )
        except EditConflict as error:
            conflict = error
            form = conflict_form(AssignForm, error, form.cleaned_data, team=case.team)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Assignment saved.")
            back = request.POST.get("next", "")
            if back.startswith("/backlog/") and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
                return redirect(back)  # back to the backlog list the manager came from
            return redirect("case", reference=case.reference)
    return render(
        request,
        "casework/case_assign.html",
        {
            "form": form,
            "case": case,
            "conflict": conflict,
            "reopen": request.path,
            "next": request.POST.get("next", "") or request.GET.get("next", ""),
        },
    )
