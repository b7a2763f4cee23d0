"""Forms built from the questionnaire declarations (screening/questions.py)."""

import json
from datetime import date

from django import forms
from django.utils import timezone

from casework.ui.govuk import GovukDateField, GovukFormMixin
from screening.questions import DATE, INDICATORS, LONG_TEXT, MULTI, YES_NO, Question, Section
from screening.vocabularies import StopReason

YES_NO_CHOICES = (("yes", "Yes"), ("no", "No"))


def required_message(question: Question) -> str:
    """The Design System's words for a missing answer: "Enter...", "Select..."."""
    if question.error:
        return question.error
    label = question.label.rstrip("?")
    if question.kind in (YES_NO, "choice", MULTI):
        return f"Select an answer to: {label[:1].lower()}{label[1:]}"
    return f"Enter the {label[:1].lower()}{label[1:]}"


def _field(question: Question, required: bool) -> forms.Field:
    common = {"label": question.label, "required": required, "help_text": question.help_text}
    messages = {"required": required_message(question)}
    if question.kind == DATE:
        return GovukDateField(not_future=True, error_messages=messages, **common)
    if question.kind in (YES_NO, "choice"):
        choices = YES_NO_CHOICES if question.kind == YES_NO else question.choices
        messages["invalid_choice"] = "Select one of the options"
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, error_messages=messages, **common)
    if question.kind == MULTI:
        return forms.MultipleChoiceField(
            choices=question.choices, widget=forms.CheckboxSelectMultiple, error_messages=messages, **common
        )
    widget = forms.Textarea(attrs={"rows": 4}) if question.kind == LONG_TEXT else forms.TextInput
    messages["max_length"] = f"{question.label} must be {question.max_length} characters or fewer"
    return forms.CharField(max_length=question.max_length, widget=widget, error_messages=messages, **common)


def indicator_keys(question: Question, code: str) -> tuple[str, str]:
    return f"{question.key}__{code}", f"{question.key}__{code}__evidence"


class SectionForm(GovukFormMixin, forms.Form):
    """One section of the interview. `draft=True` (save and come back later) checks formats
    and lengths but not that required questions are answered."""

    def __init__(
        self,
        *args,
        section: Section,
        answers: dict | None = None,
        draft: bool = False,
        user=None,
        **kwargs,
    ):
        self.section = section
        self.draft = draft
        initial = self.initial_from(section, answers or {})
        prefilled = {}
        if not answers:
            # A new section starts with what is nearly always true: today, and whoever is
            # signed in as the interviewer.
            for question in section.questions:
                if question.starts_as == "today":
                    prefilled[question.key] = timezone.localdate().isoformat()
                    initial[question.key] = timezone.localdate()
                elif question.starts_as == "signed_in_user" and user is not None:
                    prefilled[question.key] = initial[question.key] = user.display_name
        super().__init__(*args, initial=initial, **kwargs)
        # What the page filled in for the person travels with the form, so that after someone
        # else saves, a value the person left as it was is not taken for their own edit.
        self.fields["prefilled"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=json.dumps(prefilled) if prefilled else ""
        )
        for question in section.questions:
            if question.kind == INDICATORS:
                for code, label in question.choices:
                    ticked, evidence = indicator_keys(question, code)
                    self.fields[ticked] = forms.BooleanField(label=label, required=False)
                    self.fields[evidence] = forms.CharField(
                        label=f"Evidence: {label.lower()}",
                        required=False,
                        max_length=2000,
                        widget=forms.Textarea(attrs={"rows": 2}),
                        error_messages={"max_length": "Evidence must be 2000 characters or fewer"},
                    )
            else:
                self.fields[question.key] = _field(question, required=question.required and not draft)
        self.style_widgets()  # the fields were added after GovukFormMixin styled the form
        # A question needed only after a given answer is revealed under that answer.
        self.reveals = {}
        for question in section.questions:
            if question.required_if:
                other, value = question.required_if
                self.reveals.setdefault(other, {}).setdefault(value, []).append(question.key)

    def indicator_groups(self) -> list[dict]:
        """For the template: each indicator question with its (checkbox, evidence) fields, so
        the evidence box can be revealed when its indicator is ticked."""
        groups = []
        for question in self.section.questions:
            if question.kind == INDICATORS:
                pairs = [
                    tuple(self[key] for key in indicator_keys(question, code))
                    for code, _l in question.choices
                ]
                groups.append({"question": question, "pairs": pairs})
        return groups

    @staticmethod
    def initial_from(section: Section, answers: dict) -> dict:
        initial = {}
        for question in section.questions:
            value = answers.get(question.key)
            if question.kind == INDICATORS:
                for code, evidence in (value or {}).items():
                    ticked, evidence_key = indicator_keys(question, code)
                    initial[ticked] = True
                    initial[evidence_key] = evidence
            elif question.kind == DATE and value:
                initial[question.key] = date.fromisoformat(value)
            elif value is not None:
                initial[question.key] = value
        return initial

    def clean(self):
        cleaned = super().clean()
        for question in self.section.questions:
            if question.required_if and not self.draft and question.key not in self.errors:
                other, value = question.required_if
                if cleaned.get(other) == value and cleaned.get(question.key) in (None, "", []):
                    self.add_error(question.key, required_message(question))
            if question.kind != INDICATORS:
                continue
            for code, label in question.choices:
                ticked, evidence = indicator_keys(question, code)
                if cleaned.get(ticked) and not cleaned.get(evidence):
                    self.add_error(evidence, f"Note the evidence for {label.lower()}")
                if cleaned.get(evidence) and not cleaned.get(ticked):
                    self.add_error(ticked, f"Tick {label.lower()}, or clear its evidence")
        return cleaned

    def prefilled(self) -> dict:
        """The answers the page filled in when it was opened ({key: value}), from the form."""
        try:
            values = json.loads(self.cleaned_data.get("prefilled") or "{}")
        except ValueError:
            return {}
        keys = {question.key for question in self.section.questions if question.starts_as}
        if not isinstance(values, dict):
            return {}
        return {key: value for key, value in values.items() if key in keys and isinstance(value, str)}

    def answers(self) -> dict:
        """The cleaned answers as stored: dates as ISO text, indicators as {code: evidence}."""
        data = {}
        for question in self.section.questions:
            if question.kind == INDICATORS:
                data[question.key] = {
                    code: self.cleaned_data[indicator_keys(question, code)[1]]
                    for code, _label in question.choices
                    if self.cleaned_data.get(indicator_keys(question, code)[0])
                }
                continue
            value = self.cleaned_data.get(question.key)
            if isinstance(value, date):
                value = value.isoformat()
            if value not in (None, "", []):
                data[question.key] = value
        return data


class AmendmentReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is this being corrected?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The earlier answers stay visible in the interview's history.",
        error_messages={
            "required": "Enter why the answers are being corrected",
            "max_length": "The reason must be 2000 characters or fewer",
        },
    )


class StopForm(GovukFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label="Why is the interview stopping?",
        choices=StopReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the interview is stopping"},
    )
    note = forms.CharField(
        label="Notes",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Notes must be 2000 characters or fewer"},
    )
