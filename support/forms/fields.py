"""The form fields the NRM and support forms build from, with the same error messages."""

from django import forms

from casework.ui.govuk import GovukDateField, required_message


def date_field(label, *, required=True, help_text=""):
    """A date today or in the past."""
    return GovukDateField(
        label=label,
        required=required,
        not_future=True,
        help_text=help_text,
        error_messages={"required": required_message(label)},
    )


def choice_field(label, choices, *, required=True, radios=True):
    return forms.ChoiceField(
        label=label,
        choices=choices if radios else [("", "Choose one"), *choices],
        required=required,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": required_message(label, select=True)},
    )


def notes_field():
    return forms.CharField(
        label="Notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Notes must be 5000 characters or fewer"},
    )


def any_date_field(label, *, required=False, help_text=""):
    """A date that may be in the future (a plan, a due date, an expiry)."""
    return GovukDateField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={"required": required_message(label)},
    )
