"""Recording support and permission to stay (Recovery Needs Assessments: needs_assessments.py)."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from casework.ui.govuk import posted
from casework.views.recording import edit_on_case, record_on_case
from support.forms.support_periods import (
    PermissionToStayForm,
    SupportEndForm,
    SupportPeriodForm,
)
from support.models import SupportPeriod
from support.services import support_periods


@require_http_methods(["GET", "POST"])
def support_period_new(request, reference):
    def save(case, _target, data):
        support_periods.support_period_record(actor=request.user, case=case, request=request, **data)
        return "Support recorded."

    return record_on_case(
        request,
        reference,
        form=SupportPeriodForm(posted(request)),
        title="Record a period of support",
        save=save,
        intro="Record each kind of support separately: accommodation and counselling at the same time "
        "are two periods.",
        back_to="case_support",
    )


@require_http_methods(["GET", "POST"])
def support_period_end(request, reference, period_id):
    def save(case, period, data, version, _reason):
        support_periods.support_period_end(
            actor=request.user, period=period, version=version, request=request, **data
        )
        return "End of support recorded."

    return edit_on_case(
        request,
        reference,
        form_class=SupportEndForm,
        target=lambda case: get_object_or_404(SupportPeriod, pk=period_id, case=case),
        initial=lambda period: {},
        save=save,
        title="Record the end of this support",
        correction=False,
        button="Save",
        back_to="case_support",
    )


@require_http_methods(["GET", "POST"])
def permission_to_stay_new(request, reference):
    def save(case, _target, data):
        support_periods.permission_to_stay_record(actor=request.user, case=case, request=request, **data)
        return "Permission to stay recorded."

    return record_on_case(
        request,
        reference,
        form=PermissionToStayForm(posted(request)),
        title="Record temporary permission to stay",
        save=save,
        back_to="case_support",
    )
