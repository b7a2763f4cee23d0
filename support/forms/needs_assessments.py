"""A Recovery Needs Assessment's forms: the draft, one small form per step, and the correction."""

from django import forms

from casework.ui.fields import choice_field, date_field, text_field
from casework.ui.govuk import GovukFormMixin
from support.vocabularies import RnaOutcome

LONG_TEXT = 20000
DECISIONS = [(value, label) for value, label in RnaOutcome.choices if value != RnaOutcome.PENDING]


def needs_field():
    return text_field(
        "Needs and recommendations (optional)",
        LONG_TEXT,
        textarea=True,
        rows=8,
        help_text="The survivor's recovery needs and what you recommend, written with them.",
    )


def comments_field():
    return text_field(
        "The survivor's comments (optional)", LONG_TEXT, textarea=True, rows=4, help_text="In their words."
    )


def services_field():
    return text_field(
        "Services agreed (optional)",
        LONG_TEXT,
        textarea=True,
        rows=4,
        help_text="Needed for continued support: what the competent authority agreed.",
    )


def reasons_field():
    return text_field("Reasons given (optional)", LONG_TEXT, textarea=True, rows=4)


class NeedsAssessmentDraftForm(GovukFormMixin, forms.Form):
    due_on = date_field(
        "Due date",
        not_future=False,
        help_text="Filled in from the guidance's timescale; change it if agreed.",
    )
    needs = needs_field()


class NeedsAssessmentShareForm(GovukFormMixin, forms.Form):
    shared_on = date_field("Date shared with the survivor")
    survivor_comments = comments_field()


class NeedsAssessmentSubmitForm(GovukFormMixin, forms.Form):
    submitted_on = date_field("Date submitted to the competent authority")


class NeedsAssessmentDecisionForm(GovukFormMixin, forms.Form):
    decided_on = date_field("Date of the decision")
    outcome = choice_field("Decision", DECISIONS)
    services_agreed = services_field()
    support_until = date_field(
        "Continued support agreed until (optional)",
        required=False,
        not_future=False,
        help_text="For continued support, if the decision gives an end date.",
    )
    reasons = reasons_field()
    next_review_on = date_field(
        "Next RNA or review date (optional)",
        required=False,
        not_future=False,
        help_text="For continued support, before it is agreed until, so a new decision can come in time.",
    )


class NeedsAssessmentForm(GovukFormMixin, forms.Form):
    """The correction of the whole assessment (Change, with a reason)."""

    due_on = date_field("Due date", not_future=False)
    needs = needs_field()
    shared_on = date_field("Date shared with the survivor", required=False)
    survivor_comments = comments_field()
    submitted_on = date_field("Date submitted", required=False)
    decided_on = date_field("Date of the decision", required=False)
    outcome = choice_field("Decision", RnaOutcome.choices)
    services_agreed = services_field()
    support_until = date_field("Continued support agreed until (optional)", required=False, not_future=False)
    reasons = reasons_field()
    next_review_on = date_field("Next RNA or review date (optional)", required=False, not_future=False)
