"""A Recovery Needs Assessment in a real browser: after a positive CG a caseworker drafts it, records
that the survivor saw it, submits it (refused until the survivor has agreed the case's support
plan, with a link to the Plan page) and records the decision, each from the support page; every
page visited has no console error, no failed request and no serious accessibility violation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from support.models import PlanAgreement, SupportPlan
from tests.e2e import test_journeys
from tests.factories import DecisionFactory, ReferralFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

checked = test_journeys.checked  # the journeys' axe-core and console check, a fixture
fill_date = test_journeys.fill_date
SHOTS = "/tmp/rna"  # noqa: S108 (screenshots to look at, not read back)


def test_a_caseworker_takes_an_rna_from_draft_to_a_decision(
    page, live_server, people, alex_case, sign_in, checked
):
    today = timezone.localdate()
    referral = ReferralFactory(case=alex_case, submitted_on=today - timedelta(days=60))
    DecisionFactory(referral=referral, decided_on=today - timedelta(days=55))
    DecisionFactory(referral=referral, kind="cg", decided_on=today - timedelta(days=10))
    sign_in("alex")
    page.goto(live_server.url + reverse("case_support", args=[alex_case.reference]))
    expect(page.get_by_text("First Recovery Needs Assessment due by")).to_be_visible()
    checked()

    page.get_by_role("button", name="Draft a Recovery Needs Assessment").click()
    expect(page.get_by_role("heading", name="Draft a Recovery Needs Assessment")).to_be_visible()
    checked()
    page.locator("#id_needs").fill("Counselling weekly; help to register with a GP.")
    page.screenshot(path=f"{SHOTS}-1-draft.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Recovery Needs Assessment drafted.")).to_be_visible()
    checked()

    page.get_by_role("link", name="Record sharing").click()
    checked()
    fill_date(page, today, "shared_on")
    page.locator("#id_survivor_comments").fill("I want to stay near my counsellor.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Sharing with the survivor recorded.")).to_be_visible()

    plan = SupportPlan.objects.create(case=alex_case, created_by=people.alex)  # not yet agreed
    page.get_by_role("link", name="Record submission").click()
    checked()
    fill_date(page, today, "submitted_on")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The survivor has not seen and agreed the current support plan")).to_be_visible()
    expect(page.get_by_role("link", name="Plan page")).to_have_attribute(
        "href", reverse("case_plan", args=[alex_case.reference])
    )
    checked()
    page.screenshot(path=f"{SHOTS}-2-plan-not-agreed.png", full_page=True)
    PlanAgreement.objects.create(plan=plan, edition=plan.edition, agreed_on=today, recorded_by=people.alex)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Decision awaited since the submission of")).to_be_visible()
    checked()
    page.screenshot(path=f"{SHOTS}-2-submitted.png", full_page=True)

    page.get_by_role("link", name="Record decision").click()
    checked()
    fill_date(page, today, "decided_on")
    page.get_by_label("Continued support with the services agreed").check()
    page.locator("#id_services_agreed").fill("Accommodation and counselling")
    fill_date(page, today + timedelta(days=120), "support_until")
    fill_date(page, today + timedelta(days=100), "next_review_on")
    page.screenshot(path=f"{SHOTS}-3-decision-form.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    expect(page.get_by_text("Next Recovery Needs Assessment or review by")).to_be_visible()
    expect(page.get_by_text("reach-in support from")).to_be_visible()
    page.get_by_text("What it says").click()
    expect(page.get_by_text("Accommodation and counselling")).to_be_visible()
    checked()
    page.screenshot(path=f"{SHOTS}-4-decided.png", full_page=True)
