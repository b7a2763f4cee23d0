"""A caseworker's first journey in a real browser: sign in, open a case, find it again, log the
first contact and a follow-up task, and complete it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_signs_in_opens_a_case_and_finds_it(page, live_server, people, sign_in, problems):
    sign_in("alex")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    page.get_by_role("button", name="Open a new case").click()
    page.get_by_label("Given names").fill("Ana")
    page.get_by_label("Family name").fill("Popescu")
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1994")
    page.get_by_label("Female").check()
    page.get_by_label("Adult", exact=True).check()
    page.get_by_label("Labour").check()
    page.get_by_label("UK only").check()
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", name="Ana Popescu")).to_be_visible()
    expect(page.get_by_text("opened.")).to_be_visible()

    page.get_by_role("link", name="My work").click()
    # The new case is on the caseload and, until someone reaches her, owes a first contact and a
    # first risk assessment.
    expect(page.get_by_text("First contact due by")).to_be_visible()
    expect(page.get_by_text("Risk assessment due by")).to_be_visible()
    expect(page.get_by_role("link", name="SC-")).to_have_count(3)

    # After the first call, Alex logs it from the case in one form.
    page.get_by_role("link", name="SC-").first.click()
    nav = page.get_by_role("navigation", name="Case")
    nav.get_by_role("link", name="Contacts").click()
    page.get_by_role("button", name="Log a contact").click()
    page.get_by_label("Phone call").check()
    page.get_by_label("Note").fill("Introduced myself; she will call back on Friday.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Contact logged.")).to_be_visible()
    expect(page.get_by_text("Introduced myself; she will call back on Friday.")).to_be_visible()
    page.get_by_role("link", name="My work").click()
    expect(page.get_by_text("First contact due by")).to_have_count(0)

    # She promised to call back on Friday: Alex adds a follow-up task, then completes it.
    page.get_by_role("link", name="SC-").first.click()
    nav.get_by_role("link", name="Tasks").click()
    expect(nav.get_by_role("link", name="Tasks")).to_have_attribute("aria-current", "page")
    page.get_by_role("button", name="Add a task").click()
    page.get_by_label("What needs doing").fill("Call back about the GP appointment")
    due = timezone.localdate()
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Task added.")).to_be_visible()
    page.get_by_role("link", name="My work").click()
    expect(page.get_by_text("Call back about the GP appointment")).to_be_visible()
    # The case's Overview lists the open task too, with the way to all of them.
    page.get_by_role("link", name="SC-").first.click()
    expect(page.get_by_text("Call back about the GP appointment")).to_be_visible()
    page.get_by_role("link", name="All tasks").click()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("Task marked done.")).to_be_visible()
    page.get_by_role("link", name="My work").click()
    expect(page.get_by_text("Call back about the GP appointment")).to_have_count(0)
    assert problems == []


def test_a_blank_form_shows_the_error_summary_and_govuk_javascript_runs(
    page, live_server, people, sign_in, problems
):
    sign_in("alex")
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_role("button", name="Open case").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the given names")
    # GOV.UK Frontend's JavaScript initialised (the CSP allows only our own files): the
    # error summary module moves focus to the summary.
    expect(summary).to_be_focused()
    assert problems == []


def test_the_idle_warning_appears_a_minute_before_sign_out_and_can_be_dismissed(
    page, live_server, people, sign_in, problems, settings
):
    settings.SESSION_COOKIE_AGE = 62  # the warning shows after 2 seconds
    sign_in("alex")
    warning = page.get_by_text("You will be signed out in 1 minute")
    expect(warning).to_be_visible(timeout=8000)
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    assert problems == []
