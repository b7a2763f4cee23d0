"""The pages of a case, each with its own URL and an entry in the case's sub-navigation
(casework/ui/case_nav.py): the Overview, Personal details, Consent, and the areas other apps
add (hooks.CaseArea), drawn from their panels so that casework never imports them.

Every page gets its case through get_case_for_user (404 to anyone the access rule refuses,
a GET audited as a view naming the page), sends an erased case to the Overview, which says
the data was erased, and takes a fixed number of queries whatever the case holds."""

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from casework import hooks
from casework.access import get_case_for_user, manages
from casework.selectors.case_pages import case_owed
from casework.selectors.cases import (
    age_in_years,
    case_detail,
    case_header,
    case_overview,
    consent_ledger,
    is_possibly_child,
    linked_cases,
    live_shares,
)
from casework.selectors.contacts import last_contact, last_reached_contact
from casework.selectors.tasks import case_tasks
from casework.services.history import case_revisions
from casework.vocabularies import ConsentDecision

# How many open tasks the Overview lists before "All tasks".
OVERVIEW_TASKS = 5


def _panels(request, case, area: str) -> list[str]:
    """The sections the apps add to this page, rendered here (casework never imports them)."""
    possibly_child = is_possibly_child(case)
    return [
        render_to_string(
            panel.template,
            {"case": case, "possibly_child": possibly_child, **panel.context(request, case)},
            request=request,
        )
        for panel in hooks.case_panels(area)
    ]


def case_page(request, reference):
    """The Overview: who the survivor is, where things stand, what is owed now, the last
    contact, the open tasks and the case's actions."""
    case = get_case_for_user(request, reference, case_overview())
    if case.erased_at is not None:
        return render(request, "casework/case_erased.html", {"case": case})
    can_manage = manages(request.user, case)
    today = timezone.localdate()
    reached, latest = last_reached_contact(case), last_contact(case)
    return render(
        request,
        "casework/case_page.html",
        {
            "case": case,
            "person": case.person,
            "age": age_in_years(case.person),
            "possibly_child": is_possibly_child(case),
            "shares": live_shares(case),
            "can_manage": can_manage,
            "linked_cases": linked_cases(request.user, case),
            "summaries": _panels(request, case, hooks.OVERVIEW),
            "owed": case_owed(case, today, manager=can_manage),
            # "Last reached" counts only contacts with the survivor (as the case list's column
            # and the contact clock); a later attempt or call about them is shown besides.
            "last_reached": reached,
            "last_attempt": latest if latest and (reached is None or latest.pk != reached.pk) else None,
            "open_tasks": list(case_tasks(case)[0].defer("details", "cancel_reason")[:OVERVIEW_TASKS]),
            "today": today,
        },
    )


def case_details(request, reference):
    """Personal details: the survivor, safe contact, exploitation and risks."""
    case = get_case_for_user(request, reference, case_detail())
    if case.erased_at is not None:
        return redirect("case", reference=case.reference)
    return render(
        request,
        "casework/case_details.html",
        {
            "case": case,
            "person": case.person,
            # The history has its own page (audited, a page at a time): this page only says
            # how much there is, so opening it does not decrypt every earlier value.
            "history_count": case_revisions(case).count(),
        },
    )


def case_consent(request, reference):
    case = get_case_for_user(request, reference, case_header())
    if case.erased_at is not None:
        return redirect("case", reference=case.reference)
    return render(
        request,
        "casework/case_consent.html",
        {
            "case": case,
            "consents": consent_ledger(case),
            "ConsentDecision": ConsentDecision,  # the template compares the stored decision with it
            "possibly_child": is_possibly_child(case),
        },
    )


def case_area(request, reference, area: str):
    """A page another app adds (hooks.CaseArea): its panels for this case, in order."""
    case = get_case_for_user(request, reference, case_header())
    if case.erased_at is not None:
        return redirect("case", reference=case.reference)
    title = next(a.title for a in hooks.case_areas() if a.slug == area)
    return render(
        request,
        "casework/case_area.html",
        {"case": case, "title": title, "panels": _panels(request, case, area)},
    )
