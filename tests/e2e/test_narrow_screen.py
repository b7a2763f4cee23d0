"""At 375px (a small phone) the page itself never scrolls sideways: a wide table scrolls inside its
own focusable region instead (GOV.UK's advice for tables on a narrow screen)."""

import pytest
from django.core.management import call_command

from casework.models import Case, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_wide_tables_scroll_in_their_own_region_at_375px(page, live_server, problems, settings, tmp_path):
    settings.MFA_REQUIRED = False
    call_command("seed_demo", "--password", "demo-password-for-tests", "--cases", "30")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill("demo-password-for-tests")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    visible = Case.objects.visible_to(User.objects.get(username="morgan"))
    with_consent = visible.filter(consents__isnull=False).values_list("reference", flat=True).first()
    with_support = visible.filter(support_periods__isnull=False).values_list("reference", flat=True).first()
    with_documents = visible.filter(documents__isnull=False).values_list("reference", flat=True).first()
    with_risk = visible.filter(risk_assessments__isnull=False).values_list("reference", flat=True).first()
    assert with_consent and with_support and with_documents and with_risk
    for name, path in [
        ("my-work", "/"),
        ("case-list", "/cases/"),
        ("backlog", "/backlog/"),
        ("consent", f"/cases/{with_consent}/consent/"),
        ("support", f"/cases/{with_support}/support/"),
        ("documents", f"/cases/{with_documents}/documents/"),
        ("risk", f"/cases/{with_risk}/risk/"),
        ("plan", f"/cases/{with_support}/plan/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        if name not in ("risk", "plan"):  # pages of lists and summaries, no wide table
            assert page.locator(".app-table-scroll").count() >= 1, name
        page.screenshot(path=str(tmp_path / f"{name}-375.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    assert problems == []
