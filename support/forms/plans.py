"""The support plan's forms: a need, a goal, an action (a task about a goal), a review and the
survivor's agreement. Long text up to 20,000 characters; whitespace alone counts as empty."""

from django import forms

from casework.ui.fields import choice_field, date_field, text_field
from casework.ui.govuk import GovukFormMixin
from support.vocabularies import GoalStatus, NeedDomain, NeedPriority, NeedStatus

LONG_TEXT = 20_000


class NeedForm(GovukFormMixin, forms.Form):
    domain = choice_field("Area of need", NeedDomain.choices, radios=False, blank="Choose an area")
    survivor_words = text_field(
        "In the survivor's own words (optional)",
        LONG_TEXT,
        textarea=True,
        rows=4,
        help_text="What they say they need, as they put it.",
    )
    notes = text_field("Caseworker's notes (optional)", LONG_TEXT, textarea=True, rows=4)
    priority = choice_field("Priority", NeedPriority.choices)
    status = choice_field("Status", NeedStatus.choices)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"priority": NeedPriority.MEDIUM, "status": NeedStatus.OPEN})
        super().__init__(*args, **kwargs)


class GoalForm(GovukFormMixin, forms.Form):
    text = text_field(
        "Goal",
        LONG_TEXT,
        required=True,
        textarea=True,
        help_text="What the survivor wants to achieve, for example: to move into a flat of my own.",
    )
    status = choice_field("Status", GoalStatus.choices)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"status": GoalStatus.OPEN})
        super().__init__(*args, **kwargs)


class ActionForm(GovukFormMixin, forms.Form):
    """An action becomes a task on the case, about the goal."""

    title = text_field(
        "What needs doing", 200, required=True, help_text="For example, call the housing officer."
    )
    assignee = forms.ModelChoiceField(
        label="Who will do it",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Select who will do it",
            "invalid_choice": "Choose someone who may see this case",
        },
    )
    due_on = date_field("Due date", not_future=False)
    details = text_field("Details (optional)", 5000, textarea=True)

    def __init__(self, *args, assignee_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignee_queryset
        self.fields["assignee"].label_from_instance = lambda person: person.display_name


class ReviewForm(GovukFormMixin, forms.Form):
    reviewed_on = date_field("Date of the review")
    changes = text_field(
        "What changed (optional)",
        LONG_TEXT,
        textarea=True,
        rows=5,
        help_text="What the survivor and you went through, and what is different now.",
    )
    next_review_on = date_field("Date of the next review", not_future=False)


class AgreementForm(GovukFormMixin, forms.Form):
    agreed_on = date_field(
        "Date the survivor saw and agreed the plan",
        help_text="They have seen this version of the plan, in a language they understand.",
    )
    next_review_on = date_field("Date of the next review", not_future=False, required=False)
    # The version of the plan the page showed: an agreement is to that version, refused if the
    # plan has changed since.
    edition = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, review_needed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["next_review_on"]
        field.required = review_needed
        if not review_needed:
            field.label = "Date of the next review (optional)"
            field.help_text = "Leave blank to keep the review date the plan has."
