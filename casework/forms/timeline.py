"""The case timeline's filters: which kinds of event, and between which dates. They travel in
the query string (kinds are codes, dates are numbers: nothing about the survivor)."""

from datetime import date

from django import forms

from casework import hooks
from casework.ui.govuk import GovukDateField, GovukFormMixin

PERIOD_BACKWARDS = "Date to must be the same as or after date from"
# The filter's dates become timestamps (a day's end is the next day's start): a date near the
# end of the calendar would overflow, and nothing on a case is dated so far ahead.
LATEST = date(2099, 12, 31)


class TimelineFilterForm(GovukFormMixin, forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Show",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked to see everything.",
        error_messages={"invalid_choice": "Select the kinds of event from the list"},
    )
    start = GovukDateField(
        label="Date from", required=False, latest=LATEST, help_text="For example, 27 3 2025"
    )
    end = GovukDateField(label="Date to", required=False, latest=LATEST)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = hooks.timeline_kinds()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", PERIOD_BACKWARDS)
        return cleaned

    def query(self, limit: int | None = None) -> hooks.TimelineQuery:
        """What was asked for (a form not sent: everything); the kinds ticked, or all if none is."""
        data = self.cleaned_data if self.is_bound else {}
        kinds = data.get("kinds") or [code for code, _label in self.fields["kinds"].choices]
        return hooks.TimelineQuery(
            kinds=frozenset(kinds), start=data.get("start"), end=data.get("end"), limit=limit
        )

    @property
    def filtered(self) -> bool:
        """Whether the reader chose something (an address with other words in it did not)."""
        data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        return bool(data.get("kinds") or data.get("start") or data.get("end"))
