"""Recording, correcting and deleting the survivor's dependants (shown on the case Overview)."""

from django.views.decorators.http import require_http_methods

from casework.ui.govuk import posted
from casework.views.corrections import change_view, delete_view, find_on_case
from casework.views.recording import record_on_case
from support.forms.dependants import DependantForm
from support.models import Dependant
from support.services import dependants


@require_http_methods(["GET", "POST"])
def dependant_new(request, reference):
    def save(case, _target, data):
        dependants.dependant_record(actor=request.user, case=case, request=request, **data)
        return "Dependant recorded."

    return record_on_case(
        request,
        reference,
        form=DependantForm(posted(request)),
        title="Add a dependant",
        intro="A child or anyone else who depends on the survivor.",
        save=save,
    )


find_dependant = find_on_case(Dependant, "case")

dependant_change = change_view(
    form_class=DependantForm,
    find=find_dependant,
    service=dependants.dependant_change,
    arg="dependant",
    title="Correct the dependant",
)
dependant_delete = delete_view(
    find=find_dependant,
    service=dependants.dependant_delete,
    arg="dependant",
    title="Delete the dependant",
    # Their relationship only: the page's address and title never carry the name.
    describe=lambda d: f"{d.get_relationship_display()}, recorded in error.",
)
