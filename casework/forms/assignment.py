"""Assigning a case."""

from django import forms

from casework.models import Team, User
from casework.ui.govuk import GovukFormMixin


class AssignForm(GovukFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(
        label="Assign to",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody (unassigned)",
        error_messages={"invalid_choice": "Select someone who works in the case's team"},
    )

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = team.confirmed_staff()
        self.fields["assignee"].label_from_instance = lambda user: user.display_name
