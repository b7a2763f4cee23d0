from django import forms

from casework.ui.fields import choice_field, text_field
from casework.ui.govuk import GovukFormMixin
from support.forms.dates import named_date_field
from support.vocabularies import CoreOutcome, RatingOccasion

WORDS_MAX = 20000

# The scale the survivor rates on: their own view of how things are for them on the outcome.
# On the form for several outcomes, "Not rated" comes first and is chosen until they rate it.
NOT_RATED = ("", "Not rated")
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
        choices=SCORES if required else [NOT_RATED, *SCORES],
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages=field.error_messages,
    )


def words_field(label="In their own words (optional)"):
    return text_field(label, WORDS_MAX, textarea=True, rows=2)


class OutcomeRatingsForm(GovukFormMixin, forms.Form):
    """Several outcomes rated at once: only those that matter to the survivor are filled in."""

    rated_on = named_date_field("Date they rated these", "the date they rated these")
    occasion = choice_field("When they rated these", RatingOccasion.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CoreOutcome.choices:
            self.fields[f"score_{code}"] = score_field(f"{label}: their rating", required=False)
            self.fields[f"words_{code}"] = words_field(f"{label}: in their own words (optional)")
        self.style_widgets()

    def clean(self):
        data = super().clean()
        for code, label in CoreOutcome.choices:
            if data.get(f"words_{code}") and not data.get(f"score_{code}"):
                self.add_error(
                    f"score_{code}", f"{label}: choose their rating, 1 to 5, or remove their words"
                )
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

    rated_on = named_date_field("Date they rated it", "the date they rated it")
    occasion = choice_field("When they rated it", RatingOccasion.choices)
    outcome = choice_field("Outcome", CoreOutcome.choices)
    score = score_field("Their rating", required=True)
    words = words_field()
