"""Recording what the survivor received or was refused, and correcting or deleting it."""

from django.views.decorators.http import require_http_methods

from casework.ui.dates import long_date
from casework.ui.govuk import posted
from casework.views.corrections import change_view, delete_view, find_on_case
from casework.views.recording import record_on_case
from support.forms.entitlements_received import EntitlementReceivedForm
from support.models import EntitlementReceived
from support.services import entitlements_received

# The page the panel is on (the integrator moves it to the plan page, "case_plan").
BACK_TO = "case_plan"


@require_http_methods(["GET", "POST"])
def entitlement_received_new(request, reference):
    def save(case, _target, data):
        entitlements_received.entitlement_record(actor=request.user, case=case, request=request, **data)
        return "Entitlement recorded."

    return record_on_case(
        request,
        reference,
        form=EntitlementReceivedForm(posted(request)),
        title="Record an entitlement received or refused",
        save=save,
        back_to=BACK_TO,
    )


find_entitlement = find_on_case(EntitlementReceived, "case")

entitlement_received_change = change_view(
    form_class=EntitlementReceivedForm,
    find=find_entitlement,
    service=entitlements_received.entitlement_change,
    arg="entitlement",
    title="Correct the entitlement",
    back_to=BACK_TO,
)
entitlement_received_delete = delete_view(
    find=find_entitlement,
    service=entitlements_received.entitlement_delete,
    arg="entitlement",
    title="Delete the entitlement",
    describe=lambda e: f"{e.get_kind_display()} {e.get_result_display().lower()} on {long_date(e.start_on)}.",
    back_to=BACK_TO,
)
