from django import forms
from django.core.exceptions import ValidationError

from casework.models import User
from casework.ui.fields import choice_field, date_field, notes_field
from casework.ui.govuk import GovukFormMixin
from casework.vocabularies import AgeAtExploitation, Nation
from support.rules.children import pilot_area_choices
from support.rules.referrals import other_first_responder
from support.vocabularies import (
    AgeGroup,
    CompetentAuthority,
    DecisionKind,
    DisqualificationGround,
    DisqualificationReconsiderationOutcome,
    ExploitationAge,
    FirstResponder,
    Outcome,
    ReconsiderationOutcome,
    ReferralKind,
)


class ReferralForm(GovukFormMixin, forms.Form):
    kind = choice_field("Kind of referral", ReferralKind.choices)
    submitted_on = date_field("Date submitted")
    first_responder = choice_field("First Responder Organisation", FirstResponder.choices, radios=False)
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
    age_at_referral = choice_field("Age at referral", AgeGroup.choices)
    age_at_exploitation = choice_field("Age at exploitation", ExploitationAge.choices)
    competent_authority = choice_field("Competent authority", CompetentAuthority.choices, required=False)
    child_panel_area = choice_field(
        "Local authority of the devolved decision-making pilot",
        pilot_area_choices(),
        required=False,
        radios=False,
        blank="Not the devolved panel",
    )
    nation = choice_field("UK nation", Nation.choices)

    def __init__(self, *args, case, possibly_child: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_by"].queryset = User.objects.filter(memberships__team=case.team).distinct()
        self.fields["referred_by"].label_from_instance = lambda user: user.display_name
        self.fields["age_at_referral"].initial = AgeGroup.CHILD if possibly_child else AgeGroup.ADULT
        self.fields["age_at_exploitation"].initial = {
            AgeAtExploitation.ADULT: ExploitationAge.ADULT,
            AgeAtExploitation.CHILD: ExploitationAge.CHILD,
        }.get(case.age_at_exploitation, ExploitationAge.NOT_SPECIFIED)
        self.fields["age_at_exploitation"].help_text = (
            "How old they were when the exploitation happened, which may differ from their age now. "
            "The statistics count this, as the Home Office does."
        )
        self.fields["kind"].initial = ReferralKind.NRM
        self.fields["kind"].help_text = (
            "A Duty to Notify report is for adults only. A child, or a person who may be a child, is "
            "always referred to the NRM and needs no consent."
        )
        self.fields[
            "child_panel_area"
        ].help_text = "Only for a child's referral decided by the devolved panel of a pilot local authority."
        self.fields["nation"].initial = Nation.ENGLAND
        self.fields[
            "nation"
        ].help_text = "Picks the support rules. Home Office deadlines count England and Wales bank holidays."
        self.fields["competent_authority"].help_text = "Not needed for a Duty to Notify report."

    def clean(self):
        cleaned = super().clean()
        try:
            other_first_responder(cleaned.get("first_responder"), cleaned.get("first_responder_other"))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class DecisionForm(GovukFormMixin, forms.Form):
    kind = choice_field("Decision", DecisionKind.choices)
    outcome = choice_field("Outcome", Outcome.choices)
    decided_on = date_field("Date of the decision")
    served_on = date_field(
        "Date served on the survivor",
        required=False,
        help_text="The reconsideration deadline runs from this date. Leave blank if not yet known.",
    )
    before_recovery_end = forms.BooleanField(
        label="This CG decision was made before the end of the recovery period", required=False
    )
    notes = notes_field()


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
    served_on = date_field("Date served on the survivor")


class ReconsiderationRequestForm(GovukFormMixin, forms.Form):
    requested_on = date_field("Date reconsideration was requested")


class ReconsiderationOutcomeForm(GovukFormMixin, forms.Form):
    outcome = choice_field(
        "Outcome",
        [(v, label) for v, label in ReconsiderationOutcome.choices if v != ReconsiderationOutcome.PENDING],
    )
    outcome_on = date_field("Date of the outcome")


class ReconsiderationChangeForm(GovukFormMixin, forms.Form):
    requested_on = date_field("Date reconsideration was requested")
    outcome = choice_field("Outcome", ReconsiderationOutcome.choices)
    outcome_on = date_field("Date of the outcome", required=False, help_text="Leave blank while waiting.")


class DisqualificationForm(GovukFormMixin, forms.Form):
    decided_on = date_field("Date of the disqualification")
    ground = choice_field("Ground for the disqualification", DisqualificationGround.choices)
    notes = notes_field()


class DisqualificationReconsiderationForm(GovukFormMixin, forms.Form):
    reconsideration_requested_on = date_field("Date reconsideration of the disqualification was requested")
    reconsideration_outcome = choice_field("Outcome", DisqualificationReconsiderationOutcome.choices)
    reconsideration_outcome_on = date_field(
        "Date of the outcome", required=False, help_text="Leave blank while waiting."
    )


class DisqualificationChangeForm(DisqualificationForm):
    """Correcting a disqualification, and any reconsideration of it."""

    reconsideration_requested_on = date_field(
        "Date reconsideration of the disqualification was requested",
        required=False,
        help_text="Leave blank if none was asked for.",
    )
    reconsideration_outcome = choice_field(
        "Outcome of the reconsideration", DisqualificationReconsiderationOutcome.choices, required=False
    )
    reconsideration_outcome_on = date_field(
        "Date of the outcome", required=False, help_text="Leave blank while waiting."
    )


class WithdrawalForm(GovukFormMixin, forms.Form):
    withdrawn_on = date_field("Date withdrawn")
    notes = notes_field()
