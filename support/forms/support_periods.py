from django import forms

from casework.ui.govuk import GovukDateField, GovukFormMixin, required_message
from support.forms.nrm import _choice, _date, _notes
from support.vocabularies import (
    PermissionDecision,
    RnaOutcome,
    SupportEndReason,
    SupportKind,
    SupportProvider,
)


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
