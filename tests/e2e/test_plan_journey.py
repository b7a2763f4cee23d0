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
    expect(actions.get_by_role("cell", name="Call the housing officer", exact=True)).to_be_visible()
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


def test_the_plan_s_forms_hold_up_to_what_people_type_and_an_action_changed_needs_agreeing_again(
    page,
    live_server,
    people,
    alex_case,
    sign_in,
    checked,  # noqa: F811 (the fixture)
    settings,
):
    """Spaces only, 20,000 characters and more, emoji and right-to-left words; the keyboard; a
    narrow phone; an action's due date moved on the Tasks page after the survivor agreed."""
    settings.MFA_REQUIRED = False
    today = timezone.localdate()
    sign_in("alex")
    plan_url = f"{live_server.url}/cases/{alex_case.reference}/plan/"
    page.goto(plan_url)
    # The keyboard alone opens the form.
    page.get_by_role("button", name="Add a need").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Area of need").select_option(label="Access to medical treatment")
    page.get_by_label("In the survivor's own words (optional)").fill("x" * 20_001)
    page.get_by_label("Caseworker's notes (optional)").fill("   ")
    page.get_by_role("button", name="Add the need").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("20000 characters or fewer")
    checked()
    words = "أريد طبيباً يتحدث العربية 🩺 and a GP near the house"
    page.get_by_label("In the survivor's own words (optional)").fill(words)
    page.get_by_role("button", name="Add the need").click()
    expect(page.get_by_text("Need added to the plan.")).to_be_visible()
    expect(page.locator("blockquote")).to_contain_text(words)
    expect(page.get_by_text("Caseworker's notes")).to_have_count(0)  # spaces only: nothing

    page.get_by_role("link", name="Add a goal to the need Access to medical treatment").click()
    page.get_by_label("Goal", exact=True).fill("   ")
    page.get_by_role("button", name="Add the goal").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the goal")
    checked()
    page.get_by_label("Goal", exact=True).fill("y" * 20_000)
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_text("Goal 1 added to the plan.")).to_be_visible()

    page.get_by_role("link", name="Add an action to goal 1").click()
    page.get_by_label("What needs doing").fill("Register with the GP 🩺")
    fill_date(page, today + timedelta(days=7))
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added to goal 1.")).to_be_visible()
    page.get_by_role("button", name="Record that the survivor has seen and agreed this plan").click()
    fill_date(page, today, "agreed_on")
    fill_date(page, today + timedelta(days=28), "next_review_on")
    page.get_by_role("button", name="Record their agreement").click()
    expect(page.get_by_text(f"Agreed with the survivor on {today:%-d %B %Y}")).to_be_visible()

    # A phone's width: nothing wider than the screen.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "plan-375")
    checked()
    page.set_viewport_size({"width": 1280, "height": 800})

    # The action's due date moves: a different promise, so the survivor must agree again.
    page.get_by_role("link", name="Change the action Register with the GP 🩺").click()
    checked()
    fill_date(page, today + timedelta(days=14))
    page.locator("#id_reason").fill("She asked for the week after")
    page.get_by_role("button", name="Save").click()
    page.goto(plan_url)
    expect(page.get_by_text("The survivor has not seen the current version of this plan.")).to_be_visible()
    shot(page, "plan-action-changed")
    checked()
