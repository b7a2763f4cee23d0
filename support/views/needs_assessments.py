"""A Recovery Needs Assessment from draft to decision: one small page per step, each on the
support page's list. Corrections (Change, Delete) are in corrections.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from casework.models import Case
from casework.ui.govuk import posted
from casework.views.recording import edit_on_case, record_on_case
from support.forms.needs_assessments import (
    NeedsAssessmentDecisionForm,
    NeedsAssessmentDraftForm,
    NeedsAssessmentShareForm,
    NeedsAssessmentSubmitForm,
)
from support.models import RecoveryNeedsAssessment
from support.selectors.needs_assessments import suggested_due_on
from support.services import needs_assessments
from support.vocabularies import RnaStatus


@require_http_methods(["GET", "POST"])
def needs_assessment_new(request, reference):
    def form(case):
        return NeedsAssessmentDraftForm(
            posted(request), initial={"due_on": suggested_due_on(case, timezone.localdate())}
        )

    def save(case, _target, data):
        needs_assessments.needs_assessment_record(actor=request.user, case=case, request=request, **data)
        return "Recovery Needs Assessment drafted."

    return record_on_case(
        request,
        reference,
        form=form,
        title="Draft a Recovery Needs Assessment",
        intro="Write it with the survivor. Next: share it with them, then submit it to the competent "
        "authority.",
        save=save,
        back_to="case_support",
    )


def _step_view(request, reference, pk, *, at, form_class, service, title, message, intro=""):
    if request.method == "GET":
        # Opened for an assessment past this step (an old link, Back): to the support page with
        # why, rather than a form that can only be refused. A case not visible is still a 404.
        case = get_object_or_404(Case.objects.visible_to(request.user), reference=reference)
        assessment = get_object_or_404(RecoveryNeedsAssessment, pk=pk, case=case)
        if assessment.status != at:
            messages.info(request, needs_assessments.WRONG_STEP[at])
            return redirect("case_support", reference=case.reference)

    def save(case, assessment, data, version, _reason):
        service(actor=request.user, assessment=assessment, version=version, request=request, **data)
        return message

    return edit_on_case(
        request,
        reference,
        form_class=form_class,
        target=lambda case: get_object_or_404(RecoveryNeedsAssessment, pk=pk, case=case),
        initial=lambda assessment: {},
        save=save,
        title=title,
        correction=False,
        button="Save",
        intro=intro,
        back_to="case_support",
    )


@require_http_methods(["GET", "POST"])
def needs_assessment_share(request, reference, pk):
    return _step_view(
        request,
        reference,
        pk,
        at=RnaStatus.DRAFT,
        form_class=NeedsAssessmentShareForm,
        service=needs_assessments.needs_assessment_share,
        title="Record that the survivor has seen the assessment",
        message="Sharing with the survivor recorded.",
        intro="The survivor sees the assessment before it is submitted.",
    )


def _submit_with_plan_link(*, assessment, **kwargs):
    """The submission, with the refusal for a plan the survivor has not agreed linking to the
    Plan page (the service names the rule; the page knows where it is put right)."""
    try:
        return needs_assessments.needs_assessment_submit(assessment=assessment, **kwargs)
    except ValidationError as error:
        if getattr(error, "code", None) != needs_assessments.PLAN_NOT_AGREED_CODE:
            raise
        raise ValidationError(
            format_html(
                "The survivor has not seen and agreed the current support plan. Record their agreement "
                'on the <a class="govuk-link" href="{}">Plan page</a> first.',
                reverse("case_plan", kwargs={"reference": assessment.case.reference}),
            )
        ) from error


@require_http_methods(["GET", "POST"])
def needs_assessment_submit(request, reference, pk):
    return _step_view(
        request,
        reference,
        pk,
        at=RnaStatus.SHARED,
        form_class=NeedsAssessmentSubmitForm,
        service=_submit_with_plan_link,
        title="Record the submission of the assessment",
        message="Submission recorded.",
        intro="If the case has a support plan, the survivor must have seen and agreed its current version "
        "before the assessment is submitted.",
    )


@require_http_methods(["GET", "POST"])
def needs_assessment_decide(request, reference, pk):
    return _step_view(
        request,
        reference,
        pk,
        at=RnaStatus.SUBMITTED,
        form_class=NeedsAssessmentDecisionForm,
        service=needs_assessments.needs_assessment_decide,
        title="Record the decision on the assessment",
        message="Decision recorded.",
    )
