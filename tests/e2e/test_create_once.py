"""Create once, in a real browser: a double click on Save, and Back then Save again, each
leave one record (casework/services/submission.py; static/js/submit-once.js)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from casework.models import Case, Consent
from tests.factories import CaseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(people):
    return CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)


def fill_consent(page):
    page.get_by_label("Sharing information with the police").check()
    page.get_by_label("Given", exact=True).check()
    page.get_by_label("Day").fill("5")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2026")


def test_a_double_click_on_save_records_one_consent(page, live_server, sign_in, people, case, problems):
    sign_in("alex")
    page.goto(live_server.url + reverse("consent_new", args=[case.reference]))
    fill_consent(page)
    page.get_by_role("button", name="Save").dblclick()
    expect(page.get_by_text("Consent decision recorded.")).to_be_visible()
    assert Consent.objects.filter(case=case).count() == 1
    assert problems == []


def test_back_then_save_again_records_nothing_more(page, live_server, sign_in, people, case):
    sign_in("alex")
    page.goto(live_server.url + reverse("consent_new", args=[case.reference]))
    fill_consent(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Consent decision recorded.")).to_be_visible()

    page.go_back()
    expect(page.get_by_role("heading", name="Record a consent decision")).to_be_visible()
    fill_consent(page)  # whether or not the browser kept what was typed
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("This was already saved.")).to_be_visible()
    assert Consent.objects.filter(case=case).count() == 1


def test_a_double_click_on_open_case_opens_one_case(page, live_server, sign_in, people):
    sign_in("alex")
    page.goto(live_server.url + reverse("case_new"))
    page.get_by_label("Given names").fill("Ana")
    page.get_by_label("Family name").fill("Doubleclick")
    page.get_by_role("group", name="Date of birth").get_by_label("Day").fill("27")
    page.get_by_role("group", name="Date of birth").get_by_label("Month").fill("3")
    page.get_by_role("group", name="Date of birth").get_by_label("Year").fill("1994")
    page.get_by_label("Female", exact=True).check()
    page.get_by_label("Nationality", exact=True).select_option("RO")
    page.get_by_label("Adult", exact=True).check()
    page.get_by_label("Labour").check()
    page.get_by_label("UK only", exact=True).check()
    page.get_by_role("button", name="Open case").dblclick()
    expect(page.get_by_text("opened.")).to_be_visible()
    assert Case.objects.count() == 1


def test_back_then_a_different_consent_is_shown_again_and_saved_on_request(
    page, live_server, sign_in, people, case
):
    """The old form keeps its old token after Back; a different record typed into it is not
    dropped as "already saved": the form comes back with a warning, and Save adds it."""
    sign_in("alex")
    page.goto(live_server.url + reverse("consent_new", args=[case.reference]))
    fill_consent(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Consent decision recorded.")).to_be_visible()

    page.go_back()
    expect(page.get_by_role("heading", name="Record a consent decision")).to_be_visible()
    fill_consent(page)
    page.get_by_label("Contact by phone").check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("already saved once with different answers")).to_be_visible()
    assert Consent.objects.filter(case=case).count() == 1
    expect(page.get_by_label("Contact by phone")).to_be_checked()  # nothing typed is lost
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Consent decision recorded.")).to_be_visible()
    assert Consent.objects.filter(case=case).count() == 2
