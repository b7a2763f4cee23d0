"""Recording a child's guardian, age dispute and local authority lead. Every page is a form on
a case the user may see (casework.views.recording.record_on_case); the services keep the rules."""

from django.views.decorators.http import require_http_methods

from casework.ui.dates import long_date
from casework.ui.govuk import posted
from casework.views.corrections import change_view, delete_view, find_on_case
from casework.views.recording import record_on_case
from support.forms.children import AgeDisputeForm, ChildGuardianForm, LocalAuthorityLeadForm
from support.models import AgeDispute, ChildGuardian, LocalAuthorityLead
from support.services import children


@require_http_methods(["GET", "POST"])
def child_guardian_new(request, reference):
    def save(case, _target, data):
        children.guardian_record(actor=request.user, case=case, request=request, **data)
        return "Guardian referral recorded."

    return record_on_case(
        request,
        reference,
        form=ChildGuardianForm(posted(request)),
        title="Record a referral to the Independent Child Trafficking Guardian service",
        save=save,
        back_to="case_nrm",
    )


@require_http_methods(["GET", "POST"])
def age_dispute_new(request, reference):
    def save(case, _target, data):
        children.age_dispute_record(actor=request.user, case=case, request=request, **data)
        return "Age dispute recorded."

    return record_on_case(
        request,
        reference,
        form=AgeDisputeForm(posted(request)),
        title="Record an age dispute",
        save=save,
        intro="While a person's age is uncertain and there are reasonable grounds to believe they are "
        "under 18, they are treated as a child for support until their age is assessed.",
        back_to="case_nrm",
    )


@require_http_methods(["GET", "POST"])
def local_authority_lead_new(request, reference):
    def save(case, _target, data):
        children.local_authority_lead_record(actor=request.user, case=case, request=request, **data)
        return "Local authority lead recorded."

    return record_on_case(
        request,
        reference,
        form=LocalAuthorityLeadForm(posted(request)),
        title="Record the local authority lead",
        save=save,
        back_to="case_nrm",
    )


# "Change" and "Delete" for each of them (casework.views.corrections).
find_guardian = find_on_case(ChildGuardian, "case")
find_dispute = find_on_case(AgeDispute, "case")
find_lead = find_on_case(LocalAuthorityLead, "case")

child_guardian_change = change_view(
    form_class=ChildGuardianForm,
    find=find_guardian,
    service=children.guardian_change,
    arg="guardian",
    title="Correct the guardian referral",
    back_to="case_nrm",
)
child_guardian_delete = delete_view(
    find=find_guardian,
    service=children.children_record_delete,
    arg="record",
    kind="child_guardian",
    title="Delete the guardian referral",
    describe=lambda g: f"Referral to the guardian service on {long_date(g.referred_on)}.",
    back_to="case_nrm",
)
age_dispute_change = change_view(
    form_class=AgeDisputeForm,
    find=find_dispute,
    service=children.age_dispute_change,
    arg="dispute",
    title="Correct the age dispute",
    back_to="case_nrm",
)
age_dispute_delete = delete_view(
    find=find_dispute,
    service=children.children_record_delete,
    arg="record",
    kind="age_dispute",
    title="Delete the age dispute",
    describe=lambda d: f"Age dispute raised on {long_date(d.raised_on)}.",
    back_to="case_nrm",
)
local_authority_lead_change = change_view(
    form_class=LocalAuthorityLeadForm,
    find=find_lead,
    service=children.local_authority_lead_change,
    arg="lead",
    title="Correct the local authority lead",
    back_to="case_nrm",
)
local_authority_lead_delete = delete_view(
    find=find_lead,
    service=children.children_record_delete,
    arg="record",
    kind="local_authority_lead",
    title="Delete the local authority lead",
    describe=lambda lead: f"Local authority lead since {long_date(lead.since)}.",
    back_to="case_nrm",
)
