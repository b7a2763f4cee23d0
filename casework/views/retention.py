"""Approving erasure once the retention period has ended (managers)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casework.access import require_manager
from casework.forms.retention import EraseForm
from casework.selectors.cases import expired_cases
from casework.services import retention
from casework.ui.govuk import posted


@require_http_methods(["GET", "POST"])
def retention_list(request):
    """A manager approves the erasure of personal data whose retention period has ended."""
    require_manager(request)
    expired = list(expired_cases(request.user))
    form = EraseForm(posted(request), cases=expired)
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["cases"])
        for case in expired:
            if case.reference in chosen:
                retention.case_erase_personal_data(actor=request.user, case=case, request=request)
        messages.success(
            request, f"Personal data erased from {len(chosen)} case{'s' if len(chosen) != 1 else ''}."
        )
        return redirect("retention")
    return render(request, "casework/retention.html", {"form": form, "expired": expired})
