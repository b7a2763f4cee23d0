"""Consent decisions."""

from django import forms

from casework.ui.fields import text_field
from casework.ui.govuk import GovukDateField, GovukFormMixin
from casework.vocabularies import (
    ConsentDecision,
    ConsentPurpose,
)


class ConsentForm(GovukFormMixin, forms.Form):
    reveals = {"purpose": {ConsentPurpose.ORGANISATION_SHARING: ["organisation"]}}

    purpose = forms.ChoiceField(
        label="What is the consent for?",
        choices=ConsentPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the consent is for"},
    )
    organisation = text_field(
        "Organisation", 200, help_text="The organisation the information is shared with."
    )
    decision = forms.ChoiceField(
        label="Did the survivor give consent?",
        choices=ConsentDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was given or refused"},
    )
    decided_on = GovukDateField(label="Date of the decision", not_future=True)
    notes = text_field("Notes", 2000, textarea=True, help_text="For example, how the survivor was informed.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("purpose") == ConsentPurpose.ORGANISATION_SHARING:
            # A name refused already (too long) has its own message: do not add "enter one".
            if not cleaned.get("organisation") and "organisation" not in self.errors:
                self.add_error("organisation", "Enter the organisation's name")
        elif cleaned.get("organisation"):
            # Typed, then another purpose chosen: the box was hidden, so the text is dropped.
            cleaned["organisation"] = ""
        return cleaned


class ConsentWithdrawForm(GovukFormMixin, forms.Form):
    withdrawn_on = GovukDateField(label="Date consent was withdrawn", not_future=True)
