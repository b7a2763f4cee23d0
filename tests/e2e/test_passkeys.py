"""Passkeys in a real browser: Chromium's virtual authenticator (DevTools protocol) stands in
for a phone or security key. A manager adds a passkey, signs in with it as the second
factor, and confirms a subject access export with it; the CSP stays 'self' throughout."""

import pytest
from playwright.sync_api import expect

from casework.models import AuditEvent
from casework.vocabularies import AuditAction
from tests.e2e import test_journeys
from tests.e2e.test_journeys import sign_in_with_code
from tests.factories import CaseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The journeys' fixtures: two-factor sign-in required, and check() for axe-core and errors.
checked = test_journeys.checked
mfa_on = test_journeys.mfa_on


@pytest.fixture
def passkeys_here(settings, live_server):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    assert live_server.url.startswith("http://localhost:")


@pytest.fixture
def authenticator(page):
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return devtools, added["authenticatorId"]


def test_a_manager_adds_a_passkey_signs_in_with_it_and_confirms_an_export(
    page, live_server, people, mfa_on, passkeys_here, authenticator, checked
):
    case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    sign_in_with_code(page, live_server, people.morgan, checked)

    page.get_by_role("link", name="Passkeys").click()
    expect(page.get_by_role("heading", name="Passkeys and security keys")).to_be_visible()
    checked()
    page.get_by_role("button", name="Add a passkey or security key").click()
    expect(page.get_by_role("table")).to_contain_text("Not yet", timeout=15_000)
    checked()
    assert AuditEvent.objects.filter(action=AuditAction.MFA_ENROLLED, actor=people.morgan).exists()

    # Sign out, then the password and the passkey instead of a code.
    page.get_by_role("button", name="Sign out morgan").click()
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Use a passkey or security key")).to_be_visible()
    checked()  # waits until the page is idle: the library's script has set up the button
    page.get_by_role("button", name="Use a passkey or security key").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible(timeout=15_000)
    checked()
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_VERIFIED, actor=people.morgan, fields=["passkey"]
    ).exists()

    # The export's step-up, with the passkey.
    page.goto(f"{live_server.url}/cases/{case.reference}/export/")
    checked()
    page.get_by_role("button", name="Confirm with a passkey or security key").click()
    expect(page.get_by_text("You have confirmed it is you with your passkey")).to_be_visible(timeout=15_000)
    checked()
    page.get_by_role("button", name="Prepare the export").click()
    expect(page.get_by_role("heading", name="Export ready")).to_be_visible()
    checked()
    assert AuditEvent.objects.filter(action=AuditAction.CASE_EXPORTED, actor=people.morgan).exists()
