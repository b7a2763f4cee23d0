"""The journeys people take, in a real browser (Debian's chromium), with two-factor sign-in:
every page visited has no console error, no failed request and no serious accessibility
violation found by axe-core."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import CaseFactory, ConsentFactory, ReferralFactory
from tests.security.test_mfa import code_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _known_govuk_issue(violation_id: str, node: dict) -> bool:
    # govuk-frontend's Radios JS puts aria-expanded on a radio that reveals conditional content.
    # ARIA does not list it for radios, but GOV.UK keeps it on purpose as screen readers announce
    # it: a documented known issue (alphagov/govuk-frontend#979). Nothing else is let through.
    html = node.get("html", "")
    return violation_id == "aria-allowed-attr" and 'type="radio"' in html and "aria-controls=" in html


def serious_violations(result: dict) -> list[str]:
    """axe-core's serious and critical violations, less the one known GOV.UK Frontend issue."""
    found = []
    for v in result["violations"]:
        nodes = [n for n in v["nodes"] if not _known_govuk_issue(v["id"], n)]
        if v["impact"] in ("serious", "critical") and nodes:
            found.append(f"{v['id']}: {v['help']} {[n['target'] for n in nodes]}")
    return found


@pytest.fixture
def mfa_on(settings):
    settings.MFA_REQUIRED = True


@pytest.fixture
def checked(page, problems):
    """check() runs axe-core on the current page and asserts nothing went wrong so far."""
    source = AXE.read_text()

    def check():
        page.wait_for_load_state("networkidle")
        # evaluate() runs through the DevTools protocol, so our CSP (no inline script) allows it.
        page.evaluate(source)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = serious_violations(result)
        assert serious == [], f"{page.url}: {serious}"
        assert problems == [], f"{page.url}: {problems}"

    return check


def sign_in_with_code(page, live_server, user, checked):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto(f"{live_server.url}/accounts/login/")
    checked()
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter the code from your authenticator app")).to_be_visible()
    checked()
    page.get_by_label("Code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    checked()


def fill_date(page, day, field=None):
    """The GOV.UK date input; name the field when the page has more than one."""
    if field:
        for index, part in enumerate((day.day, day.month, day.year)):
            page.locator(f"#id_{field}_{index}").fill(str(part))
        return
    page.get_by_role("textbox", name="Day", exact=True).fill(str(day.day))
    page.get_by_role("textbox", name="Month", exact=True).fill(str(day.month))
    page.get_by_role("textbox", name="Year", exact=True).fill(str(day.year))


def test_a_caseworker_takes_a_case_from_interview_to_police_report(
    page, live_server, people, mfa_on, checked
):
    today = timezone.localdate()
    sign_in_with_code(page, live_server, people.alex, checked)

    # Open a case.
    page.get_by_role("button", name="Open a new case").click()
    page.get_by_label("Given names").fill("Ana")
    page.get_by_label("Family name").fill("Popescu")
    page.get_by_label("Female").check()
    page.get_by_label("Adult", exact=True).check()
    page.get_by_label("Labour").check()
    page.get_by_label("UK only").check()
    checked()
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", name="Ana Popescu")).to_be_visible()
    checked()
    case_url = page.url
    # The case's pages are reached by its sub-navigation.
    nav = page.get_by_role("navigation", name="Case")

    # Screening interview, section by section.
    nav.get_by_role("link", name="Screening").click()
    expect(nav.get_by_role("link", name="Screening")).to_have_attribute("aria-current", "page")
    page.get_by_role("button", name="Start a screening interview").click()
    expect(page.get_by_role("heading", name="Screening interview")).to_be_visible()
    checked()
    page.get_by_role("link", name="Interview details").click()
    fill_date(page, today)
    page.get_by_label("Where the interview took place").fill("Our office")
    page.get_by_label("Interviewer").fill("Alex")
    page.locator("input[name=interpreter_used][value=no]").check()
    checked()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Informed consent to the interview").click()
    for name in ("purpose_explained", "rights_explained", "consent_given"):
        page.locator(f"input[name={name}][value=yes]").check()
    page.get_by_role("button", name="Save and continue").click()
    for title in (
        "Personal circumstances",
        "Recruitment",
        "Movement and transport",
        "Exit",
        "Current needs and risks",
    ):
        page.get_by_role("link", name=title).click()
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Exploitation", exact=True).click()
    page.get_by_label("Type of work or exploitation").fill("Farm work without pay")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Indicators").click()
    page.get_by_role("checkbox", name="Deception").check()
    page.get_by_label("Evidence: deception").fill("Promised paid work")
    checked()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Assessment and outcome").click()
    page.get_by_label("Refer to the NRM").check()
    page.get_by_label("Reasons for the outcome").fill("Indicators of forced labour")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Check your answers").click()
    expect(page.get_by_text("Promised paid work")).to_be_visible()
    checked()
    page.get_by_role("button", name="Complete the interview").click()
    expect(page.get_by_text("Screening interview completed.")).to_be_visible()
    nav.get_by_role("link", name="NRM").click()
    expect(page.get_by_text("The screening interview concluded: refer to the NRM")).to_be_visible()

    # Consent was recorded with the interview; now NRM consent, the referral and a positive RG.
    nav.get_by_role("link", name="Consent").click()
    page.get_by_role("button", name="Record a consent decision").click()
    page.get_by_label("Referral to the National Referral Mechanism").check()
    page.get_by_label("Given").check()
    fill_date(page, today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Consent decision recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Consent", exact=True)).to_be_visible()
    nav.get_by_role("link", name="NRM").click()
    page.get_by_role("button", name="Record a referral").click()
    fill_date(page, today)
    page.get_by_label("First Responder Organisation", exact=True).select_option("salvation_army")
    page.get_by_label("Single Competent Authority (SCA)").check()
    checked()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("RG decision due by")).to_be_visible()
    page.get_by_role("button", name="Record a decision").click()
    page.get_by_label("Reasonable Grounds (RG)").check()
    page.get_by_label("Positive").check()
    fill_date(page, today, "decided_on")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Positive RG: recovery period")).to_be_visible()

    # A period of support and a police report.
    nav.get_by_role("link", name="Support").click()
    page.get_by_role("button", name="Record support").click()
    page.get_by_label("Kind of support").select_option("accommodation")
    page.get_by_label("Provider", exact=True).select_option("vcc")
    fill_date(page, today, "start_on")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Support", exact=True)).to_be_visible()
    checked()
    nav.get_by_role("link", name="Justice").click()
    page.get_by_role("button", name="Record a criminal proceeding").click()
    page.get_by_label("Survivor as victim and witness").check()
    page.get_by_label("Police force").select_option("metropolitan")
    page.get_by_label("Crime reference number").fill("CR/777/26")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Record a step").click()
    page.get_by_label("Reported to police").check()
    page.get_by_role("button", name="Continue").click()
    fill_date(page, today, "on")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("CR/777/26")).to_be_visible()
    expect(page.get_by_text("Reported to police").first).to_be_visible()
    checked()

    # The Overview says where it all stands, and each page keeps its own.
    page.goto(case_url)
    standing = page.locator("section", has=page.get_by_role("heading", name="Where things stand"))
    expect(standing.get_by_text("Positive RG", exact=False).first).to_be_visible()
    expect(standing.get_by_text("Accommodation", exact=False)).to_be_visible()
    checked()
    for link, text in (
        ("Screening", "Screening interview"),
        ("NRM", "Positive RG: recovery period"),
        ("Support", "Accommodation"),
        ("Justice", "CR/777/26"),
    ):
        nav.get_by_role("link", name=link).click()
        expect(page.get_by_text(text, exact=False).first).to_be_visible()
    checked()


