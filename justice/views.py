"""Recording criminal-justice proceedings, their milestones and claims. Every page is on a
case the user may see."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from casework.access import get_case_for_user
from casework.ui.dates import long_date
from casework.ui.govuk import posted
from casework.views.corrections import change_view, delete_view, find_on_case
from casework.views.recording import edit_on_case, record_on_case
from justice.forms import (
    ClaimForm,
    ClaimSettleForm,
    EngagementForm,
    MilestoneForm,
    ProceedingForm,
    StepChoiceForm,
)
from justice.models import Claim, Milestone, Proceeding
from justice.services import claims, milestones, proceedings
from justice.vocabularies import MilestoneKind


def _proceeding(proceeding_id):
    return lambda case: get_object_or_404(Proceeding, pk=proceeding_id, case=case)


@require_http_methods(["GET", "POST"])
def proceeding_new(request, reference):
    def save(case, _target, data):
        proceedings.proceeding_record(actor=request.user, case=case, request=request, **data)
        return "Proceeding recorded."

    return record_on_case(
        request,
        reference,
        form=ProceedingForm(posted(request)),
        title="Record a criminal proceeding",
        save=save,
        back_to="case_justice",
    )


@require_http_methods(["GET", "POST"])
def milestone_new(request, reference, proceeding_id):
    """Two pages: choose the step (a GET form), then the form with only that step's fields."""
    source = request.POST if request.method == "POST" else request.GET
    step = source.get("step", "")
    if step not in MilestoneKind.values:
        case = get_case_for_user(request, reference)
        proceeding = _proceeding(proceeding_id)(case)
        # "choosing" marks a submitted chooser: with no radio chosen the browser sends no "step".
        submitted = "step" in source or "choosing" in source or request.method == "POST"
        chooser = StepChoiceForm(source if submitted else None)
        if chooser.is_bound:
            chooser.is_valid()
        return render(
            request, "justice/milestone_step.html", {"case": case, "proceeding": proceeding, "form": chooser}
        )
    form = MilestoneForm(posted(request), step=step)

    def save(case, proceeding, _data):
        milestones.milestone_record(
            actor=request.user, proceeding=proceeding, request=request, **form.details()
        )
        return "Step recorded."

    return record_on_case(
        request,
        reference,
        form=form,
        title=f"Record a step: {MilestoneKind(step).label}",
        target=_proceeding(proceeding_id),
        save=save,
        back_to="case_justice",
    )


@require_http_methods(["GET", "POST"])
def engagement_edit(request, reference, proceeding_id):
    def save(case, proceeding, data, version, _reason):
        proceedings.engagement_update(
            actor=request.user,
            proceeding=proceeding,
            engagement=data["engagement"],
            changed_on=data["changed_on"],
            reason=data["reason"],
            version=version,
            request=request,
        )
        return "Engagement recorded."

    return edit_on_case(
        request,
        reference,
        form_class=EngagementForm,
        target=_proceeding(proceeding_id),
        initial=lambda p: {
            "engagement": p.engagement,
            "changed_on": p.engagement_changed_on,
            "reason": p.disengagement_reason,
        },
        to_initial=lambda values: {ENGAGEMENT_FORM_NAMES.get(k, k): v for k, v in values.items()},
        save=save,
        title="Record the survivor's engagement",
        correction=False,
        button="Save",
        intro="Why a survivor pauses or withdraws is worth knowing: it is how cases collapse.",
        back_to="case_justice",
    )


ENGAGEMENT_FORM_NAMES = {"engagement_changed_on": "changed_on", "disengagement_reason": "reason"}


proceeding_change = change_view(
    form_class=ProceedingForm,
    find=find_on_case(Proceeding, "case"),
    service=proceedings.proceeding_change,
    arg="proceeding",
    title="Correct the proceeding",
    back_to="case_justice",
)
proceeding_delete = delete_view(
    find=find_on_case(Proceeding, "case"),
    service=proceedings.proceeding_delete,
    arg="proceeding",
    title="Delete the proceeding",
    describe=lambda p: f"{p.get_kind_display()}, {p.get_police_force_display()}.",
    back_to="case_justice",
)


def _step_as_kind(data):
    data = dict(data)
    data["kind"] = data.pop("step")
    return data


# The step stays what it is; the form shows that step's own fields, as when it was recorded.
milestone_change = change_view(
    form_class=MilestoneForm,
    find=find_on_case(Milestone, "proceeding__case"),
    service=milestones.milestone_change,
    arg="milestone",
    title="Correct the step",
    page_title=lambda m: f"Correct the step: {m.get_kind_display()}",
    form_kwargs=lambda case, m: {"step": m.kind},
    initial=lambda m: {name: getattr(m, name) for name in MilestoneForm.base_fields if name != "step"},
    to_data=_step_as_kind,
    back_to="case_justice",
)
milestone_delete = delete_view(
    find=find_on_case(Milestone, "proceeding__case"),
    service=milestones.milestone_delete,
    arg="milestone",
    title="Delete the step",
    describe=lambda m: f"{m.get_kind_display()} on {long_date(m.on)}.",
    back_to="case_justice",
)


@require_http_methods(["GET", "POST"])
def claim_new(request, reference):
    def save(case, _target, data):
        claims.claim_record(actor=request.user, case=case, request=request, **data)
        return "Claim recorded."

    return record_on_case(
        request,
        reference,
        form=ClaimForm(posted(request)),
        title="Record a compensation or civil claim",
        save=save,
        back_to="case_justice",
    )


def _claim(claim_id):
    return lambda case: get_object_or_404(Claim, pk=claim_id, case=case)


claim_change = change_view(
    form_class=ClaimForm,
    find=find_on_case(Claim, "case"),
    service=claims.claim_change,
    arg="claim",
    title="Correct the claim",
    back_to="case_justice",
)


@require_http_methods(["GET", "POST"])
def claim_settle(request, reference, claim_id):
    def save(case, claim, data, version, _reason):
        claims.claim_settle(actor=request.user, claim=claim, version=version, request=request, **data)
        return "Claim updated: its deadline is no longer on My work."

    return edit_on_case(
        request,
        reference,
        form_class=ClaimSettleForm,
        target=_claim(claim_id),
        initial=lambda c: {"submitted_on": c.submitted_on},
        save=save,
        title="Mark the claim submitted, withdrawn or not pursued",
        correction=False,
        button="Save",
        back_to="case_justice",
    )


claim_delete = delete_view(
    find=find_on_case(Claim, "case"),
    service=claims.claim_delete,
    arg="claim",
    title="Delete the claim",
    describe=lambda c: f"{c.get_kind_display()} claim, incident on {long_date(c.incident_on)}.",
    back_to="case_justice",
)
