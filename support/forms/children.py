from django import forms

from casework.ui.fields import choice_field, date_field, text_field
from casework.ui.govuk import GovukFormMixin
from support.vocabularies import AgeDisputeOutcome, GuardianService


class ChildGuardianForm(GovukFormMixin, forms.Form):
    referred_on = date_field("Date referred to the guardian service")
    service = choice_field("Guardian service", GuardianService.choices)
    area = text_field(
        "Service area",
        200,
        help_text="The guardian service's region or local authority area, for example West Midlands.",
    )


class AgeDisputeForm(GovukFormMixin, forms.Form):
    raised_on = date_field("Date the age dispute was raised")
    outcome = choice_field("Outcome", AgeDisputeOutcome.choices)
    assessed_on = date_field(
        "Date of the age assessment",
        required=False,
        help_text="Leave blank while waiting for the assessment.",
    )


class LocalAuthorityLeadForm(GovukFormMixin, forms.Form):
    authority = text_field("Local authority", 200, required=True)
    social_worker = text_field(
        "Social worker",
        2000,
        textarea=True,
        help_text="Their role and how to reach them, for example: Allocated social worker, 0161 000 0000.",
    )
    since = date_field("Leading on the child since")
