from django import forms

from casework.ui.fields import choice_field, date_field, text_field
from casework.ui.govuk import GovukFormMixin
from support.vocabularies import CoreOutcome, RatingOccasion

WORDS_MAX = 20000

# The scale the survivor rates on: their own view of how things are for them on the outcome.
SCORES = [
    ("1", "1 (very bad)"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", "5 (very good)"),
]


def score_field(label, *, required):
    field = choice_field(label, SCORES, required=required)
    return forms.TypedChoiceField(
        label=field.label,
        choices=SCORES,
        coerce=int,
        required=required,
        widget=forms.RadioSelect,
        error_messages=field.error_messages,
    )


def words_field(label="In their own words (optional)"):
    return text_field(label, WORDS_MAX, textarea=True, rows=2)


class OutcomeRatingsForm(GovukFormMixin, forms.Form):
    """Several outcomes rated at once: only those that matter to the survivor are filled in."""

    rated_on = date_field("Date they rated these")
    occasion = choice_field("When", RatingOccasion.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CoreOutcome.choices:
            self.fields[f"score_{code}"] = score_field(f"{label}: their rating (optional)", required=False)
            self.fields[f"words_{code}"] = words_field(f"{label}: in their own words (optional)")
        self.style_widgets()

    def clean(self):
        data = super().clean()
        for code, _label in CoreOutcome.choices:
            if data.get(f"words_{code}") and not data.get(f"score_{code}"):
                self.add_error(f"score_{code}", "Choose their rating from 1 to 5 for the words entered")
        return data

    def ratings(self) -> list[tuple[str, int, str]]:
        data = self.cleaned_data
        return [
            (code, data[f"score_{code}"], data.get(f"words_{code}") or "")
            for code, _label in CoreOutcome.choices
            if data.get(f"score_{code}")
        ]


class OutcomeRatingForm(GovukFormMixin, forms.Form):
    """Correcting one rating."""

    rated_on = date_field("Date they rated it")
    occasion = choice_field("When", RatingOccasion.choices)
    outcome = choice_field("Outcome", CoreOutcome.choices)
    score = score_field("Their rating", required=True)
    words = words_field()
