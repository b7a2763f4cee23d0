"""The case list's filters and sort. Sent by GET, so a filtered list can be bookmarked and paged:
statuses, vocabularies and yes/no only, never survivor data (the name search is a POST)."""

from django import forms

from casework import hooks
from casework.selectors.case_list import DEFAULT_SORT, SORTS, STATUSES, ListQuery
from casework.ui.govuk import GovukFormMixin

STATUS_CHOICES = [("open", "Open"), ("closed", "Closed"), ("all", "All")]
ORDER_CHOICES = [("asc", "Ascending"), ("desc", "Descending")]


class CaseListForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Cases", choices=STATUS_CHOICES, required=False, widget=forms.RadioSelect, initial="open"
    )
    only = forms.MultipleChoiceField(
        label="Show only",
        choices=[("overdue", "Cases with something overdue"), ("no_contact", "Not contacted for 14 days")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Set by the column headers' links; carried by the form as hidden fields.
    sort = forms.ChoiceField(choices=[(key, key) for key in SORTS], required=False, widget=forms.HiddenInput)
    order = forms.ChoiceField(choices=ORDER_CHOICES, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, gap_days: set[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The filters other apps add (the NRM stage), before the yes/no ones.
        fields = {"status": self.fields.pop("status")}
        for app_filter in hooks.case_list_filters():
            fields[app_filter.name] = forms.ChoiceField(
                label=app_filter.label, choices=[("", "Any"), *app_filter.choices], required=False
            )
        self.fields = fields | self.fields
        if gap_days and len(gap_days) == 1:
            no_contact = f"Not contacted for {next(iter(gap_days))} days"
        else:
            no_contact = "Not contacted for longer than the team's contact gap"
        self.fields["only"].choices = [
            ("overdue", "Cases with something overdue"),
            ("no_contact", no_contact),
        ]
        self.style_widgets()
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Select one of the options"

    def query(self) -> ListQuery:
        """What the list shows; anything not valid falls back to its default (a stale bookmark
        still opens the list)."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data  # the valid fields only
        sort = data.get("sort") or DEFAULT_SORT
        order = data.get("order") or ("desc" if SORTS[sort] == "descending" else "asc")
        status = data.get("status") or "open"
        return ListQuery(
            status=status if status in STATUSES else "open",
            sort=sort,
            descending=order == "desc",
            overdue="overdue" in data.get("only", []),
            no_contact="no_contact" in data.get("only", []),
            app_filters={f.name: data.get(f.name, "") for f in hooks.case_list_filters()},
        )
