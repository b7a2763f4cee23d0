"""Adding, correcting and cancelling a task on a case."""

from django import forms

from casework.ui.fields import date_field, text_field
from casework.ui.govuk import GovukFormMixin


class TaskForm(GovukFormMixin, forms.Form):
    title = text_field("What needs doing", 200, required=True, help_text="For example, call the solicitor.")
    details = text_field("Details (optional)", 5000, textarea=True)
    due_on = date_field("Due date", not_future=False)
    assignee = forms.ModelChoiceField(
        label="Who will do it",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Select who will do it",
            "invalid_choice": "Choose someone who may see this case",
        },
    )
    about = forms.ChoiceField(
        label="What is it about? (optional)",
        required=False,
        help_text="A record of this case the task is for, such as the decision to chase.",
        error_messages={"invalid_choice": "Choose a record of this case, or nothing in particular"},
    )

    def __init__(self, *args, assignee_queryset, about_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", "Nothing in particular"), *about_choices]
        self.fields["assignee"].queryset = assignee_queryset
        self.fields["assignee"].label_from_instance = lambda person: person.display_name


class TaskCancelForm(GovukFormMixin, forms.Form):
    cancel_reason = text_field("Why is the task cancelled?", 500, required=True, textarea=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cancel_reason"].error_messages["required"] = "Enter why the task is cancelled"
