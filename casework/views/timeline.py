"""The case timeline: every event of the case, newest first, a page at a time (htmx appends
the next page; without JavaScript the same link opens it), and its print view."""

from django.shortcuts import render

from casework.access import get_case_for_user
from casework.forms.timeline import TimelineFilterForm
from casework.models import Case, Person
from casework.selectors import timeline

# The header of a case page shows the survivor's name: of the person, only those columns are read
# (her address, notes and the rest are neither loaded nor decrypted for a list of events).
PERSON_UNSHOWN = [
    f"person__{field.name}"
    for field in Person._meta.concrete_fields
    if field.name not in ("case", "given_names", "family_name")
]
PAGING = ("after", "page")  # "page": addresses from before the cursor, still opening the newest


def _with_header(cases):
    """What the header of a case page shows: the name, the team, the assignee."""
    return cases.select_related("person", "team", "assignee").defer(*PERSON_UNSHOWN)


def _filters_query(request) -> str:
    """The filters as a query string, without the cursor: for the next page and the print view."""
    query = request.GET.copy()
    for name in PAGING:
        query.pop(name, None)
    return query.urlencode()


def _filters(request):
    """The filter form (not sent if the address holds only where a page starts), and whether it
    can be read: dates that are not dates cannot."""
    data = request.GET.copy()
    for name in PAGING:
        data.pop(name, None)
    form = TimelineFilterForm(data if data else None)
    return form, not form.is_bound or form.is_valid()


def case_timeline(request, reference):
    case = get_case_for_user(request, reference, _with_header(Case.objects.all()))
    if case.erased_at is not None:
        return render(request, "casework/case_erased.html", {"case": case})
    form, readable = _filters(request)
    context = {"case": case, "form": form, "filters": _filters_query(request), "page": None}
    if not readable:
        # Say what is wrong on the form, and show no events rather than a guess at them.
        return render(request, "casework/timeline.html", context)
    page = timeline.timeline_page(case, form.query(), after=request.GET.get("after", ""))
    context["page"] = page
    if request.htmx and page.after:
        # "Show more": the next page's events, appended under those shown, and the new control.
        return render(request, "casework/_timeline_page.html", context | {"appended": True})
    return render(request, "casework/timeline.html", context)


def case_timeline_print(request, reference):
    """Every event for the chosen filters on one page, to print, marked OFFICIAL-SENSITIVE. It
    shows the case's reference, not the survivor: her record is not read."""
    case = get_case_for_user(request, reference, Case.objects.all())
    if case.erased_at is not None:
        return render(request, "casework/case_erased.html", {"case": case})
    form, readable = _filters(request)
    if not readable:
        # The form's page says what is wrong, under the case's header (read for it alone).
        case = _with_header(Case.objects.visible_to(request.user)).get(pk=case.pk)
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
            "filters": _filters_query(request),
            "kind_labels": [labels[code] for code in chosen or []],
        },
    )
