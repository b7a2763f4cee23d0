"""Two-factor sign-in: with MFA_REQUIRED nothing but the allow-list is reachable until a
second factor is passed; codes are single-use; an administrator's reset is audited."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.models import AuditEvent
from casework.security import mfa
from casework.vocabularies import AuditAction

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _mfa_on(settings):
    settings.MFA_REQUIRED = True


def code_for(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def sign_in(client, username):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.fixture
def enrolled_alex(people):
    device = TOTPDevice.objects.create(user=people.alex, name="app", confirmed=True)
    return device


def all_paths(alex_case):
    """Every URL pattern, filled in with real values."""
    values = {"reference": alex_case.reference, "share_id": "1", "consent_id": "1", "decision_id": "1"}

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                for name, value in values.items():
                    for converter in ("case_ref", "int", "str", "path"):
                        route = route.replace(f"<{converter}:{name}>", value)
                if "<" not in route and "^" not in route and "(?P" not in route:
                    yield "/" + route.lstrip("/")

    return sorted(set(walk(get_resolver().url_patterns)))


def test_no_page_but_the_allow_list_is_reachable_without_a_second_factor(client, people, alex_case):
    sign_in(client, "alex")
    allowed = ("/accounts/login/", "/accounts/logout/", "/accounts/mfa/", "/healthz", "/static/")
    paths = all_paths(alex_case)
    assert "/cases/" in paths and "/admin/" in paths and "/audit/" in paths
    for path in paths:
        if path.startswith(allowed):
            continue
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/accounts/mfa/"), path


def test_a_new_user_sets_up_the_app_and_gets_backup_codes(client, people, time_machine):
    time_machine.move_to("2026-11-24T10:00:05+00:00", tick=False)
    sign_in(client, "alex")
    assert client.get("/").url.startswith(reverse("mfa_setup"))
    page = client.get(reverse("mfa_setup"))
    assert b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=people.alex, confirmed=False)
    wrong = client.post(reverse("mfa_setup"), {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    time_machine.shift(5)  # django-otp makes you wait a moment after a wrong code
    done = client.post(reverse("mfa_setup"), {"code": code_for(device), "next": "/cases/"})
    assert "Your backup codes" in done.content.decode()
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action=AuditAction.MFA_ENROLLED, actor=people.alex).exists()


def test_a_code_is_accepted_once_and_a_replay_is_refused(client, people, enrolled_alex, django_user_model):
    sign_in(client, "alex")
    code = code_for(enrolled_alex)
    response = client.post(reverse("mfa_verify"), {"code": code, "next": "/cases/"})
    assert response.status_code == 302 and response.url == "/cases/"
    client.logout()
    sign_in(client, "alex")
    replay = client.post(reverse("mfa_verify"), {"code": code})
    assert replay.status_code == 200
    assert "has been used already" in replay.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.MFA_FAILED).exists()


def test_a_backup_code_works_once(client, people, enrolled_alex):
    codes = mfa._new_backup_codes(people.alex)
    sign_in(client, "alex")
    assert client.post(reverse("mfa_verify"), {"code": codes[0]}).status_code == 302
    client.logout()
    sign_in(client, "alex")
    assert client.post(reverse("mfa_verify"), {"code": codes[0]}).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.MFA_BACKUP_CODE_USED).count() == 1


@pytest.mark.parametrize("junk", ["", "abc", "1" * 5000, "<script>"])
def test_junk_codes_get_a_clear_message(client, people, enrolled_alex, junk):
    sign_in(client, "alex")
    response = client.post(reverse("mfa_verify"), {"code": junk})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_the_next_address_cannot_send_you_off_site(client, people, enrolled_alex):
    sign_in(client, "alex")
    response = client.post(
        reverse("mfa_verify"), {"code": code_for(enrolled_alex), "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_an_administrator_resets_a_lost_phone_and_it_is_audited(client, people, enrolled_alex):
    admin_device = TOTPDevice.objects.create(user=people.sam, name="app", confirmed=True)
    sign_in(client, "sam")
    assert client.get("/admin/").status_code == 302  # the admin needs a verified second factor
    client.post(reverse("mfa_verify"), {"code": code_for(admin_device)})
    assert client.get("/admin/").status_code == 200
    response = client.post(
        "/admin/casework/user/",
        {"action": "reset_two_factor", "_selected_action": [people.alex.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=people.alex).exists()
    event = AuditEvent.objects.get(action=AuditAction.MFA_RESET)
    assert (event.actor, event.subject_user) == (people.sam, people.alex)


def test_administrators_cannot_read_authenticator_secrets(client, people, settings):
    settings.MFA_REQUIRED = False
    client.force_login(people.sam)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_a_password_alone_cannot_replace_an_existing_authenticator(client, people, enrolled_alex):
    sign_in(client, "alex")
    response = client.get(reverse("mfa_setup"))
    assert response.url == reverse("mfa_verify")
    attacker = TOTPDevice(user=people.alex, name="attacker", confirmed=False)
    attacker.save()
    assert client.post(reverse("mfa_setup"), {"code": code_for(attacker)}).url == reverse("mfa_verify")
    assert TOTPDevice.objects.get(pk=enrolled_alex.pk).confirmed
    assert client.get("/").status_code == 302
