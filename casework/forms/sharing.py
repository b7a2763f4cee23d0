"""Sharing a case with a colleague (cover)."""

from django import forms

from casework.models import User
from casework.ui.govuk import GovukDateField, GovukFormMixin


class ShareForm(GovukFormMixin, forms.Form):
    colleague = forms.ModelChoiceField(
        label="Colleague covering the case",
        queryset=User.objects.none(),
        empty_label="Choose a colleague",
        error_messages={
            "required": "Select the colleague who will cover the case",
            "invalid_choice": "Choose a colleague who works in the case's team",
        },
    )
    expires_on = GovukDateField(
        label="Cover ends on",
        not_past=True,
        help_text="They can work on the case until the end of this day. Up to 90 days.",
        error_messages={"required": "Enter the date the cover ends"},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = case.team.confirmed_staff().exclude(pk=case.assignee_id)
        self.fields["colleague"].label_from_instance = lambda user: user.display_name
