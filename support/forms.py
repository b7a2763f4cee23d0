from django import forms

from casework.clocks import NATIONS
from casework.govuk import GovukDateField, GovukFormMixin, required_message
from casework.models import Team, User
from casework.vocabularies import ExploitationType
from support.vocabularies import (
    AgeGroup,
    CompetentAuthority,
    DecisionKind,
    FirstResponder,
    Nation,
    Outcome,
    PermissionDecision,
    ReconsiderationOutcome,
    ReferralKind,
    RnaOutcome,
    SupportEndReason,
    SupportKind,
    SupportProvider,
)


def _date(label, *, required=True, help_text=""):
    return GovukDateField(
        label=label,
        required=required,
        not_future=True,
        help_text=help_text,
        error_messages={"required": required_message(label)},
    )


def _choice(label, choices, *, required=True, radios=True):
    return forms.ChoiceField(
        label=label,
        choices=choices if radios else [("", "Choose one"), *choices],
        required=required,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": required_message(label, select=True)},
    )


def _notes():
    return forms.CharField(
        label="Notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Notes must be 5000 characters or fewer"},
    )


class ReferralForm(GovukFormMixin, forms.Form):
    kind = _choice("Kind of referral", ReferralKind.choices)
    submitted_on = _date("Date submitted")
    first_responder = _choice("First Responder Organisation", FirstResponder.choices, radios=False)
    first_responder_other = forms.CharField(
        label="Name of the other First Responder Organisation",
        required=False,
        max_length=200,
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )
    referred_by = forms.ModelChoiceField(
        label="Staff member who referred",
        queryset=User.objects.none(),
        required=False,
        empty_label="Someone outside the organisation",
    )
    nrm_reference = forms.CharField(
        label="NRM reference",
        required=False,
        max_length=50,
        help_text="The Home Office's reference, once you have it.",
        error_messages={"max_length": "The NRM reference must be 50 characters or fewer"},
    )
    age_at_referral = _choice("Age at referral", AgeGroup.choices)
    competent_authority = _choice("Competent authority", CompetentAuthority.choices, required=False)
    nation = _choice("UK nation", Nation.choices)
    working_day_calendar = _choice(
        "Bank holidays for working-day deadlines", [(n, Nation(n).label) for n in NATIONS], radios=False
    )

    def __init__(self, *args, case, possibly_child: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_by"].queryset = User.objects.filter(memberships__team=case.team).distinct()
        self.fields["referred_by"].label_from_instance = lambda user: user.display_name
        self.fields["age_at_referral"].initial = AgeGroup.CHILD if possibly_child else AgeGroup.ADULT
        self.fields["kind"].initial = ReferralKind.NRM
        self.fields["nation"].initial = Nation.ENGLAND
        self.fields["working_day_calendar"].initial = Nation.ENGLAND
        self.fields[
            "working_day_calendar"
        ].help_text = (
            "The Home Office works to England and Wales bank holidays unless the case says otherwise."
        )
        self.fields["competent_authority"].help_text = "Not needed for a Duty to Notify report."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("first_responder") == FirstResponder.OTHER and not cleaned.get(
            "first_responder_other"
        ):
            self.add_error("first_responder_other", "Enter the name of the First Responder Organisation")
        return cleaned


class DecisionForm(GovukFormMixin, forms.Form):
    kind = _choice("Decision", DecisionKind.choices)
    outcome = _choice("Outcome", Outcome.choices)
    decided_on = _date("Date of the decision")
    served_on = _date(
        "Date served on the survivor",
        required=False,
        help_text="The reconsideration deadline runs from this date. Leave blank if not yet known.",
    )
    before_recovery_end = forms.BooleanField(
        label="This CG decision was made before the end of the recovery period", required=False
    )
    notes = _notes()


class DecisionChangeForm(DecisionForm):
    """Correcting a decision: its kind stays (an RG recorded as a CG is deleted and recorded again)."""

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        if kind != DecisionKind.CG:  # only a CG can come before the end of the recovery period
            del self.fields["before_recovery_end"]


class ReferralChangeForm(ReferralForm):
    """Correcting a referral: its kind stays (a Duty to Notify report is not an NRM referral)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class ServedForm(GovukFormMixin, forms.Form):
    served_on = _date("Date served on the survivor")


class ReconsiderationRequestForm(GovukFormMixin, forms.Form):
    requested_on = _date("Date reconsideration was requested")


class ReconsiderationOutcomeForm(GovukFormMixin, forms.Form):
    outcome = _choice(
        "Outcome",
        [(v, label) for v, label in ReconsiderationOutcome.choices if v != ReconsiderationOutcome.PENDING],
    )
    outcome_on = _date("Date of the outcome")


class ReconsiderationChangeForm(GovukFormMixin, forms.Form):
    requested_on = _date("Date reconsideration was requested")
    outcome = _choice("Outcome", ReconsiderationOutcome.choices)
    outcome_on = _date("Date of the outcome", required=False, help_text="Leave blank while waiting.")


class DisqualificationForm(GovukFormMixin, forms.Form):
    decided_on = _date("Date of the disqualification")
    notes = _notes()


class WithdrawalForm(GovukFormMixin, forms.Form):
    withdrawn_on = _date("Date withdrawn")
    notes = _notes()


def _any_date(label, *, required=False, help_text=""):
    """A date that may be in the future (a plan, a due date, an expiry)."""
    return GovukDateField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={"required": required_message(label)},
    )


class SupportPeriodForm(GovukFormMixin, forms.Form):
    kind = _choice("Kind of support", SupportKind.choices, radios=False)
    provider = _choice("Provider", SupportProvider.choices, radios=False)
    provider_name = forms.CharField(
        label="Provider's name",
        required=False,
        max_length=200,
        help_text="Needed for another provider; optional otherwise.",
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )
    start_on = _date("Start date")
    end_on = _date("End date", required=False, help_text="Leave blank if the support is still going.")
    planned_end_on = _any_date("Planned end date", help_text="If an end is planned. It may be in the future.")
    end_reason = _choice("Why it ended", SupportEndReason.choices, required=False, radios=False)
    notes = _notes()


class SupportEndForm(GovukFormMixin, forms.Form):
    end_on = _date("End date")
    end_reason = _choice("Why it ended", SupportEndReason.choices)


class NeedsAssessmentForm(GovukFormMixin, forms.Form):
    due_on = _any_date("Due date", required=True)
    submitted_on = _date("Date submitted", required=False)
    outcome = _choice("Outcome", RnaOutcome.choices)
    next_review_on = _any_date("Next review")
    notes = _notes()


class PermissionToStayForm(GovukFormMixin, forms.Form):
    considered_from = _date("Considered from", help_text="Usually the date of the positive CG decision.")
    decision = _choice("Decision", PermissionDecision.choices)
    decided_on = _date("Date of the decision", required=False)
    expires_on = _any_date("Expiry date", help_text="For permission granted.")
    notes = _notes()


class BacklogFilterForm(GovukFormMixin, forms.Form):
    """The backlog's filters travel in the query string: teams, staff and vocabularies only."""

    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.none(), required=False, empty_label="All my teams"
    )
    caseworker = forms.ChoiceField(label="Caseworker", required=False)
    nation = forms.ChoiceField(label="UK nation", choices=[("", "All"), *Nation.choices], required=False)
    age_group = forms.ChoiceField(
        label="Adult or child", choices=[("", "All"), *AgeGroup.choices], required=False
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
