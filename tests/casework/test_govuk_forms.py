"""The GOV.UK form patterns every app's forms are built from (casework/ui/govuk.py)."""

from datetime import date

import pytest
from django import forms

from casework.ui.govuk import GovukDateField, GovukFormMixin


class DateForm(GovukFormMixin, forms.Form):
    met_on = GovukDateField(label="Date of the interview")
    left_on = GovukDateField(label="Date they left", required=False)


def parts(day, month, year, name="met_on"):
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


@pytest.mark.parametrize("blank", ["", " ", "   ", "\t", "\u00a0"])
def test_a_required_date_typed_as_blanks_or_spaces_is_refused_with_enter_the_label(blank):
    form = DateForm(parts(blank, blank, blank))
    assert not form.is_valid()
    assert form.errors["met_on"] == ["Enter the date of the interview"]


def test_an_optional_date_left_as_spaces_is_no_date():
    form = DateForm({**parts("1", "2", "2020"), **parts(" ", " ", " ", name="left_on")})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["left_on"] is None
    assert form.cleaned_data["met_on"] == date(2020, 2, 1)


def test_spaces_around_the_numbers_are_ignored():
    form = DateForm(parts(" 1 ", " 2", "2020 "))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["met_on"] == date(2020, 2, 1)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        (" ", "2", "2020", "Date of the interview must include a day"),
        ("1", " ", " ", "Date of the interview must include a month and a year"),
        ("30", "2", "2024", "Date of the interview must be a real date"),
        ("31", "31", "2020", "Date of the interview must be a real date"),
        ("-1", "1", "2020", "Date of the interview must be a real date"),
        ("1e309", "1", "2020", "Date of the interview must be a real date, in numbers"),
        ("NaN", "1", "2020", "Date of the interview must be a real date, in numbers"),
        ("1", "1", "20", "Year must include 4 numbers"),
        ("99999999", "1", "2020", "Date of the interview must be a real date"),
    ],
)
def test_a_date_that_is_not_a_real_date_says_why(day, month, year, message):
    form = DateForm(parts(day, month, year))
    assert not form.is_valid()
    assert form.errors["met_on"] == [message]


class NameForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name")


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"])
def test_bidi_controls_are_removed_from_typed_text(control):
    form = NameForm({"name": f"{control}live{control}"})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "live"


def test_bidi_controls_are_removed_from_posted_data_too(rf):
    request = rf.post("/", {"name": "\u202eevil\u202c \u05e9\u05dc\u05d5\u05dd"})
    form = NameForm(data=request.POST)
    assert form.is_valid()
    # Right-to-left letters are kept: only the invisible controls go.
    assert form.cleaned_data["name"] == "evil \u05e9\u05dc\u05d5\u05dd"


def test_a_date_with_an_error_keeps_the_gov_uk_classes_of_its_boxes():
    form = DateForm(parts("31", "31", "2020"))
    assert not form.is_valid()
    html = str(form["met_on"])
    assert html.count('class="govuk-input govuk-date-input__input') == 3
    assert html.count("govuk-input--error") == 3
    assert 'class=""' not in html
    untouched = str(form["left_on"])
    assert "govuk-input--error" not in untouched and untouched.count("govuk-date-input__input") == 3


def test_a_form_without_revealed_fields_still_draws_every_field():
    html = str(DateForm())
    assert 'name="met_on_0"' in html and 'name="left_on_0"' in html


def test_the_password_change_says_what_to_do(people, login):
    from django.urls import reverse

    page = login(people.alex).post(reverse("password_change"), {}).content.decode()
    assert "Enter your current password" in page and "This field is required" not in page
    assert 'id="id_old_password"' in page


def test_a_conflict_shows_ticked_indicators_with_their_evidence():
    from casework.services.record_kinds import KINDS

    kind = KINDS["screening"]
    assert kind.display("indicators.ilo", {"deception": "Promised work"}) == "Deception: Promised work"


def test_a_list_of_staff_refuses_a_null_character_in_the_project_s_words():
    from casework.forms.audit_trail import AuditFilterForm
    from casework.models import User

    form = AuditFilterForm({"user": "1\x00"}, staff=User.objects.none())
    assert not form.is_valid()
    assert form.errors["user"] == ["Select one of the options"]


def test_an_optional_fields_length_message_does_not_repeat_optional():
    from django import forms as django_forms

    from casework.ui.fields import text_field
    from casework.ui.govuk import GovukFormMixin

    class NoteForm(GovukFormMixin, django_forms.Form):
        note = text_field("Note (optional)", 10, textarea=True)

    form = NoteForm({"note": "x" * 11})
    assert not form.is_valid()
    assert form.errors["note"] == ["Note must be 10 characters or fewer"]
