from django import forms

from casework.models import Team, User
from casework.ui.govuk import GovukFormMixin
from casework.vocabularies import ExploitationType, Nation
from support.vocabularies import ExploitationAge


class BacklogFilterForm(GovukFormMixin, forms.Form):
    """The backlog's filters travel in the query string: teams, staff and vocabularies only."""

    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.none(), required=False, empty_label="All my teams"
    )
    caseworker = forms.ChoiceField(label="Caseworker", required=False)
    nation = forms.ChoiceField(label="UK nation", choices=[("", "All"), *Nation.choices], required=False)
    age_group = forms.ChoiceField(
        label="Age at exploitation", choices=[("", "All"), *ExploitationAge.choices], required=False
    )
    exploitation = forms.ChoiceField(
        label="Exploitation type", choices=[("", "All"), *ExploitationType.choices], required=False
    )

    def __init__(self, *args, team_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(pk__in=team_ids)
        staff = User.objects.filter(memberships__team__in=team_ids).distinct().order_by("username")
        self.fields["caseworker"].choices = [
            ("", "Everyone"),
            *[(str(user.pk), user.display_name) for user in staff],
            ("unassigned", "Unassigned"),
        ]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Select one of the options"
