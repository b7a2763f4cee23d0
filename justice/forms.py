from django import forms

from casework.ui.fields import choice_field, text_field
from casework.ui.govuk import GovukDateField, GovukFormMixin
from justice.vocabularies import (
    ClaimKind,
    ClaimOutcome,
    DisengagementReason,
    Engagement,
    ExtensionOutcome,
    MilestoneKind,
    MilestoneOutcome,
    OffenceGroup,
    PoliceForce,
    ProceedingKind,
    S45Outcome,
)


class ProceedingForm(GovukFormMixin, forms.Form):
    kind = choice_field("Kind of proceeding", ProceedingKind.choices)
    police_force = choice_field("Police force", PoliceForce.choices, radios=False)
    crime_reference = text_field("Crime reference number", 50, help_text="Needed for a CICA claim.")
    officer_in_charge = text_field("Officer in charge", 200)
    offence = text_field(
        "Offence the survivor is charged with", 2000, textarea=True, help_text="Only if prosecuted."
    )
    offence_group = choice_field(
        "Kind of offence", OffenceGroup.choices, required=False, radios=False, blank=None
    )
    offence_group.help_text = "Only if prosecuted: the statutory defence leaves out some serious offences."
    s45_outcome = choice_field(
        "Section 45 defence", S45Outcome.choices, required=False, radios=False, blank=None
    )
    notes = text_field("Notes", 5000, textarea=True)


class EngagementForm(GovukFormMixin, forms.Form):
    engagement = choice_field("The survivor's engagement", Engagement.choices)
    changed_on = GovukDateField(
        label="Since", not_future=True, error_messages={"required": "Enter the date the engagement changed"}
    )
    reason = choice_field("Why", DisengagementReason.choices, required=False, radios=False, blank=None)


# The details each step records besides its date and notes; a step shows only its own.
STEP_FIELDS = {
    MilestoneKind.CHARGING_DECISION: ("outcome", "survivor_told_on"),
    MilestoneKind.VRR_DECISION: ("outcome",),
    MilestoneKind.PLEA: ("outcome", "defendant"),
    MilestoneKind.VERDICT: ("outcome", "defendant"),
    MilestoneKind.SENTENCE: ("defendant", "custody_months"),
    MilestoneKind.REPARATION_ORDER: ("amount",),
}
STEP_OUTCOMES = {
    MilestoneKind.CHARGING_DECISION: (MilestoneOutcome.CHARGED, MilestoneOutcome.NO_FURTHER_ACTION),
    MilestoneKind.VRR_DECISION: (MilestoneOutcome.UPHELD, MilestoneOutcome.OVERTURNED),
    MilestoneKind.PLEA: (MilestoneOutcome.GUILTY, MilestoneOutcome.NOT_GUILTY, MilestoneOutcome.MIXED),
    MilestoneKind.VERDICT: (MilestoneOutcome.GUILTY, MilestoneOutcome.NOT_GUILTY, MilestoneOutcome.MIXED),
}
HEARINGS_AHEAD = (
    MilestoneKind.FIRST_APPEARANCE,
    MilestoneKind.TRIAL_LISTED,
    MilestoneKind.TRIAL_STARTED,
    MilestoneKind.HEARING,
)


class StepChoiceForm(GovukFormMixin, forms.Form):
    """The first page of recording a step: which step (nothing preselected). Sent by GET, so
    the second page, with only that step's fields, works without JavaScript."""

    step = forms.ChoiceField(
        label="Which step do you want to record?",
        choices=MilestoneKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the step to record",
            "invalid_choice": "Select one of the steps",
        },
    )


