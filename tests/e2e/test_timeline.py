"""The case timeline in a real browser: the filters, "Show more" appending the next events
with htmx (the focus moving to the first of them), the same page at a phone's width, and the
print view. Screenshots go to $SCREENSHOTS when it is set (to look at them)."""

import os
from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from casework.hooks import TimelineQuery, timeline_kinds
from casework.selectors.timeline import case_timeline
from tests.casework.test_timeline import DAY, at, fill, log

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shoot(page, name):
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.fixture
def busy_case(people, alex_case):
    alex_case.opened_on = DAY - timedelta(days=30)
    alex_case.save()
    fill(alex_case, people)
    for hour in range(24):
        log(alex_case, people.alex, at(DAY + timedelta(days=1), 0) + timedelta(hours=hour, minutes=5))
    return alex_case


def test_alex_reads_filters_and_pages_through_the_timeline(page, live_server, sign_in, busy_case, problems):
    sign_in("alex")
    url = live_server.url + reverse("case_timeline", args=[busy_case.reference])
    page.goto(url)
    expect(page.get_by_role("heading", name="Timeline", level=2)).to_be_visible()
    items = page.locator("#timeline-events .moj-timeline__item")
    expect(items).to_have_count(25)
    shoot(page, "timeline-desktop")

    # Show more: the next events are added under those shown, and the focus moves to them.
    page.get_by_role("link", name="Show more events").click()
    expect(items).to_have_count(50)
    expect(page.locator("#timeline-events .moj-timeline__item").nth(25)).to_be_focused()
    page.get_by_role("link", name="Show more events").click()
    every_kind = frozenset(code for code, _label in timeline_kinds())
    total = len(case_timeline(busy_case, TimelineQuery(kinds=every_kind)))
    assert total > 50
    expect(items).to_have_count(total)
    expect(page.get_by_role("link", name="Show more events")).to_have_count(0)
    assert page.url == url  # appended in place; the address is still the timeline's

    # Filters: only the NRM's events, between two dates.
    page.get_by_text("Filter the timeline").click()
    page.get_by_label("NRM referral and decisions").check()
    start = page.get_by_role("group", name="Date from")
    start.get_by_label("Day").fill(str((DAY + timedelta(days=3)).day))
    start.get_by_label("Month").fill(str(DAY.month))
    start.get_by_label("Year").fill(str(DAY.year))
    page.get_by_role("button", name="Apply filters").click()
    expect(items).to_have_count(6)  # the RG decision onwards: served, reconsidered, disqualified, withdrawn
    shoot(page, "timeline-filtered")

    # A date that is not one: a message on the form, not an error page.
    start.get_by_label("Day").fill("31")
    start.get_by_label("Month").fill("2")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="Date from must be a real date")).to_be_visible()
    shoot(page, "timeline-bad-date")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url)
    expect(items).to_have_count(25)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "timeline-375")

    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(url)
    page.get_by_role("link", name="Print view of the timeline").click()
    expect(page.get_by_text("OFFICIAL-SENSITIVE.").first).to_be_visible()
    expect(page.locator(".moj-timeline__item")).to_have_count(total)
    shoot(page, "timeline-print")
    assert problems == []


def test_without_javascript_the_link_opens_the_next_page(browser, live_server, people, busy_case):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("alex")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + reverse("case_timeline", args=[busy_case.reference]))
    page.get_by_role("link", name="Show more events").click()
    assert "after=" in page.url
    expect(page.locator(".moj-timeline__item")).to_have_count(25)
    expect(page.get_by_role("link", name="Newest events")).to_be_visible()
    shoot(page, "timeline-no-js-page-2")
    context.close()
