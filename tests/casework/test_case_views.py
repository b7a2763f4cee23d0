"""The case pages as a caseworker and a manager use them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Case, DuplicateFlag
from casework.vocabularies import AuditAction
from tests.factories import CaseFactory


def form_data(**overrides):
    data = {
        "team": "",
        "given_names": "Ana",
        "family_name": "Popescu",
        "aliases": "",
        "date_of_birth_0": "27",
        "date_of_birth_1": "3",
        "date_of_birth_2": "1994",
        "estimated_age": "",
        "gender": "female",
        "nationality": "RO",
        "second_nationality": "",
        "languages": "Romanian",
        "phone": "07700 900982",
        "email": "",
        "address": "",
        "safe_contact_times": "",
        "age_at_exploitation": "adult",
        "exploitation_types": ["labour", "sexual"],
        "where_exploited": "uk",
        "notes": "",
    }
    return data | overrides


@pytest.fixture
def alex(people, login):
    return login(people.alex)


def open_case(client, people, team=None, **overrides):
    return client.post(reverse("case_new"), form_data(team=(team or people.north).pk, **overrides))


def test_a_caseworker_opens_a_case_and_finds_it_under_my_cases(people, alex):
    response = open_case(alex, people)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("case", args=[case.reference])
    assert case.assignee == people.alex
    assert case.nationalities[0].code == "RO"
    assert sorted(case.exploitations.values_list("kind", flat=True)) == ["labour", "sexual"]
    home = alex.get(reverse("home"))
    assert case.reference in home.content.decode()
    page = alex.get(response.url)
    assert b"Ana Popescu" in page.content


def test_the_radios_that_change_what_the_app_says_start_unanswered_and_are_required(people, alex):
    form = alex.get(reverse("case_new")).context["form"]
    for name in ("gender", "age_at_exploitation", "where_exploited"):
        assert form[name].value() is None, name
    response = open_case(alex, people, gender="", age_at_exploitation="", where_exploited="")
    page = response.content.decode()
    assert "Select the survivor&#x27;s gender, or Not known" in page
    assert "Select the survivor&#x27;s age at exploitation, or Not known" in page
    assert "Select where the survivor was exploited, or Not known" in page
    assert not Case.objects.exists()


def test_nationalities_keep_the_order_typed_and_stateless_is_a_choice(people, alex):
    open_case(alex, people, nationality="VN", second_nationality="AL")
    case = Case.objects.get()
    assert [country.code for country in case.nationalities] == ["VN", "AL"]
    assert "Vietnam, Albania" in alex.get(reverse("case_details", args=[case.reference])).content.decode()
    choices = dict(alex.get(reverse("case_new")).context["form"].fields["nationality"].choices)
    assert choices["XS"] == "Stateless" and choices["ZZ"] == "Not known"
    assert choices["KR"] == "South Korea" and choices["BO"] == "Bolivia"  # English short names


def test_viewing_a_case_page_is_audited_each_time(people, alex, alex_case):
    alex.get(reverse("case", args=[alex_case.reference]))
    alex.get(reverse("case", args=[alex_case.reference]))
    assert AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED, case=alex_case).count() == 2


def test_editing_the_details_saves_them(people, alex, alex_case):
    response = alex.post(
        reverse("case_edit", args=[alex_case.reference]),
        form_data(given_names="Maria", notes="Moved", version=1),
    )
    assert response.status_code == 302
    alex_case.person.refresh_from_db()
    assert alex_case.person.given_names == "Maria"
    assert alex_case.person.notes == "Moved"


def test_the_edit_form_shows_the_current_values(people, alex, alex_case):
    page = alex.get(reverse("case_edit", args=[alex_case.reference])).content.decode()
    assert 'value="Ana"' in page and 'value="Popescu"' in page


def test_a_duplicate_in_another_team_is_told_only_to_the_managers(people, login):
    open_case(login(people.casey), people, team=people.south)
    caseworker = login(people.alex)
    response = open_case(caseworker, people)
    page = caseworker.get(response.url).content.decode()
    # Telling Alex would tell her that this person is known to another team.
    assert "may already exist" not in page and "duplicate" not in page.lower()
    south_case = Case.objects.get(team=people.south)
    north_case = Case.objects.get(team=people.north)
    assert DuplicateFlag.objects.filter(case=north_case, matched_case=south_case).exists()

    north_manager = login(people.morgan).get(reverse("home")).content.decode()
    assert north_case.reference in north_manager
    assert south_case.reference not in north_manager  # not theirs to see
    # Nor which team knows the person: North opened the newer case (code review, finding 4).
    assert people.south.name not in north_manager
    south_manager = login(people.riley).get(reverse("home")).content.decode()
    assert south_case.reference in south_manager
    assert north_case.reference not in south_manager
    # The caseworker who opened the second case learns nothing of the first.
    assert south_case.reference not in page


def test_a_duplicate_among_the_caseworkers_own_cases_is_named_to_them(people, login):
    caseworker = login(people.alex)
    open_case(caseworker, people)
    first = Case.objects.get()
    response = open_case(caseworker, people)
    page = caseworker.get(response.url).content.decode()
    assert "may already exist" in page and first.reference in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"given_names": ""}, "Enter the given names"),
        ({"given_names": "x" * 20000}, "Given names must be 200 characters or fewer"),
        ({"notes": "n" * 20001}, "Notes must be 10000 characters or fewer"),
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "Date of birth must be a real date"),
        ({"date_of_birth_1": ""}, "Date of birth must include a month"),
        ({"date_of_birth_2": "94"}, "Year must include 4 numbers"),
        ({"date_of_birth_0": "aa"}, "Date of birth must be a real date, in numbers"),
        ({"date_of_birth_2": "2999"}, "Date of birth must be today or in the past"),
        ({"estimated_age": "-4"}, "Estimated age must be 0 or more"),
        ({"estimated_age": "ten"}, "Estimated age must be a whole number"),
        ({"email": "not an email"}, "Enter an email address in the correct format"),
        ({"phone": "call me"}, "Enter a phone number"),
        ({"gender": "robot"}, "Select one of the options"),
        ({"nationality": "XX"}, "Select one of the options"),
        ({"exploitation_types": ["piracy"]}, "Select one of the options"),
        ({"second_nationality": "RO"}, "The second nationality must differ from the first"),
        ({"given_names": "Ana\x00"}, "Given names contains a character that cannot be saved"),
    ],
)
def test_junk_gets_a_clear_message_and_nothing_is_saved(people, alex, overrides, message):
    response = open_case(alex, people, **overrides)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not Case.objects.exists()


def test_markup_and_odd_unicode_are_kept_and_shown_escaped_without_bidi_controls(people, alex):
    name = "<script>alert(1)</script>\u202e\U0001f600 Zoë"
    open_case(alex, people, given_names=name, notes="<b>bold</b>")
    page = alex.get(reverse("case_details", args=[Case.objects.get().reference])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    # The right-to-left override would make what follows display backwards: it is removed.
    assert Case.objects.get().person.given_names == "<script>alert(1)</script>\U0001f600 Zoë"


def test_search_by_name_and_date_of_birth_finds_only_visible_cases(people, alex, login):
    open_case(alex, people)
    open_case(login(people.casey), people, team=people.south)
    client = login(people.alex)
    response = client.post(
        reverse("case_list"),
        {
            "full_name": "ana  POPESCU",
            "date_of_birth_0": "27",
            "date_of_birth_1": "03",
            "date_of_birth_2": "1994",
        },
    )
    page = response.content.decode()
    north = Case.objects.get(team=people.north)
    south = Case.objects.get(team=people.south)
    assert north.reference in page
    assert south.reference not in page
    assert AuditEvent.objects.filter(action=AuditAction.CASE_SEARCHED, actor=people.alex).exists()


def test_search_by_reference(people, alex, alex_case):
    response = alex.post(reverse("case_list"), {"reference": alex_case.reference.lower()})
    assert alex_case.reference in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter a case reference, or a full name and date of birth"),
        ({"full_name": "Ana Popescu"}, "Enter the date of birth as well as the name"),
        ({"reference": "SC-0000-AAAA"}, "Enter a case reference like SC-7K3M-Q9TD"),
        ({"reference": "x" * 5000}, "Case reference must be 20 characters or fewer"),
    ],
)
def test_search_explains_what_it_needs(people, alex, data, message):
    response = alex.post(reverse("case_list"), data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_case_list_costs_the_same_queries_for_5_and_50_cases(people, alex):
    def queries_for_list():
        with CaptureQueriesContext(connection) as ctx:
            assert alex.get(reverse("case_list")).status_code == 200
        return len(ctx.captured_queries)

    CaseFactory.create_batch(5, team=people.north, assignee=people.alex, created_by=people.alex)
    queries_for_list()  # the first request of the minute also checks for expired exports
    five = queries_for_list()
    CaseFactory.create_batch(45, team=people.north, assignee=people.alex, created_by=people.alex)
    assert queries_for_list() == five


def test_a_manager_reassigns_from_the_case_page(people, login, alex_case):
    morgan = login(people.morgan)
    response = morgan.post(
        reverse("case_assign", args=[alex_case.reference]),
        {"assignee": people.blake.pk, "version": alex_case.assignment_version},
    )
    assert response.status_code == 302
    alex_case.refresh_from_db()
    assert alex_case.assignee == people.blake


def test_reassigning_in_two_tabs_tells_the_second_who_changed_it(people, login, alex_case):
    # Both tabs opened the page while Alex had the case; the first gives it to Blake.
    url = reverse("case_assign", args=[alex_case.reference])
    morgan = login(people.morgan)
    opened = morgan.get(url).context["form"]["version"].value()
    assert morgan.post(url, {"assignee": people.blake.pk, "version": opened}).status_code == 302
    response = morgan.post(url, {"assignee": "", "version": opened})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this while you were editing" in page and "<title>Error: " in page
    assert "Blake" in page
    alex_case.refresh_from_db()
    assert alex_case.assignee == people.blake  # nothing lost
    # Saving again, knowing, is a choice: the form now carries the newer version.
    again = response.context["form"]["version"].value()
    assert morgan.post(url, {"assignee": "", "version": again}).status_code == 302
    alex_case.refresh_from_db()
    assert alex_case.assignee is None


def test_the_audit_trail_says_from_whom_a_case_was_reassigned(people, login, alex_case):
    url = reverse("case_assign", args=[alex_case.reference])
    morgan = login(people.morgan)
    morgan.post(url, {"assignee": people.blake.pk, "version": alex_case.assignment_version})
    event = AuditEvent.objects.get(action=AuditAction.CASE_ASSIGNED, actor=people.morgan)
    assert (event.subject_user, event.previous_subject_user) == (people.blake, people.alex)
    page = morgan.get(reverse("audit")).content.decode()
    assert f"{people.blake.display_name} (before: {people.alex.display_name})" in page


def test_a_manager_cannot_assign_to_another_team(people, login, alex_case):
    response = login(people.morgan).post(
        reverse("case_assign", args=[alex_case.reference]),
        {"assignee": people.casey.pk, "version": alex_case.assignment_version},
    )
    assert response.status_code == 200
    assert "Select someone who works in the case" in response.content.decode()


def test_a_manager_shares_for_cover_and_the_colleague_sees_it_under_my_work(people, login, alex_case):
    until = timezone.localdate() + timedelta(days=7)
    response = login(people.morgan).post(
        reverse("case_share", args=[alex_case.reference]),
        {
            "colleague": people.blake.pk,
            "expires_on_0": until.day,
            "expires_on_1": until.month,
            "expires_on_2": until.year,
        },
    )
    assert response.status_code == 302
    home = login(people.blake).get(reverse("home")).content.decode()
    assert "Cases I am covering" in home and alex_case.reference in home


def test_a_share_ending_in_the_past_is_refused_on_the_form(people, login, alex_case):
    past = timezone.localdate() - timedelta(days=1)
    response = login(people.morgan).post(
        reverse("case_share", args=[alex_case.reference]),
        {
            "colleague": people.blake.pk,
            "expires_on_0": past.day,
            "expires_on_1": past.month,
            "expires_on_2": past.year,
        },
    )
    assert response.status_code == 200
    assert "Cover ends on must be today or in the future" in response.content.decode()


def test_closing_a_case_from_its_page(people, alex, alex_case):
    today = timezone.localdate()
    response = alex.post(
        reverse("case_close", args=[alex_case.reference]),
        {
            "closed_on_0": today.day,
            "closed_on_1": today.month,
            "closed_on_2": today.year,
            "reason": "lost_contact",
        },
    )
    assert response.status_code == 302
    alex_case.refresh_from_db()
    assert alex_case.closure_reason == "lost_contact"


def test_the_audit_page_filters_by_case_and_user(people, login, alex_case):
    login(people.alex).get(reverse("case", args=[alex_case.reference]))
    other = CaseFactory(team=people.north, assignee=people.blake, created_by=people.blake)
    login(people.blake).get(reverse("case", args=[other.reference]))
    morgan = login(people.morgan)
    page = morgan.get(reverse("audit"), {"case": alex_case.reference.lower()}).content.decode()
    assert alex_case.reference in page and other.reference not in page
    page = morgan.get(reverse("audit"), {"user": people.blake.pk}).content.decode()
    assert other.reference in page and alex_case.reference not in page


def test_the_audit_page_rejects_bad_filters_with_a_message(people, login):
    response = login(people.morgan).get(reverse("audit"), {"date_from": "2026-13-40", "user": "999999"})
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()


def test_the_other_teams_manager_sees_none_of_the_teams_audit(people, login, alex_case):
    login(people.alex).get(reverse("case", args=[alex_case.reference]))
    page = login(people.riley).get(reverse("audit")).content.decode()
    assert alex_case.reference not in page


def test_the_case_page_title_is_plain_text(people, alex, alex_case):
    page = alex.get(reverse("case", args=[alex_case.reference])).content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert title.strip() == f"Overview – Case {alex_case.reference} – Survivor Casework"
    page = alex.get(reverse("case_consent", args=[alex_case.reference])).content.decode()
    assert page.count('id="consent-heading"') == 1


def test_typed_values_are_shown_in_their_own_direction(people, alex):
    response = open_case(
        alex, people, given_names="\u05e9\u05e8\u05d4", family_name="Cohen", notes="Notes here"
    )
    page = alex.get(response.url).content.decode()
    h1 = page.split('<h1 class="govuk-heading-l">', 1)[1].split("</h1>", 1)[0]
    assert h1.strip().endswith("<bdi>\u05e9\u05e8\u05d4 Cohen</bdi>")
    details = alex.get(reverse("case_details", args=[Case.objects.get().reference])).content.decode()
    assert "<bdi>Notes here</bdi>" in details
    listing = alex.get(reverse("home")).content.decode()
    assert "<bdi>\u05e9\u05e8\u05d4 Cohen</bdi>" in listing


def test_the_stylesheet_wraps_long_words_and_isolates_typed_values():
    from pathlib import Path

    scss = (Path(__file__).resolve().parents[2] / "assets" / "scss" / "app.scss").read_text()
    assert "overflow-wrap: anywhere" in scss and "unicode-bidi: isolate" in scss
