from django import forms

from casework.ui.fields import choice_field, date_field, text_field
from casework.ui.govuk import GovukFormMixin
from support.models.risk import EVIDENCE_MAX, SAFETY_PLAN_MAX
from support.services.risk import evidence_field, level_field
from support.vocabularies import RiskArea, RiskLevel

AREA_LEVELS = [("", "Not identified"), *RiskLevel.choices]


class RiskAssessmentForm(GovukFormMixin, forms.Form):
    """One assessment: the date, each area's level and evidence, the overall level and the
    safety plan. The area fields are added below, two per area, in the areas' order."""

    assessed_on = date_field("Date assessed")


for _area in RiskArea:
    RiskAssessmentForm.base_fields[level_field(_area)] = choice_field(
        _area.label, AREA_LEVELS, required=False
    )
    RiskAssessmentForm.base_fields[evidence_field(_area)] = text_field(
        f"Evidence ({_area.label.lower()})",
        EVIDENCE_MAX,
        textarea=True,
        rows=2,
        help_text="What shows this risk, and what is in place.",
    )
RiskAssessmentForm.base_fields["overall_level"] = choice_field(
    "Overall risk level",
    RiskLevel.choices,
)
RiskAssessmentForm.base_fields[
    "overall_level"
].help_text = "At least the highest level of any area. It sets the date of the next review."
RiskAssessmentForm.base_fields["safety_plan"] = text_field(
    "Safety plan",
    SAFETY_PLAN_MAX,
    textarea=True,
    rows=6,
    help_text="What the survivor and the team will do to keep the survivor safe, and who to call.",
)


def _days(label):
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the days for {label.lower()}",
            "invalid": f"{label} must be a whole number of days",
            "min_value": f"{label} must be 1 day or more",
            "max_value": f"{label} must be 365 days or fewer",
        },
    )


class RiskReviewPolicyForm(GovukFormMixin, forms.Form):
    effective_from = date_field("From", not_future=False, help_text="Today or later.")
    high_days = _days("High risk")
    medium_days = _days("Medium risk")
    low_days = _days("Low risk")
