import re
from datetime import date

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils import timezone
from django_countries import countries

from casework.models import Person, Team, User
from casework.models.cases import REFERENCE_PATTERN
from casework.ui.dates import long_date
from casework.ui.fields import text_field
from casework.ui.govuk import GovukDateField, GovukFormMixin
from casework.vocabularies import (
    AgeAtExploitation,
    ClosureReason,
    ConsentDecision,
    ConsentPurpose,
    ExploitationType,
    Gender,
    RiskFlag,
    Role,
    WhereExploited,
)

_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,30}$")
_COUNTRY_CHOICES = [("", "Choose a country"), *countries]

YES_NO = [(True, "Yes"), (False, "No")]


class SurvivorDetailsForm(GovukFormMixin, forms.Form):
    """The survivor's details, for opening a case and for editing it."""

    given_names = text_field("Given names", 200, required=True, help_text="As the survivor gives them.")
    family_name = text_field("Family name", 200, help_text="Leave blank if the survivor has only one name.")
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
    risk_flags = forms.MultipleChoiceField(
        label="Risks",
        choices=RiskFlag.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    notes = text_field("Notes", 10000, textarea=True, rows=6)

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
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
        data = {name: self.cleaned_data[name] for name in Person.EDITABLE_FIELDS}
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


class AssignForm(GovukFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(
        label="Assign to",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody (unassigned)",
        error_messages={"invalid_choice": "Select someone who works in the case's team"},
    )

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        # Confirmed members only (in one filter(): the same membership row), as the service checks.
        self.fields["assignee"].queryset = User.objects.filter(
            memberships__team=team, memberships__confirmed_role__in=Role.values, is_active=True
        )
        self.fields["assignee"].label_from_instance = lambda user: user.display_name


class ShareForm(GovukFormMixin, forms.Form):
    colleague = forms.ModelChoiceField(
        label="Colleague covering the case",
        queryset=User.objects.none(),
        empty_label="Choose a colleague",
        error_messages={
            "required": "Select the colleague who will cover the case",
            "invalid_choice": "Choose a colleague who works in the case's team",
        },
    )
    expires_on = GovukDateField(
        label="Cover ends on",
        not_past=True,
        help_text="They can work on the case until the end of this day. Up to 90 days.",
        error_messages={"required": "Enter the date the cover ends"},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = User.objects.filter(
            memberships__team=case.team, memberships__confirmed_role__in=Role.values, is_active=True
        ).exclude(pk=case.assignee_id)
        self.fields["colleague"].label_from_instance = lambda user: user.display_name


class CloseForm(GovukFormMixin, forms.Form):
    closed_on = GovukDateField(
        label="Date closed",
        not_future=True,
        error_messages={"required": "Enter the date the case closed"},
    )
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is closing"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class AuditFilterForm(GovukFormMixin, forms.Form):
    """Filters for a manager's audit page. References and usernames are not personal
    data about survivors, so these filters travel in the query string."""

    case = forms.CharField(
        label="Case reference",
        required=False,
        max_length=20,
        error_messages={"max_length": "Case reference must be 20 characters or fewer"},
    )
    user = forms.ModelChoiceField(label="Member of staff", queryset=User.objects.none(), required=False)
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff
        self.fields["user"].label_from_instance = lambda user: user.display_name
        self.fields["user"].empty_label = "Anyone"
        for name in ("date_from", "date_to"):
            self.fields[name].error_messages["invalid"] = "Enter a real date"

    def clean_case(self):
        return self.cleaned_data["case"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            self.add_error("date_to", "The end date must be on or after the start date")
        return cleaned


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
            if not cleaned.get("organisation"):
                self.add_error("organisation", "Enter the organisation's name")
        elif cleaned.get("organisation"):
            # Typed, then another purpose chosen: the box was hidden, so the text is dropped.
            cleaned["organisation"] = ""
        return cleaned


class ConsentWithdrawForm(GovukFormMixin, forms.Form):
    withdrawn_on = GovukDateField(label="Date consent was withdrawn", not_future=True)


class MfaCodeForm(GovukFormMixin, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your 8-digit backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": "Enter the code", "max_length": "Enter the code from your app"},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("The code is made of numbers only")
        return code


class EraseForm(GovukFormMixin, forms.Form):
    cases = forms.MultipleChoiceField(
        label="Cases to erase",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one case", "invalid_choice": "Select from the list"},
    )
    confirm = forms.BooleanField(
        label="I understand the survivors' personal data will be erased and cannot be recovered",
        error_messages={"required": "Confirm that you understand the data cannot be recovered"},
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [
            (
                case.reference,
                f"{case.reference} ({case.team.name}), kept until {long_date(case.retention_until)}",
            )
            for case in cases
        ]


class PasswordConfirmForm(GovukFormMixin, forms.Form):
    """Re-entering the password: the step-up check when two-factor sign-in is off (demo)."""

    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=200,
        error_messages={"required": "Enter your password"},
    )


class GovukPasswordChangeForm(GovukFormMixin, PasswordChangeForm):
    """Django's password change, with the Design System's messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "old_password": "Enter your current password",
            "new_password1": "Enter a new password",
            "new_password2": "Enter the new password again",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not right. Enter it again.",
            "password_mismatch": "The two new passwords are different. Enter the same password twice.",
        }