def test_a_manager_follows_an_overdue_figure_reassigns_and_exports(
    page, live_server, people, mfa_on, checked, tmp_path
):
    for _ in range(2):
        case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
        ConsentFactory(case=case)
        ReferralFactory(case=case, submitted_on=timezone.localdate() - timedelta(days=30))
    sign_in_with_code(page, live_server, people.morgan, checked)
    page.get_by_role("link", name="Backlog").click()
    expect(page.get_by_role("heading", name="Decision backlog")).to_be_visible()
    checked()
    page.get_by_role("row", name="RG decisions overdue").get_by_role("link").click()
    expect(page.get_by_role("heading", name="RG decisions overdue")).to_be_visible()
    checked()
    page.get_by_role("link", name="Reassign").first.click()
    page.get_by_label("Assign to").select_option(label="Blake")
    checked()
    page.get_by_role("button", name="Save assignment").click()
    expect(page.get_by_role("heading", name="RG decisions overdue")).to_be_visible()
    expect(page.get_by_text("Assignment saved.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as CSV").click()
    target = tmp_path / "backlog.csv"
    download_info.value.save_as(target)
    assert target.read_text().startswith("Case reference,")
    checked()


def test_only_the_known_govuk_radio_issue_is_let_through():
    radio = {
        "html": '<input type="radio" aria-controls="x-conditional" aria-expanded="false">',
        "target": ["#r"],
    }
    other = {"html": '<div role="button" aria-checked="true">', "target": ["#d"]}
    result = {
        "violations": [
            {"id": "aria-allowed-attr", "impact": "critical", "help": "h", "nodes": [radio]},
            {"id": "aria-allowed-attr", "impact": "critical", "help": "h", "nodes": [radio, other]},
        ]
    }
    assert serious_violations(result) == ["aria-allowed-attr: h [['#d']]"]
