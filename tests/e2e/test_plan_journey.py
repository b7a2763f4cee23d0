"""A caseworker builds a support plan with the survivor in a real browser: a need in their words,
a goal, an action that becomes a task, a review, and the survivor's agreement; then a change to
the plan says the survivor has not seen the current version. Every page: no console error, no
failed request, no serious axe finding."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Task
from tests.e2e.test_journeys import checked, fill_date  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# PLAN_SCREENSHOTS=<folder> keeps a screenshot of the plan page at each stage (to look at it).
SHOTS = os.environ.get("PLAN_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_caseworker_builds_a_plan_with_the_survivor(
    page,
    live_server,
    people,
    alex_case,
    sign_in,
    checked,  # noqa: F811 (the fixture)
    settings,
):
    settings.MFA_REQUIRED = False
    today = timezone.localdate()
    sign_in("alex")
    page.goto(f"{live_server.url}/cases/{alex_case.reference}/")
    page.get_by_role("navigation", name="Case").get_by_role("link", name="Plan").click()
    expect(page.get_by_text("There is no plan yet.")).to_be_visible()
    checked()

    page.get_by_role("button", name="Add a need").click()
    checked()
    page.get_by_label("Area of need").select_option(label="Secure and suitable housing")
    page.get_by_label("In the survivor's own words (optional)").fill("Somewhere safe that is mine.")
    page.get_by_label("Caseworker's notes (optional)").fill("In a safe house until March.")
    page.get_by_role("radio", name="High").check()
    page.get_by_role("radio", name="Open").check()
    page.get_by_role("button", name="Add the need").click()
    expect(page.get_by_text("Need added to the plan.")).to_be_visible()
    expect(page.get_by_text("Not yet agreed")).to_be_visible()
    checked()

    page.get_by_role("link", name="Add a goal to the need Secure and suitable housing").click()
    checked()
    page.get_by_label("Goal", exact=True).fill("To move into a flat of my own.")
    page.get_by_role("radio", name="Not started").check()
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_text("Goal 1 added to the plan.")).to_be_visible()

    page.get_by_role("link", name="Add an action to goal 1").click()
    checked()
    page.get_by_label("What needs doing").fill("Call the housing officer")
    fill_date(page, today + timedelta(days=7))
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added to goal 1.")).to_be_visible()
    actions = page.get_by_role("table", name="Actions for goal 1")
    expect(actions.get_by_role("cell", name="Call the housing officer")).to_be_visible()
    assert Task.objects.get(case=alex_case).about_kind == "plan_goal"
    checked()

    page.get_by_role("button", name="Record a review").click()
    checked()
    fill_date(page, today, "reviewed_on")
    page.get_by_label("What changed (optional)").fill("Went through the plan together.")
    fill_date(page, today + timedelta(days=28), "next_review_on")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Review recorded.")).to_be_visible()

    page.get_by_role("button", name="Record that the survivor has seen and agreed this plan").click()
    checked()
    fill_date(page, today, "agreed_on")
    page.get_by_role("button", name="Record their agreement").click()
    expect(page.get_by_text(f"Agreed with the survivor on {today:%-d %B %Y}")).to_be_visible()
    expect(page.locator("blockquote")).to_contain_text("Somewhere safe that is mine.")
    shot(page, "plan-agreed")
    checked()

    # The plan changes: the survivor has not seen this version.
    page.get_by_role("link", name="Change the need Secure and suitable housing").click()
    checked()
    page.get_by_role("radio", name="In progress").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The survivor has not seen the current version of this plan.")).to_be_visible()
    shot(page, "plan-changed")
    checked()

    page.get_by_role("navigation", name="Case").get_by_role("link", name="Timeline").click()
    expect(page.get_by_text("The survivor agreed the support plan")).to_be_visible()
