"""The form fields every app builds its forms from, with the words the GOV.UK Design System
uses for a missing or too long answer (GovukFormMixin fills in the rest)."""

from django import forms

from casework.ui.govuk import GovukDateField, required_message


def text_field(label, max_length, *, required=False, help_text="", textarea=False, rows=3):
    widget = forms.Textarea(attrs={"rows": rows}) if textarea else forms.TextInput
    named = label.removesuffix(" (optional)")  # "Note must be ...", not "Note (optional) must be ..."
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget,
        error_messages={
            "required": required_message(named),
            "max_length": f"{named} must be %(limit_value)d characters or fewer",
        },
    )


def notes_field(*, max_length=5000, rows=4, help_text=""):
    return text_field("Notes", max_length, textarea=True, rows=rows, help_text=help_text)


def choice_field(label, choices, *, required=True, radios=True, blank: str | None = "Choose one"):
    """Radios, or a select whose first option is `blank` (None: no empty option)."""
    return forms.ChoiceField(
        label=label,
        choices=choices if radios or blank is None else [("", blank), *choices],
        required=required,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": required_message(label, select=True)},
    )


def date_field(label, *, required=True, not_future=True, help_text=""):
    """A date; `not_future=False` for one that may be ahead (a plan, a due date, an expiry), then
    no more than casework.dates.YEARS_AHEAD years ahead (the year 9999 is a slip)."""
    return GovukDateField(
        label=label,
        required=required,
        not_future=not_future,
        within_years=not not_future,
        help_text=help_text,
        error_messages={"required": required_message(label)},
    )
