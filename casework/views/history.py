"""A case's history of changes and corrections."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casework.access import get_case_for_user, get_managed_case_for_user, manages
from casework.services.history import case_revisions, history_rows, remove_wrong_case_values

HISTORY_PAGE_SIZE = 25


def case_history(request, reference):
    """The case's changes and corrections with the earlier values, newest first."""
    case = get_case_for_user(request, reference)
    if case.erased_at is not None:
        return render(request, "casework/case_erased.html", {"case": case})
    page = Paginator(case_revisions(case), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/case_history.html",
        {
            "case": case,
            "page": page,
            "query": "",
            "rows": history_rows(page.object_list),
            "can_manage": manages(request.user, case),
        },
    )


@require_http_methods(["GET", "POST"])
def case_history_remove(request, reference, revision_id):
    """A manager removes earlier values that were another person's, entered on this case."""
    case = get_managed_case_for_user(request, reference)
    revision = get_object_or_404(case_revisions(case), pk=revision_id)
    if request.method == "POST":
        if remove_wrong_case_values(actor=request.user, revision=revision, request=request):
            messages.success(
                request, "The earlier values were removed. The change itself stays in the history."
            )
        return redirect("case_history", reference=case.reference)
    (row,) = history_rows([revision])
    return render(request, "casework/case_history_remove.html", {"case": case, "row": row})
