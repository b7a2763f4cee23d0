"""The case list: the user's cases counted, filtered and sorted (filters and sort in the URL:
they are statuses and vocabularies), and the search by reference or name (POST: names never go
in a URL)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework import audit, hooks
from casework.forms.case_list import CaseListForm
from casework.forms.cases import CaseSearchForm
from casework.models import Team
from casework.selectors.case_list import SORTS, case_list
from casework.selectors.cases import LIST_PAGE_SIZE, case_search
from casework.ui.govuk import posted
from casework.vocabularies import AuditAction, CaseStatus

# The column headers, in order: (sort key or "", words).
COLUMNS = [
    ("reference", "Reference"),
    ("name", "Name"),
    ("", "Assigned to"),
    ("opened", "Opened"),
    ("last_contact", "Last contact"),
    ("next_due", "Next due"),
    ("", "Status"),
]

# How the count line says the sort: (ascending, descending).
SORT_WORDS = {
    "reference": ("reference (A to Z)", "reference (Z to A)"),
    "name": ("family name (A to Z)", "family name (Z to A)"),
    "opened": ("date opened (oldest first)", "date opened (newest first)"),
    "last_contact": (
        "last contact (longest ago first, never contacted first)",
        "last contact (most recent first)",
    ),
    "next_due": ("what is due next (most overdue first)", "what is due next (latest first)"),
}


def _count_words(count: int, status: str) -> str:
    """ "312 open cases", "1 closed case", "40 cases"."""
    kind = {"open": "open ", "closed": "closed "}.get(status, "")
    return f"{count} {kind}case{'' if count == 1 else 's'}"


def _columns(request, query) -> list[dict]:
    """Each header's link (the same filters, this sort; the current one reversed) and its
    aria-sort, so the sort works without JavaScript and is announced."""
    columns = []
    # The apps' columns (hooks.CaseListColumn), not sortable, go before Status.
    headers = [*COLUMNS[:-1], *(("", column.heading) for column in hooks.case_list_columns()), COLUMNS[-1]]
    for key, words in headers:
        column = {"key": key, "words": words, "aria_sort": "", "href": "", "arrow": "", "hint": ""}
        if key:
            params = request.GET.copy()
            params.pop("page", None)
            params["sort"] = key
            if key == query.sort:
                column["aria_sort"] = "descending" if query.descending else "ascending"
                column["arrow"] = "▼" if query.descending else "▲"
                column["hint"] = f", sorted {column['aria_sort']}: reverse"
                params["order"] = "asc" if query.descending else "desc"
            else:
                column["aria_sort"] = "none"
                column["hint"] = ": sort by this"
                params["order"] = "desc" if SORTS[key] == "descending" else "asc"
            column["href"] = f"?{params.urlencode()}"
        columns.append(column)
    return columns


@require_http_methods(["GET", "POST"])
def case_list_page(request):
    """The user's cases; a POSTed search narrows them to one case or a name's matches."""
    form = CaseSearchForm(posted(request))
    if request.method == "POST" and form.is_valid():
        found = case_search(
            request.user,
            reference=form.cleaned_data["reference"],
            full_name=form.cleaned_data["full_name"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        audit.record(action=AuditAction.CASE_SEARCHED, actor=request.user, request=request)
        page = Paginator(found, LIST_PAGE_SIZE).get_page(1)
        return render(
            request,
            "casework/case_list.html",
            {"searched": True, "form": form, "page": page, "CaseStatus": CaseStatus},
        )
    gaps = set(Team.objects.member_of(request.user).values_list("contact_gap_days", flat=True))
    shown = request.GET.copy()
    shown.setdefault("status", "open")  # the radios show the current choice from the first visit
    filters = CaseListForm(shown, gap_days=gaps)
    query = filters.query()
    listed = case_list(request.user, query, request.GET.get("page"), timezone.localdate())
    if listed.too_many:
        # The filters the list could not apply (the set was too large) are shown as not applied.
        for app_filter in hooks.case_list_filters():
            shown.pop(app_filter.name, None)
        shown.setlist("only", [value for value in shown.getlist("only") if value == "no_contact"])
        filters = CaseListForm(shown, gap_days=gaps)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "casework/case_list.html",
        {
            "form": form,
            "filters": filters,
            "listed": listed,
            "page": listed.page,
            "columns": _columns(request, listed.query),
            "sort_words": SORT_WORDS[listed.query.sort][listed.query.descending],
            "count_words": _count_words(listed.count, listed.query.status),
            "query": params.urlencode(),
            "today": timezone.localdate(),
            "CaseStatus": CaseStatus,
        },
    )
