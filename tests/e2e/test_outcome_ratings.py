"""A caseworker records the survivor's ratings twice in a real browser and reads the chart and
the table of the same numbers beside it. Every page: no console error, no failed request, no
serious axe finding."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_journeys import checked  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def rate(page, day, occasion, scores):
    page.get_by_role("button", name="Record ratings").click()
    expect(page.get_by_role("heading", name="Record the survivor's ratings")).to_be_visible()
    date = page.get_by_role("group", name="Date they rated these")
    date.get_by_label("Day").fill(str(day.day))
    date.get_by_label("Month").fill(str(day.month))
    date.get_by_label("Year").fill(str(day.year))
    page.get_by_label(occasion).check()
    for outcome, (score, words) in scores.items():
        page.get_by_role("group", name=f"{outcome}: their rating").get_by_label(
            score, exact=False
        ).first.check()
        if words:
            page.get_by_label(f"{outcome}: in their own words").fill(words)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ratings recorded.")).to_be_visible()


def test_ratings_recorded_twice_show_as_a_chart_and_a_table(
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
    alex_case.opened_on = today - timedelta(days=120)  # ratings are taken once the case is open
    alex_case.save(update_fields=["opened_on"])
    sign_in("alex")
    page.goto(f"{live_server.url}/cases/{alex_case.reference}/plan/")
    checked()
    rate(
        page,
        today - timedelta(days=90),
        "At intake",
        {
            "Secure and suitable housing": ("1 (very bad)", "Sharing a room with strangers"),
            "Purpose in life": ("3", ""),
        },
    )
    checked()
    rate(page, today, "At a plan review", {"Secure and suitable housing": ("4", "My own room now")})
    chart = page.get_by_role("img", name="Secure and suitable housing: ratings over time")
    expect(chart).to_be_visible()
    expect(page.get_by_role("img", name="Purpose in life: ratings over time")).to_be_visible()
    table = page.get_by_role("table", name="Secure and suitable housing: ratings")
    expect(table.get_by_role("cell", name="1", exact=True)).to_be_visible()
    expect(table.get_by_role("cell", name="4", exact=True)).to_be_visible()
    expect(page.get_by_text("My own room now")).to_be_visible()
    checked()
    # A rating chosen by mistake is un-chosen with "Not rated": only the other outcome is saved.
    page.get_by_role("button", name="Record ratings").click()
    date = page.get_by_role("group", name="Date they rated these")
    for box, value in (("Day", today.day), ("Month", today.month), ("Year", today.year)):
        date.get_by_label(box).fill(str(value))
    page.get_by_label("At a plan review").check()
    safety = page.get_by_role("group", name="Safety from the trafficker or abuser: their rating")
    expect(safety.get_by_label("Not rated")).to_be_checked()
    safety.get_by_label("2", exact=True).check()
    safety.get_by_label("Not rated").check()
    page.get_by_role("group", name="Purpose in life: their rating").get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ratings recorded.")).to_be_visible()
    safety_chart = page.get_by_role("img", name="Safety from the trafficker or abuser: ratings over time")
    expect(safety_chart).to_have_count(0)
    expect(page.get_by_role("table", name="Purpose in life: ratings").get_by_role("row")).to_have_count(3)
    checked()
