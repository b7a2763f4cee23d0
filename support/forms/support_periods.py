from django import forms

from casework.ui.fields import choice_field, date_field, notes_field
from casework.ui.govuk import GovukFormMixin
from support.vocabularies import (
    PermissionDecision,
    PermissionGround,
    SupportEndReason,
    SupportKind,
    SupportProvider,
)


class SupportPeriodForm(GovukFormMixin, forms.Form):
    kind = choice_field("Kind of support", SupportKind.choices, radios=False)
    provider = choice_field("Provider", SupportProvider.choices, radios=False)
    provider_name = forms.CharField(
        label="Provider's name",
        required=False,
        max_length=200,
        help_text="Needed for another provider; optional otherwise.",
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )
    start_on = date_field("Start date")
    end_on = date_field("End date", required=False, help_text="Leave blank if the support is still going.")
    planned_end_on = date_field(
        "Planned end date",
        required=False,
        not_future=False,
        help_text="If an end is planned. It may be in the future.",
    )
    end_reason = choice_field("Why it ended", SupportEndReason.choices, required=False, radios=False)
    notes = notes_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].help_text = (
            "Places of Safety support (up to 3 working days while the person decides on a referral) "
            "may start before the referral."
        )
        self.fields["end_reason"].help_text = (
            "The survivor's own choice is recorded as theirs, not as the service failing. For support "
            "offered and declined, enter the day it was offered as the start and the day declined as the end."
        )


class SupportEndForm(GovukFormMixin, forms.Form):
    end_on = date_field("End date")
    end_reason = choice_field("Why it ended", SupportEndReason.choices)


class PermissionToStayForm(GovukFormMixin, forms.Form):
    considered_from = date_field("Considered from", help_text="Usually the date of the positive CG decision.")
    decision = choice_field("Decision", PermissionDecision.choices)
    decided_on = date_field("Date of the decision", required=False)
    expires_on = date_field(
        "Expiry date", required=False, not_future=False, help_text="For permission granted."
    )
    ground = choice_field(
        "Granted for", PermissionGround.choices, required=False, radios=False, blank="Not granted (yet)"
    )
    extension_applied_on = date_field(
        "Date an extension was applied for", required=False, help_text="Leave blank if none has been."
    )
    notes = notes_field()
