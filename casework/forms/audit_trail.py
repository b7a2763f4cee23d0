"""Filtering the audit trail."""

from datetime import date

from django import forms

from casework.models import User
from casework.ui.govuk import GovukFormMixin


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
