"""A risk assessment in a real browser: the caseworker records one from the case's Risk page,
sees the level and the next review date there and on the Overview, the high-risk case to check
on My work, then records a review that
starts from the first; a manager changes the team's review periods. Every page: no console
error, no failed request, no serious axe finding."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.ui.dates import long_date
from tests.e2e.test_journeys import checked  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Where to keep screenshots of the pages when asked (RISK_SCREENSHOTS=/some/folder).
SHOTS = os.environ.get("RISK_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_record_a_risk_assessment_then_a_review(
    page,
    live_server,
    people,
    alex_case,
    sign_in,
    checked,  # noqa: F811
    settings,
):
    settings.MFA_REQUIRED = False
    today = timezone.localdate()
    alex_case.opened_on = today - timedelta(days=30)
    alex_case.save()
    sign_in("alex")
    page.goto(f"{live_server.url}/cases/{alex_case.reference}/")
    expect(page.locator("#overview-risk")).to_contain_text("Not assessed")
    nav = page.get_by_role("navigation", name="Case")
    nav.get_by_role("link", name="Risk").click()
    expect(nav.get_by_role("link", name="Risk")).to_have_attribute("aria-current", "page")
    checked()
    page.get_by_role("link", name="Record a risk assessment").click()
    checked()
    page.get_by_role("group", name="Self-harm or suicide").get_by_label("High").check()
    page.get_by_label("Evidence (self-harm or suicide)").fill("Said she has thought about ending her life.")
    page.get_by_role("group", name="Homelessness").get_by_label("Medium").check()
    page.get_by_role("group", name="Overall risk level").get_by_label("Low").check()
    page.get_by_label("Safety plan").fill("Crisis line saved under a friend's name. Weekly call on Thursday.")
    page.get_by_role("button", name="Save").click()
    # The overall level cannot be below the highest area's.
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be lower than the highest area")
    checked()
    shot(page, "risk-form-error")
    page.get_by_role("group", name="Overall risk level").get_by_label("High").check()
    page.get_by_role("button", name="Save").click()
    due = long_date(today + timedelta(days=7))
    expect(page.get_by_text(f"Risk assessment recorded. Next review by {due}.")).to_be_visible()
    expect(page.locator("#risk-next-review")).to_contain_text(due)
    expect(page.locator("#risk-current")).to_contain_text("High")
    checked()
    shot(page, "risk-page")

    nav.get_by_role("link", name="Overview").click()
    expect(page.locator("#overview-risk")).to_contain_text("High")
    expect(page.locator("#overview-risk")).to_contain_text(f"Next review by {due}")
    shot(page, "risk-overview")

    # A high-risk case is a case to check on My work, in words that name no risk.
    page.get_by_role("link", name="My work").click()
    expect(page.get_by_text("Case to check: is the safety plan in place?")).to_be_visible()
    checked()
    page.goto(f"{live_server.url}/cases/{alex_case.reference}/")

    # A review starts from the current assessment and keeps it as history.
    nav.get_by_role("link", name="Risk").click()
    page.get_by_role("link", name="Record a review").click()
    expect(page.get_by_role("group", name="Self-harm or suicide").get_by_label("High")).to_be_checked()
    page.get_by_role("group", name="Self-harm or suicide").get_by_label("Medium").check()
    page.get_by_role("group", name="Overall risk level").get_by_label("Medium").check()
    page.get_by_role("button", name="Save").click()
    later = long_date(today + timedelta(days=28))
    expect(page.locator("#risk-next-review")).to_contain_text(later)
    expect(page.get_by_text("Earlier assessments")).to_be_visible()
    checked()

    page.goto(f"{live_server.url}/cases/?risk=medium")
    expect(page.get_by_role("link", name=alex_case.reference)).to_be_visible()
    shot(page, "risk-case-list")

    page.context.clear_cookies()
    sign_in("morgan")
    page.goto(f"{live_server.url}/team/risk-reviews/")
    checked()
    page.get_by_label("High risk").fill("3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Review periods for North saved")).to_be_visible()
    expect(page.locator("#periods-now")).to_contain_text("3 days")
    checked()
    shot(page, "risk-review-periods")
