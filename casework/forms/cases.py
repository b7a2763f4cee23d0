"""The survivor's details form and the case search."""

import re

from django import forms
from django_countries import countries

from casework.models import Person
from casework.models.cases import REFERENCE_PATTERN
from casework.ui.fields import text_field
from casework.ui.govuk import GovukDateField, GovukFormMixin
from casework.vocabularies import (
    AgeAtExploitation,
    ExploitationType,
    Gender,
    RiskFlag,
    WhereExploited,
)

_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,30}$")

_COUNTRY_CHOICES = [("", "Choose a country"), *countries]

YES_NO = [(True, "Yes"), (False, "No")]


class SurvivorDetailsForm(GovukFormMixin, forms.Form):
    """The survivor's details, for opening a case and for editing it."""

    given_names = text_field("Given names", 200, required=True, help_text="As the survivor gives them.")
    family_name = text_field("Family name", 200, help_text="Leave blank if the survivor has only one name.")
    pronouns = text_field(
        "Pronouns", 50, help_text="As the survivor asks to be referred to, for example she/her, they/them."
    )
    aliases = text_field(
        "Other names used", 2000, textarea=True, help_text="Names given by exploiters, nicknames."
    )
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, not_future=True, help_text="For example, 27 3 1995"
    )
    estimated_age = forms.IntegerField(
        label="Estimated age, if the date of birth is not known",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Estimated age must be a whole number",
            "min_value": "Estimated age must be 0 or more",
            "max_value": "Estimated age must be 120 or less",
        },
    )
    # These three change what the app tells the caseworker (a possible child, the NRM
    # statistics), so they start unanswered: "Not known" must be a choice, never a default.
    gender = forms.ChoiceField(
        label="Gender",
        choices=Gender.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the survivor's gender, or Not known"},
    )
    nationality = forms.ChoiceField(label="Nationality", choices=_COUNTRY_CHOICES, required=False)
    second_nationality = forms.ChoiceField(
        label="Second nationality, if any", choices=_COUNTRY_CHOICES, required=False
    )
    languages = text_field("Languages spoken", 300)
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    phone = text_field("Phone number", 30, help_text="Only a number that is safe to use.")
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    address = text_field("Address", 1000, textarea=True)
    safe_to_call = forms.BooleanField(label="Safe to call", required=False)
    safe_to_text = forms.BooleanField(label="Safe to send text messages", required=False)
    safe_to_leave_voicemail = forms.BooleanField(label="Safe to leave a voicemail", required=False)
    safe_contact_times = text_field("Safe times to make contact", 300)
    age_at_exploitation = forms.ChoiceField(
        label="Age at exploitation",
        choices=AgeAtExploitation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the survivor's age at exploitation, or Not known"},
    )
    exploitation_types = forms.MultipleChoiceField(
        label="Type of exploitation",
        choices=ExploitationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    county_lines = forms.BooleanField(label="County lines", required=False)
    where_exploited = forms.ChoiceField(
        label="Where exploited",
        choices=WhereExploited.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the survivor was exploited, or Not known"},
    )
    # Noted when the case is opened, and kept as that: the case's Risk page (support) records
    # assessments from then on, so editing the details does not offer them again.
    risk_flags = forms.MultipleChoiceField(
        label="Risks noted at opening",
        choices=RiskFlag.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. Record a full risk assessment on the case's Risk page.",
    )
    notes = text_field("Notes", 10000, textarea=True, rows=6)

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is None:  # editing the details of an open case: the risks are the Risk page's
            del self.fields["risk_flags"]
        if teams is not None:
            # Opening a case: choose the team when the caseworker works in more than one.
            self.fields["team"] = forms.ModelChoiceField(
                label="Team",
                queryset=teams,
                empty_label=None,
                widget=forms.RadioSelect,
                error_messages={"required": "Select the team", "invalid_choice": "Select one of your teams"},
            )
            self.fields["team"].widget.attrs["class"] = "govuk-radios__input"
            if len(teams) == 1:
                self.fields["team"].initial = teams.first().pk
                self.fields["team"].widget = forms.HiddenInput()
            self.order_fields(["team"])

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError("Enter a phone number, like 07700 900 982 or +44 7700 900 982")
        return phone

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("nationality"), cleaned.get("second_nationality")
        if second and not first:
            self.add_error("second_nationality", "Enter the first nationality before a second one")
        elif second and second == first:
            self.add_error("second_nationality", "The second nationality must differ from the first")
        return cleaned

    def details(self) -> dict:
        """The cleaned values in the shape the services take."""
        data = {name: self.cleaned_data[name] for name in Person.EDITABLE_FIELDS if name in self.fields}
        if "risk_flags" in self.fields:
            data["risk_flags"] = sorted(self.cleaned_data["risk_flags"])
        data["nationalities"] = [
            code
            for code in (self.cleaned_data["nationality"], self.cleaned_data["second_nationality"])
            if code
        ]
        for name in (
            "gender",
            "age_at_exploitation",
            "county_lines",
            "where_exploited",
            "exploitation_types",
        ):
            data[name] = self.cleaned_data[name]
        return data

    @classmethod
    def initial_for(cls, case) -> dict:
        person = case.person
        initial = {name: getattr(person, name) for name in Person.EDITABLE_FIELDS}
        nationalities = [country.code for country in case.nationalities]
        initial["nationality"] = nationalities[0] if nationalities else ""
        initial["second_nationality"] = nationalities[1] if len(nationalities) > 1 else ""
        initial["exploitation_types"] = [e.kind for e in case.exploitations.all()]
        for name in ("gender", "age_at_exploitation", "county_lines", "where_exploited"):
            initial[name] = getattr(case, name)
        return initial


class CaseSearchForm(GovukFormMixin, forms.Form):
    """Find a case by its reference, or by name and date of birth (exact match through the
    blind index). Sent by POST, so a name never appears in a URL or an access log."""

    reference = forms.CharField(
        label="Case reference",
        required=False,
        max_length=20,
        help_text="For example, SC-7K3M-Q9TD",
        error_messages={"max_length": "Case reference must be 20 characters or fewer"},
    )
    full_name = text_field("Full name", 400, help_text="Given names and family name.")
    date_of_birth = GovukDateField(label="Date of birth", required=False)

    def clean(self):
        cleaned = super().clean()
        reference = (cleaned.get("reference") or "").strip().upper()
        cleaned["reference"] = reference
        name, dob = cleaned.get("full_name"), cleaned.get("date_of_birth")
        if self.errors:
            return cleaned
        if reference:
            if not re.fullmatch(REFERENCE_PATTERN, reference):
                self.add_error("reference", "Enter a case reference like SC-7K3M-Q9TD")
        elif name and not dob:
            self.add_error("date_of_birth", "Enter the date of birth as well as the name")
        elif dob and not name:
            self.add_error("full_name", "Enter the full name as well as the date of birth")
        elif not name:
            raise forms.ValidationError("Enter a case reference, or a full name and date of birth")
        return cleaned
