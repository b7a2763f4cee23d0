"""The audit trail of a manager's teams."""

from django.core.paginator import Paginator
from django.shortcuts import render

from casework.access import require_manager
from casework.forms.audit_trail import AuditFilterForm
from casework.selectors.cases import team_audit_events, team_staff
from casework.vocabularies import AuditAction


def audit_list(request):
    require_manager(request)
    form = AuditFilterForm(request.GET or None, staff=team_staff(request.user))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = team_audit_events(
        request.user,
        case_reference=filters.get("case", ""),
        actor=filters.get("user"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "AuditAction": AuditAction,  # the template compares the stored action with it
    }
    return render(request, "casework/audit_list.html", context)
