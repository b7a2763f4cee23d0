"""Two tabs on the same survivor's details in a real browser: the second save is refused with
who changed what, both sets of values side by side; then a correction with a reason shows in
the case's history. Every page: no console error, no failed request, no serious axe finding."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_journeys import checked  # noqa: F401 (fixture)
from tests.factories import DecisionFactory, ReferralFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_two_tabs_then_a_correction(page, live_server, people, alex_case, sign_in, checked, settings):  # noqa: F811
    settings.MFA_REQUIRED = False
    decision = DecisionFactory(
        referral=ReferralFactory(case=alex_case, submitted_on=timezone.localdate() - timedelta(days=20)),
        decided_on=timezone.localdate() - timedelta(days=10),
        recorded_by=people.alex,
    )
    sign_in("alex")
    edit_url = f"{live_server.url}/cases/{alex_case.reference}/edit/"
    other = page.context.new_page()
    other.goto(edit_url)
    page.goto(edit_url)
    checked()

    other.get_by_label("Phone number").fill("07700 900111")
    other.get_by_label("Safe times to make contact").fill("Evenings")
    other.get_by_role("button", name="Save").click()
    expect(other.get_by_text("Details saved.")).to_be_visible()

    page.get_by_label("Address", exact=True).fill("1 New Street")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Someone else saved this while you were editing")).to_be_visible()
    checked()
    expect(page.get_by_label("Address", exact=True)).to_have_value("1 New Street")
    expect(page.get_by_label("Phone number")).to_have_value("07700 900111")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Details saved.")).to_be_visible()
    nav = page.get_by_role("navigation", name="Case")
    expect(nav.get_by_role("link", name="Personal details")).to_have_attribute("aria-current", "page")

    nav.get_by_role("link", name="NRM").click()
    page.locator(f"a[href$='/nrm/decisions/{decision.pk}/change/']").click()
    checked()
    page.get_by_label("Notes", exact=True).fill("Letter re-read")
    page.get_by_label("Why is this being corrected?").fill("Typed from the wrong letter")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Decision corrected.")).to_be_visible()
    expect(nav.get_by_role("link", name="NRM")).to_have_attribute("aria-current", "page")
    nav.get_by_role("link", name="Personal details").click()
    page.get_by_role("link", name="See the earlier values of changed and deleted records").click()
    expect(page.get_by_role("heading", name="History of changes and corrections")).to_be_visible()
    expect(page.get_by_text("Typed from the wrong letter")).to_be_visible()
    checked()
