"""The case list in a real browser, without JavaScript doing the work: Alex sorts by a column
header (the header says so to screen readers), filters with the form, pages on, and the filters
and sort stay; no serious axe-core violation."""

import pytest
from django.core.management import call_command

from tests.e2e.test_journeys import AXE, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_alex_sorts_filters_and_pages_her_cases(page, live_server, problems, settings, tmp_path):
    settings.MFA_REQUIRED = False
    call_command("seed_demo", "--password", "demo-password-for-tests", "--cases", "30")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill("demo-password-for-tests")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/cases/")
    assert "open cases" in page.locator("#case-count").inner_text()
    page.get_by_role("link", name="Last contact").click()
    header = page.locator("th[aria-sort='ascending']")
    assert header.inner_text().startswith("Last contact")
    page.get_by_role("link", name="Last contact").click()
    assert page.locator("th[aria-sort='descending']").inner_text().startswith("Last contact")
    page.get_by_label("Not contacted for 14 days").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "only=no_contact" in page.url and "sort=last_contact" in page.url
    assert page.get_by_label("Not contacted for 14 days").is_checked()
    page.screenshot(path=str(tmp_path / "case-list.png"), full_page=True)
    page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert serious_violations(result) == []
    assert problems == []
