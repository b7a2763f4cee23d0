"""The contact log form: made to be filled in within a minute after a call."""

from datetime import UTC, datetime

from django import forms
from django.utils import timezone

from casework.models.contacts import NOTE_MAX_LENGTH
from casework.ui.fields import choice_field, date_field, text_field
from casework.ui.govuk import GovukFormMixin
from casework.vocabularies import ContactKind, ContactPlace

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%I:%M%p", "%I:%M %p", "%I.%M%p", "%I%p", "%I %p"]


class _TimeField(forms.TimeField):
    def to_python(self, value):
        # Spaces alone are no time at all: "Enter the time", not "enter it like 14:30".
        if isinstance(value, str) and not value.strip():
            return None
        return super().to_python(value)


class ContactForm(GovukFormMixin, forms.Form):
    service_error_fields = {"happened_at": "on"}

    on = date_field("Date of the contact")
    at = _TimeField(
        label="Time",
        input_formats=TIME_FORMATS,
        help_text="For example, 14:30 or 2:30pm",
        widget=forms.TimeInput(
            format="%H:%M", attrs={"class": "govuk-input--width-5", "autocomplete": "off"}
        ),
        error_messages={
            "required": "Enter the time of the contact",
            "invalid": "Enter the time like 14:30 or 2:30pm",
        },
    )
    kind = choice_field("Kind of contact", ContactKind.choices)
    duration_minutes = forms.IntegerField(
        label="How long, in minutes (optional)",
        required=False,
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "invalid": "How long must be a whole number of minutes",
            "min_value": "How long must be at least 1 minute",
            "max_value": "How long must be 1440 minutes (a day) or less",
        },
    )
    staff = forms.ModelMultipleChoiceField(
        label="Staff who took part",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose staff who work on this case"},
    )
    others_present = text_field(
        "Others who took part (optional)",
        500,
        help_text="For example, a police officer or a solicitor. Names are kept encrypted.",
    )
    interpreter_used = forms.BooleanField(label="An interpreter was used", required=False)
    interpreter_language = text_field("Language interpreted", 100, help_text="If an interpreter was used.")
    place = choice_field(
        "Where was it? (optional)", ContactPlace.choices, required=False, radios=False, blank="Not recorded"
    )
    note = text_field(
        "Note (optional)",
        NOTE_MAX_LENGTH,
        textarea=True,
        rows=8,
        help_text="What was discussed and agreed. Never write an address: where someone lives or "
        "works can lead an exploiter to them.",
    )
    safeguarding_concern = forms.BooleanField(
        label="Safeguarding concern",
        required=False,
        help_text="Your team's managers see it on their My work and in their next morning email until "
        "one of them marks it seen. If someone is in danger now, act as your safeguarding policy says.",
    )
    survivor_distressed = forms.BooleanField(label="The survivor was distressed", required=False)
    exploiter_contact_reported = forms.BooleanField(
        label="The survivor reported contact from an exploiter", required=False
    )

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset
        self.fields["staff"].label_from_instance = lambda person: person.display_name

    def clean(self):
        cleaned = super().clean()
        on, at = cleaned.get("on"), cleaned.get("at")
        if on is not None and at is not None:
            happened_at = timezone.make_aware(datetime.combine(on, at))
            round_trip = timezone.localtime(happened_at.astimezone(UTC))
            if round_trip.time().replace(second=0) != at.replace(second=0):
                # 01:00-01:59 on the last Sunday of March does not exist in the UK.
                self.add_error("at", "That time did not happen: the clocks went forward an hour that night")
            else:
                cleaned["happened_at"] = happened_at
        return cleaned


def service_values(data: dict) -> dict:
    """The form's answers as the contact services take them: the date and time as one value."""
    return {name: value for name, value in data.items() if name not in ("on", "at")}


class ContactLogForm(ContactForm):
    """Logging a contact, with an optional follow-up task for the person logging it."""

    service_error_fields = {"happened_at": "on", "due_on": "follow_up_due_on", "title": "follow_up_title"}

    follow_up_title = text_field(
        "Follow-up task (optional)", 200, help_text="For example, call back about the GP appointment."
    )
    follow_up_due_on = date_field("Follow-up due date", required=False, not_future=False)

    def clean(self):
        cleaned = super().clean()
        title, due = cleaned.get("follow_up_title"), cleaned.get("follow_up_due_on")
        if title and not due and "follow_up_due_on" not in self.errors:
            self.add_error("follow_up_due_on", "Enter the date the follow-up is due")
        if due and not title and "follow_up_title" not in self.errors:
            self.add_error("follow_up_title", "Enter what the follow-up is, or clear its date")
        return cleaned
