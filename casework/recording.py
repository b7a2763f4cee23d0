from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from casework.access import get_case_for_user
from casework.govuk import apply_service_errors


def record_on_case(request, reference, *, form, title, save, target=None, button="Save", intro=""):
    """The shape every "record something on this case" page shares: find the case (404
    unless the user may see it) and the record it concerns, show the form, call the
    service, put its refusals back on the form, and return to the case page on success.

    `form` is a form, or `form(case)` building one; `target(case)` finds the record the page
    is about (and 404s); `save(case, target, data)` calls the service and returns the success
    message."""
    case = get_case_for_user(request, reference)
    if case.erased_at is not None:
        messages.error(request, "The survivor's personal data has been erased: nothing more can be recorded.")
        return redirect("case", reference=case.reference)
    obj = target(case) if target is not None else None
    if callable(form):  # a form that needs the case to build its choices
        form = form(case)
    if request.method == "POST" and form.is_valid():
        try:
            message = save(case, obj, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("case", reference=case.reference)
    return render(
        request,
        "casework/record_form.html",
        {"form": form, "case": case, "title": title, "button": button, "intro": intro},
    )
