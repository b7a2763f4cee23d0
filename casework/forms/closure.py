"""Closing a case."""

from django import forms
from django.utils import timezone

from casework.ui.govuk import GovukDateField, GovukFormMixin
from casework.vocabularies import (
    ClosureReason,
)


class CloseForm(GovukFormMixin, forms.Form):
    closed_on = GovukDateField(
        label="Date closed",
        not_future=True,
        error_messages={"required": "Enter the date the case closed"},
    )
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is closing"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()
