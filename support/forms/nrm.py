from django import forms

from casework.models import User
from casework.ui.govuk import GovukDateField, GovukFormMixin, required_message
from casework.vocabularies import Nation
from support.vocabularies import (
    AgeGroup,
    CompetentAuthority,
    DecisionKind,
    FirstResponder,
    Outcome,
    ReconsiderationOutcome,
    ReferralKind,
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
    working_day_calendar = _choice("Bank holidays for working-day deadlines", Nation.choices, radios=False)

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
