from django import forms

from casework.ui.fields import choice_field, date_field, text_field
from casework.ui.govuk import GovukFormMixin
from support.vocabularies import EntitlementKind, EntitlementResult

LONG_TEXT = 20000


class EntitlementReceivedForm(GovukFormMixin, forms.Form):
    reveals = {"result": {EntitlementResult.REFUSED: ["refusal_reason"]}}

    kind = choice_field("What", EntitlementKind.choices)
    result = choice_field("Received or refused", EntitlementResult.choices)
    start_on = date_field("From", help_text="The day it started, or the day it was refused.")
    end_on = date_field(
        "To (optional)",
        required=False,
        help_text="The day it ended. Leave blank if it goes on, or for a refusal.",
    )
    refusal_reason = text_field(
        "Why it was refused", LONG_TEXT, textarea=True, help_text="The reason they were given."
    )
    notes = text_field("Notes (optional)", LONG_TEXT, textarea=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("result") != EntitlementResult.REFUSED and cleaned.get("refusal_reason"):
            # Typed, then "Received" chosen: the box was hidden, so the text is dropped.
            cleaned["refusal_reason"] = ""
        return cleaned
