"""Every page a caseworker and a manager reach from the navigation, on the demo data, in a real
browser: no console error, no failed request, no serious or critical axe-core violation."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.e2e.test_journeys import AXE, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SKIP = ("/accounts/logout", "/admin/", "/static/", ".csv", "/export/")


@pytest.mark.parametrize("username", ["alex", "morgan"])
def test_pages_reached_from_the_navigation_are_accessible(page, live_server, problems, username, settings):
    settings.MFA_REQUIRED = False
    call_command("seed_demo", "--password", "demo-password-for-tests", "--cases", "30")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo-password-for-tests")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    source = AXE.read_text()
    queue, seen = ["/"], set()
    while queue and len(seen) < 25:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        page.evaluate(source)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = serious_violations(result)
        assert serious == [], f"{path}: {serious}"
        assert problems == [], f"{path}: {problems}"
        for href in page.eval_on_selector_all(
            "main a[href]", "links => links.map(a => a.getAttribute('href'))"
        ):
            target = urlsplit(href)
            if not target.netloc and target.path.startswith("/") and not any(s in href for s in SKIP):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    assert len(seen) > 5
