from django import forms

from casework.ui.fields import choice_field, text_field
from casework.ui.govuk import GovukFormMixin
from support.forms.dates import named_date_field
from support.vocabularies import DependantRelationship

LONG_TEXT = 20000


class DependantForm(GovukFormMixin, forms.Form):
    name = text_field("Name", 200, required=True)
    relationship = choice_field("Relationship to the survivor", DependantRelationship.choices)
    date_of_birth = named_date_field(
        "Date of birth (optional)",
        "their date of birth",
        required=False,
        nrm=False,
        help_text="For example, 27 3 2015",
    )
    whereabouts = text_field(
        "Where they are (optional)",
        LONG_TEXT,
        textarea=True,
        help_text="For example: with the survivor; with a relative abroad; in local authority care.",
    )
    risks_and_needs = text_field("Their own risks and needs (optional)", LONG_TEXT, textarea=True, rows=4)
