"""The case timeline: every event of the case, newest first, a page at a time (htmx appends
the next page; without JavaScript the same link opens it), and its print view."""

from django.shortcuts import render

from casework.access import get_case_for_user
from casework.forms.timeline import TimelineFilterForm
from casework.models import Case
from casework.selectors import timeline


def _case(request, reference):
    # The header of every case page reads the person, the team and the assignee: joined here.
    return get_case_for_user(request, reference, Case.objects.select_related("person", "team", "assignee"))


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


def _filters_query(request) -> str:
    """The filters as a query string, without the page: for the next page and the print view."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _filters(request):
    """The filter form (not sent if the address holds only a page number), and whether it can
    be read: dates that are not dates cannot."""
    data = request.GET.copy()
    data.pop("page", None)
    form = TimelineFilterForm(data if data else None)
    return form, not form.is_bound or form.is_valid()


def case_timeline(request, reference):
    case = _case(request, reference)
    if case.erased_at is not None:
        return render(request, "casework/case_erased.html", {"case": case})
    form, readable = _filters(request)
    context = {"case": case, "form": form, "filters": _filters_query(request), "page": None}
    if not readable:
        # Say what is wrong on the form, and show no events rather than a guess at them.
        return render(request, "casework/timeline.html", context)
    page = timeline.timeline_page(case, form.query(), number=_page_number(request))
    context["page"] = page
    if request.htmx and page.number > 1:
        # "Show more": the next page's events, appended under those shown, and the new control.
        return render(request, "casework/_timeline_page.html", context | {"appended": True})
    return render(request, "casework/timeline.html", context)


def case_timeline_print(request, reference):
    """Every event for the chosen filters on one page, to print, marked OFFICIAL-SENSITIVE."""
    case = _case(request, reference)
    if case.erased_at is not None:
        return render(request, "casework/case_erased.html", {"case": case})
    form, readable = _filters(request)
    if not readable:
        context = {"case": case, "form": form, "filters": _filters_query(request), "page": None}
        return render(request, "casework/timeline.html", context)
    query = form.query()
    labels = dict(form.fields["kinds"].choices)
    chosen = form.cleaned_data.get("kinds") if form.is_bound else None
    return render(
        request,
        "casework/timeline_print.html",
        {
            "case": case,
            "events": timeline.case_timeline(case, query),
            "query": query,
            "kind_labels": [labels[code] for code in chosen or []],
        },
    )
