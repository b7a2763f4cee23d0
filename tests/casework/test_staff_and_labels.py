"""Staff appear by name (full name, else username) and records by words, never by the
field names and codes stored: the navigation, the audit page, the backlog CSV, the referral
and audit filter lists, and the audit trail's details."""

import csv
import io
from datetime import UTC

from django.urls import reverse

from casework.services.cases import case_update_details
from casework.ui import labels
from support.models import SupportPeriod
from support.services import support_periods
from tests.factories import ReferralFactory


def name_people(people):
    for user, first, last in ((people.alex, "Alex", "Okafor"), (people.morgan, "Morgan", "Lee")):
        user.first_name, user.last_name = first, last
        user.save()


def test_the_navigation_shows_the_signed_in_person_by_name(people, login):
    name_people(people)
    page = login(people.alex).get(reverse("home")).content.decode()
    assert "Sign out Alex Okafor" in page


def test_someone_without_a_full_name_is_shown_by_username(people, login):
    people.alex.first_name = ""
    people.alex.save()
    assert "Sign out alex" in login(people.alex).get(reverse("home")).content.decode()


def test_the_audit_page_names_staff_and_says_what_changed_in_words(people, login, alex_case):
    name_people(people)
    details = {
        name: getattr(alex_case.person, name)
        for name in ("given_names", "family_name", "address", "phone", "safe_contact_times")
    }
    details.update(address="1 New Street", phone="07700 900123", safe_contact_times="Evenings")
    person = {name: getattr(alex_case.person, name) for name in alex_case.person.EDITABLE_FIELDS}
    case_fields = {
        "gender": alex_case.gender,
        "age_at_exploitation": alex_case.age_at_exploitation,
        "county_lines": alex_case.county_lines,
        "where_exploited": alex_case.where_exploited,
        "nationalities": [],
        "exploitation_types": [],
    }
    case_update_details(
        actor=people.alex,
        case=alex_case,
        details={**person, **details, **case_fields},
        version=alex_case.person.version,
    )
    period = SupportPeriod.objects.create(
        case=alex_case, provider="vcc", kind="outreach", start_on=alex_case.opened_on, recorded_by=people.alex
    )
    support_periods.support_period_end(
        actor=people.alex, period=period, end_on=alex_case.opened_on, end_reason="planned_end"
    )
    client = login(people.morgan)
    staff = client.get(reverse("audit")).context["form"].fields["user"]
    assert "Alex Okafor" in [label for _value, label in staff.choices]
    page = client.get(reverse("audit")).content.decode()
    assert "Alex Okafor" in page
    assert "Address, phone, safe times" in page
    assert "End date, why it ended" in page
    for code in ("safe_contact_times", "end_reason", "support_period"):
        assert code not in page


def test_the_backlog_csv_names_the_caseworker(people, login, alex_case):
    name_people(people)
    ReferralFactory(case=alex_case)
    response = login(people.morgan).get(reverse("backlog_csv"), {"figure": "open"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][2] == "Alex Okafor"


def test_the_referral_form_lists_staff_by_name(people, login, alex_case):
    name_people(people)
    form = login(people.alex).get(reverse("nrm_referral_new", args=[alex_case.reference])).context["form"]
    assert "Alex Okafor" in [label for _value, label in form.fields["referred_by"].choices]


def test_codes_have_words():
    assert labels.labels(["address", "phone", "safe_contact_times"]) == "Address, phone, safe times"
    assert labels.label("support_period") == "Support period"
    assert labels.label("rg") == "Reasonable Grounds (RG)"
    assert labels.labels(["given_names", "rg"]) == "Given names, Reasonable Grounds (RG)"
    assert labels.label("recruitment.promised") == "Recruitment: What was promised (work, pay, conditions)"
    assert labels.label("something_new") == "Something new"
    # A correction's audit entry names "kind.field".
    assert labels.label("support_period.end_on").startswith("Period of support: ")
    assert "_" not in labels.label("referral.nrm_reference")


def test_values_read_as_words():
    from datetime import date, datetime

    assert labels.readable(date(1998, 6, 14)) == "14 June 1998"
    assert labels.readable(datetime(2026, 6, 14, 9, 5, tzinfo=UTC)) == "14 June 2026 at 10:05"
    assert labels.readable({"a": True, "b": [False, None]}) == {"a": "Yes", "b": ["No", ""]}


def _case_page_names():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + str(pattern.pattern), pattern.name

    routes = walk(get_resolver().url_patterns)
    return sorted({name for route, name in routes if "<case_ref:reference>" in route})


def test_every_page_of_a_case_has_a_name_a_manager_understands():
    # A view of a case is audited with the page's URL name; the audit page shows its words.
    unnamed = [name for name in _case_page_names() if name not in labels._LABELS]
    assert not unnamed, unnamed


def test_the_audit_page_says_which_page_was_opened_and_what_was_recorded(people, login, alex_case):
    from justice.services import claims

    client = login(people.alex)
    client.get(reverse("claim_new", args=[alex_case.reference]))
    claims.claim_record(
        actor=people.alex, case=alex_case, kind="cica", outcome="pending", incident_on=alex_case.opened_on
    )
    page = login(people.morgan).get(reverse("audit")).content.decode()
    assert "Record a compensation claim page" in page
    assert "Recorded a compensation claim" in page
    assert "Claim new" not in page and "Recorded criminal-justice information" not in page
