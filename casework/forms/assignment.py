"""Assigning a case."""

from django import forms

from casework.models import Team, User
from casework.ui.govuk import GovukFormMixin
from casework.vocabularies import (
    Role,
)


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
        # Confirmed members only (in one filter(): the same membership row), as the service checks.
        self.fields["assignee"].queryset = User.objects.filter(
            memberships__team=team, memberships__confirmed_role__in=Role.values, is_active=True
        )
        self.fields["assignee"].label_from_instance = lambda user: user.display_name
