"""Passkeys as a second factor: the rules around django-otp-webauthn's ceremonies. The
ceremonies themselves run in a real browser (tests/e2e/test_passkeys.py)."""

import time

import pytest
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from casework.models import AuditEvent
from casework.security import mfa, passkeys
from casework.vocabularies import AuditAction
from tests.security.test_mfa import enrolled_alex, sign_in  # noqa: F401 (fixture)
from tests.security.test_subject_access import PASSWORD, full_case  # noqa: F401 (fixture)


def credential_for(user, n=1):
    return WebAuthnCredential.objects.create(
        user=user,
        name=f"key {n}",
        confirmed=True,
        credential_id=bytes([n]) * 16,
        credential_id_sha256=f"{n:064x}",
        public_key=b"not-a-real-key",
        sign_count=0,
    )


@pytest.fixture
def mfa_on(settings):
    settings.MFA_REQUIRED = True


def test_a_password_alone_cannot_register_a_passkey(client, people, enrolled_alex, mfa_on):  # noqa: F811 (fixtures imported from other test modules)
    sign_in(client, "alex")
    response = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert response.status_code == 403
    assert "otp_webauthn_register_state" not in client.session


def test_even_a_person_without_any_device_starts_with_the_authenticator_app(client, people, mfa_on):
    sign_in(client, "blake")
    assert client.post(reverse("otp_webauthn:credential-registration-begin")).status_code == 403


def test_a_verified_person_may_start_registering(client, people, settings):
    settings.MFA_REQUIRED = False
    client.force_login(people.alex)
    response = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert response.status_code == 200
    assert response.json()["rp"]["id"] == settings.OTP_WEBAUTHN_RP_ID


def test_there_is_no_passwordless_sign_in(client, people):
    credential_for(people.alex)
    response = client.post(reverse("otp_webauthn:credential-authentication-begin"))
    assert response.status_code in (302, 403)
    assert "_auth_user_id" not in client.session


def test_the_verify_page_offers_a_passkey_only_to_those_who_have_one(client, people, enrolled_alex, mfa_on):  # noqa: F811 (fixtures imported from other test modules)
    sign_in(client, "alex")
    assert "Use a passkey" not in client.get(reverse("mfa_verify")).content.decode()
    credential_for(people.alex)
    page = client.get(reverse("mfa_verify")).content.decode()
    assert "Use a passkey" in page
    assert "otp_webauthn_auth.js" in page
    assert "<script>" not in page  # the configuration is JSON data, nothing inline runs


def test_the_export_needs_a_fresh_passkey_confirmation_used_once(people, login, full_case, time_machine):  # noqa: F811 (fixtures imported from other test modules)
    time_machine.move_to("2026-11-24T10:00:00+00:00", tick=False)
    client = login(people.morgan)
    url = reverse("case_export", args=[full_case.reference])
    assert "export" not in (client.post(url, {"passkey": "1"}).context or {})  # no confirmation

    session = client.session
    session[passkeys.STEP_UP_KEY] = int(time.time())
    session.save()
    time_machine.shift(passkeys.STEP_UP_SECONDS + 1)
    assert "export" not in (client.post(url, {"passkey": "1"}).context or {})  # too old

    session = client.session
    session[passkeys.STEP_UP_KEY] = int(time.time())
    session.save()
    assert "You have confirmed it is you with your passkey" in client.get(url).content.decode()
    assert "export" in client.post(url, {"passkey": "1"}).context
    assert "export" not in (client.post(url, {"passkey": "1"}).context or {})  # used once


def test_a_person_removes_their_own_passkey_only_after_a_fresh_check(client, people, settings):
    # Review finding 15: a hijacked session alone must not remove keys.
    settings.MFA_REQUIRED = False
    mine, theirs = credential_for(people.alex, 1), credential_for(people.blake, 2)
    client.force_login(people.alex)
    assert client.get(reverse("passkey_remove", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("passkey_remove", args=[theirs.pk]), {"password": PASSWORD}).status_code == 404
    assert client.get(reverse("passkey_remove", args=[mine.pk])).status_code == 200
    # Without the password, or with a wrong one, nothing is removed.
    assert client.post(reverse("passkey_remove", args=[mine.pk])).status_code == 200
    wrong = client.post(reverse("passkey_remove", args=[mine.pk]), {"password": "not the password"})
    assert "The password is not right" in wrong.content.decode()
    assert WebAuthnCredential.objects.filter(pk=mine.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.MFA_RESET).exists()
    assert client.post(reverse("passkey_remove", args=[mine.pk]), {"password": PASSWORD}).status_code == 302
    assert list(WebAuthnCredential.objects.all()) == [theirs]
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_RESET, actor=people.alex, subject_user=people.alex, fields=["passkey"]
    ).exists()


def test_removing_a_passkey_needs_a_fresh_code_when_two_factor_is_on(
    client,
    people,
    enrolled_alex,  # noqa: F811 (fixtures imported from other test modules)
    mfa_on,
    time_machine,
):
    from tests.security.test_mfa import code_for

    time_machine.move_to("2026-11-24T10:00:00+00:00", tick=False)
    mine = credential_for(people.alex, 1)
    sign_in(client, "alex")
    assert client.post(reverse("mfa_verify"), {"code": code_for(enrolled_alex)}).status_code == 302
    url = reverse("passkey_remove", args=[mine.pk])
    # A verified session alone is not enough: the page asks for a code again.
    assert "The code is not right" in client.post(url, {"code": "000000"}).content.decode()
    assert WebAuthnCredential.objects.filter(pk=mine.pk).exists()
    time_machine.shift(60)  # the next code (and past django-otp's wait after a wrong one)
    assert client.post(url, {"code": code_for(enrolled_alex)}).status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=mine.pk).exists()


def test_the_passkey_removal_service_removes_only_the_actors_own_key_and_audits_it(people):
    from casework.services.accounts import passkey_remove

    mine, theirs = credential_for(people.alex, 1), credential_for(people.blake, 2)
    with pytest.raises(WebAuthnCredential.DoesNotExist):
        passkey_remove(actor=people.alex, credential_id=theirs.pk)
    passkey_remove(actor=people.alex, credential_id=mine.pk)
    assert list(WebAuthnCredential.objects.all()) == [theirs]
    assert AuditEvent.objects.filter(action=AuditAction.MFA_RESET, actor=people.alex).count() == 1


def test_an_administrators_reset_removes_passkeys_too(people):
    credential_for(people.alex)
    mfa.reset(actor=people.sam, user=people.alex)
    assert not WebAuthnCredential.objects.filter(user=people.alex).exists()


def test_administrators_cannot_see_passkeys(client, people, settings):
    settings.MFA_REQUIRED = False
    client.force_login(people.sam)
    assert client.get("/admin/django_otp_webauthn/webauthncredential/").status_code == 404
