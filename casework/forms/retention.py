"""Approving erasure at the end of retention."""

from django import forms

from casework.ui.dates import long_date
from casework.ui.govuk import GovukFormMixin


class EraseForm(GovukFormMixin, forms.Form):
    cases = forms.MultipleChoiceField(
        label="Cases to erase",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one case", "invalid_choice": "Select from the list"},
    )
    confirm = forms.BooleanField(
        label="I understand the survivors' personal data will be erased and cannot be recovered",
        error_messages={"required": "Confirm that you understand the data cannot be recovered"},
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [
            (
                case.reference,
                f"{case.reference} ({case.team.name}), kept until {long_date(case.retention_until)}",
            )
            for case in cases
        ]