class MilestoneForm(GovukFormMixin, forms.Form):
    step = forms.ChoiceField(choices=MilestoneKind.choices, widget=forms.HiddenInput)
    on = GovukDateField(label="Date")
    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome", "invalid_choice": "Select one of the outcomes"},
    )
    survivor_told_on = GovukDateField(
        label="Date the survivor was told",
        required=False,
        not_future=True,
        help_text="For a charging decision.",
    )
    defendant = text_field("Defendant", 50, help_text="For a verdict: which defendant, e.g. Defendant 1.")
    custody_months = forms.IntegerField(
        label="Custody (months)",
        required=False,
        min_value=0,
        max_value=1200,
        error_messages={
            "invalid": "Enter a whole number of months",
            "min_value": "Enter 0 or more",
            "max_value": "Enter 1200 or fewer",
        },
    )
    amount = forms.DecimalField(
        label="Amount (£)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={"invalid": "Enter an amount in pounds, like 1500 or 1500.50"},
    )
    notes = text_field("Notes", 5000, textarea=True)

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].initial = step
        wanted = {"step", "on", "notes", *STEP_FIELDS.get(step, ())}
        for name in [name for name in self.fields if name not in wanted]:
            del self.fields[name]
        if "outcome" in self.fields:
            self.fields["outcome"].choices = [(o.value, o.label) for o in STEP_OUTCOMES[step]]
        if step in HEARINGS_AHEAD:
            self.fields["on"].help_text = "Hearings may be listed ahead."
        else:
            self.fields["on"].not_future = True

    def details(self) -> dict:
        """The cleaned values in the shape milestone_record takes."""
        data = dict(self.cleaned_data)
        data["kind"] = data.pop("step")
        return data


class ClaimForm(GovukFormMixin, forms.Form):
    kind = choice_field("Kind of claim", ClaimKind.choices)
    incident_on = GovukDateField(label="Date of the incident or act", not_future=True)
    period_ended_on = GovukDateField(
        label="Last day, if it went on over a period",
        required=False,
        not_future=True,
        help_text="A period of abuse, or the last of a series of deductions from wages.",
    )
    uses_date_of_birth = forms.BooleanField(
        label="The survivor was under 18 then",
        required=False,
        help_text=(
            "CICA and civil claims. When the survivor's date of birth is on their details, it decides "
            "whether they were under 18: tick this only if it is not recorded."
        ),
    )
    first_reported_on = GovukDateField(
        label="Date first reported to the police",
        required=False,
        not_future=True,
        help_text="CICA: for someone who was a child, the time limit can run from the first report.",
    )
    acas_day_a = GovukDateField(
        label="ACAS early conciliation started (Day A)",
        required=False,
        not_future=True,
        help_text="Employment tribunal claims only.",
    )
    acas_day_b = GovukDateField(
        label="ACAS certificate received (Day B)",
        required=False,
        not_future=True,
        help_text="Employment tribunal claims only.",
    )
    extension_asked_on = GovukDateField(
        label="Date more time was asked for (exceptional circumstances)",
        required=False,
        not_future=True,
        help_text="CICA claims only.",
    )
    extension_outcome = choice_field(
        "What CICA said about more time", ExtensionOutcome.choices, required=False, radios=False, blank=None
    )
    submitted_on = GovukDateField(label="Date submitted", required=False, not_future=True)
    outcome = choice_field("Outcome", ClaimOutcome.choices)
    amount = forms.DecimalField(
        label="Amount (£)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={"invalid": "Enter an amount in pounds, like 1500 or 1500.50"},
    )
    notes = text_field("Notes", 5000, textarea=True)


class ClaimSettleForm(GovukFormMixin, forms.Form):
    progress = choice_field(
        "What happened to the claim",
        [
            ("submitted", "Submitted"),
            (ClaimOutcome.WITHDRAWN.value, "Withdrawn"),
            (ClaimOutcome.NOT_PURSUED.value, "Not pursued (decided not to claim)"),
        ],
    )
    submitted_on = GovukDateField(
        label="Date submitted", required=False, not_future=True, help_text="If it was submitted."
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("progress") == "submitted" and not cleaned.get("submitted_on") and not self.errors:
            self.add_error("submitted_on", "Enter the date the claim was submitted")
        return cleaned
