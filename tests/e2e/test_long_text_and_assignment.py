"""In a real browser: a long text pasted into a box with a limit is counted, refused with a
message and kept (never cut off); two tabs reassigning a case, the second is told. Every page:
no console error, no failed request, no serious axe finding."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import checked  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_long_notes_are_counted_refused_and_kept(
    page,
    live_server,
    people,
    alex_case,
    sign_in,
    checked,  # noqa: F811
    settings,
):
    settings.MFA_REQUIRED = False
    sign_in("alex")
    page.goto(f"{live_server.url}/cases/{alex_case.reference}/claims/new/")
    expect(page.get_by_text("You can enter up to 5,000 characters")).to_be_visible()
    checked()
    pasted = "abcd" * 5000
    page.get_by_label("Notes").fill(pasted)
    expect(page.get_by_text("You have 15,000 characters too many")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Notes must be 5000 characters or fewer")).to_be_visible()
    assert page.get_by_label("Notes").input_value() == pasted
    checked()


def test_two_tabs_reassigning_a_case(page, live_server, people, alex_case, sign_in, checked, settings):  # noqa: F811
    settings.MFA_REQUIRED = False
    sign_in("morgan")
    url = f"{live_server.url}/cases/{alex_case.reference}/assign/"
    other = page.context.new_page()
    other.goto(url)
    page.goto(url)
    other.get_by_label("Assign to").select_option(label=people.blake.display_name)
    other.get_by_role("button", name="Save assignment").click()
    expect(other.get_by_text("Assignment saved.")).to_be_visible()
    page.get_by_label("Assign to").select_option(label="Nobody (unassigned)")
    page.get_by_role("button", name="Save assignment").click()
    expect(page.get_by_role("heading", name="Someone else saved this while you were editing")).to_be_visible()
    assert page.title().startswith("Error: ")
    checked()
    alex_case.refresh_from_db()
    assert alex_case.assignee == people.blake
