from django import forms

from casework.ui.fields import choice_field, text_field
from casework.ui.govuk import GovukFormMixin
from support.forms.dates import named_date_field
from support.vocabularies import EntitlementKind, EntitlementResult

LONG_TEXT = 20000


class EntitlementReceivedForm(GovukFormMixin, forms.Form):
    reveals = {"result": {EntitlementResult.REFUSED: ["refusal_reason"]}}

    kind = choice_field("What was received or refused", EntitlementKind.choices)
    result = choice_field("Was it received or refused?", EntitlementResult.choices)
    start_on = named_date_field(
        "Date it started", "the date it started", help_text="For a refusal, the day it was refused."
    )
    end_on = named_date_field(
        "Date it ended (optional)",
        "the date it ended",
        required=False,
        help_text="Leave blank if it goes on, or for a refusal.",
    )
    refusal_reason = text_field(
        "Why it was refused", LONG_TEXT, textarea=True, help_text="The reason they were given."
    )
    notes = text_field("Notes (optional)", LONG_TEXT, textarea=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].error_messages["required"] = "Select whether it was received or refused"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("result") != EntitlementResult.REFUSED and cleaned.get("refusal_reason"):
            # Typed, then "Received" chosen: the box was hidden, so the text is dropped.
            cleaned["refusal_reason"] = ""
        return cleaned
