"""Recording criminal-justice proceedings, their milestones and claims, and the managers'
funnel. Every page is on a case the user may see."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework import justice, justice_funnel
from casework.access import require_manager
from casework.govuk import posted
from casework.justice_forms import ClaimForm, EngagementForm, MilestoneForm, ProceedingForm
from casework.models import Proceeding
from casework.recording import record_on_case


def _proceeding(proceeding_id):
    return lambda case: get_object_or_404(Proceeding, pk=proceeding_id, case=case)


@require_http_methods(["GET", "POST"])
def proceeding_new(request, reference):
    def save(case, _target, data):
        justice.proceeding_record(actor=request.user, case=case, request=request, **data)
        return "Proceeding recorded."

    return record_on_case(
        request,
        reference,
        form=ProceedingForm(posted(request)),
        title="Record a criminal proceeding",
        save=save,
    )


@require_http_methods(["GET", "POST"])
def milestone_new(request, reference, proceeding_id):
    def save(case, proceeding, data):
        justice.milestone_record(actor=request.user, proceeding=proceeding, request=request, **data)
        return "Step recorded."

    return record_on_case(
        request,
        reference,
        form=MilestoneForm(posted(request)),
        title="Record a step in the proceeding",
        target=_proceeding(proceeding_id),
        save=save,
    )


@require_http_methods(["GET", "POST"])
def engagement_edit(request, reference, proceeding_id):
    def save(case, proceeding, data):
        justice.engagement_update(
            actor=request.user,
            proceeding=proceeding,
            engagement=data["engagement"],
            changed_on=data["changed_on"],
            reason=data["reason"],
            request=request,
        )
        return "Engagement recorded."

    return record_on_case(
        request,
        reference,
        form=EngagementForm(posted(request)),
        title="Record the survivor's engagement",
        target=_proceeding(proceeding_id),
        save=save,
        intro="Why a survivor pauses or withdraws is worth knowing: it is how cases collapse.",
    )


@require_http_methods(["GET", "POST"])
def claim_new(request, reference):
    def save(case, _target, data):
        justice.claim_record(actor=request.user, case=case, request=request, **data)
        return "Claim recorded."

    return record_on_case(
        request,
        reference,
        form=ClaimForm(posted(request)),
        title="Record a compensation or civil claim",
        save=save,
    )


def funnel_page(request):
    team_ids = require_manager(request)
    funnel = justice_funnel.funnel(request.user, team_ids, timezone.localdate())
    return render(request, "casework/justice_funnel.html", {"funnel": funnel})
