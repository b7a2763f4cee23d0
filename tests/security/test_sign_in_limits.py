"""Lockout after wrong passwords, idle and absolute session limits, password changes."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from casework.vocabularies import AuditAction

PASSWORD = "correct-horse-battery"


def attempt(client, password, username="alex"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_username(client, people):
    for _ in range(4):
        assert attempt(client, "wrong password").status_code == 200
    locked = attempt(client, "wrong password")
    assert locked.status_code == 429
    assert "Sign-in is locked for 15 minutes" in locked.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_LOCKED, subject_user=people.alex).exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() >= 5


def test_twelve_wrong_passwords_lock_the_account_even_when_the_right_one_follows(client, people):
    for _ in range(12):
        attempt(client, "wrong password")
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_the_lock_lifts_after_15_minutes(client, people, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(5):
        attempt(client, "wrong password")
    time_machine.shift(timedelta(minutes=16))
    assert attempt(client, PASSWORD).status_code == 302


def test_a_colleagues_sign_in_from_the_same_address_does_not_reset_the_count(people):
    # The review's attack: 4 guesses at Blake, then Casey signs in from the same address,
    # three times over. Every failure counts against Blake's username.
    office = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(3):
        for _ in range(4):
            attempt(office, "wrong password", username="blake")
        assert attempt(office, PASSWORD, username="casey").status_code == 302
        office.logout()
    assert attempt(Client(REMOTE_ADDR="10.9.9.9"), PASSWORD, username="blake").status_code == 429


def test_the_username_is_locked_from_every_address(people):
    for n in range(5):
        attempt(Client(REMOTE_ADDR=f"10.0.0.{n + 1}"), "wrong password", username="blake")
    assert attempt(Client(REMOTE_ADDR="10.0.0.99"), PASSWORD, username="blake").status_code == 429


def test_one_persons_failures_do_not_lock_out_a_colleague_at_the_same_address(people):
    office = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(6):
        attempt(office, "wrong password", username="blake")
    assert attempt(office, PASSWORD, username="casey").status_code == 302
    assert attempt(Client(REMOTE_ADDR="10.0.0.1"), PASSWORD, username="alex").status_code == 302


def test_fifty_failures_from_one_address_throttle_that_address(people, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    settings.LOCKOUT_ADDRESS_FAILURES = 50
    office = Client(REMOTE_ADDR="10.0.0.1")
    for n in range(50):
        attempt(office, "wrong password", username=f"nobody{n}")
    throttled = attempt(office, PASSWORD, username="casey")
    assert throttled.status_code == 429
    assert "too many wrong passwords from this network" in throttled.content.decode()
    assert "_auth_user_id" not in office.session
    # Another address is not affected, and the throttle lifts after 15 minutes.
    assert attempt(Client(REMOTE_ADDR="10.0.0.2"), PASSWORD, username="casey").status_code == 302
    time_machine.shift(timedelta(minutes=16))
    assert attempt(Client(REMOTE_ADDR="10.0.0.1"), PASSWORD, username="casey").status_code == 302


def test_the_limits_are_configurable(people, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        attempt(Client(), "wrong password", username="blake")
    assert attempt(Client(), PASSWORD, username="blake").status_code == 429


def test_a_new_session_key_is_issued_at_sign_in(client, people):
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    attempt(client, PASSWORD)
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"


def test_a_session_ends_after_15_idle_minutes(client, people, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    attempt(client, PASSWORD)
    time_machine.shift(timedelta(minutes=14))
    assert client.get("/").status_code == 200  # activity renews the 15 minutes
    time_machine.shift(timedelta(minutes=14))
    assert client.get("/").status_code == 200
    time_machine.shift(timedelta(minutes=16))
    assert client.get("/").status_code == 302


def test_a_session_ends_after_12_hours_however_active(client, people, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    attempt(client, PASSWORD)
    for _ in range(12 * 6):  # a request every 10 minutes for 12 hours
        time_machine.shift(timedelta(minutes=10))
        response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert AuditEvent.objects.filter(action=AuditAction.SESSION_EXPIRED, actor=people.alex).exists()


def test_changing_the_password_ends_the_other_sessions(people):
    desk, phone = Client(), Client()
    attempt(desk, PASSWORD)
    attempt(phone, PASSWORD)
    response = desk.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-passphrase",
            "new_password2": "a-much-longer-passphrase",
        },
    )
    assert response.status_code == 302
    assert desk.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short", "at least 12 characters"),
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(client, people, new, message):
    attempt(client, PASSWORD)
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_sessions_are_stored_in_the_database(client, people):
    attempt(client, PASSWORD)
    assert Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()


def test_the_admins_sign_in_page_sends_people_to_the_one_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/"


def test_a_throttled_address_is_recorded_once_per_window_however_often_it_retries(
    people, settings, time_machine
):
    # The attacker decides how many throttled POSTs they send; the audit trail must not
    # grow with them (review finding 11).
    time_machine.move_to(timezone.now(), tick=False)
    settings.LOCKOUT_ADDRESS_FAILURES = 3
    office = Client(REMOTE_ADDR="10.0.0.7")
    for n in range(3):
        attempt(office, "wrong password", username=f"nobody{n}")
    for _ in range(20):
        assert attempt(office, PASSWORD, username="casey").status_code == 429
    locked = AuditEvent.objects.filter(action=AuditAction.ACCOUNT_LOCKED, ip_address="10.0.0.7")
    assert locked.count() == 1
    # Another throttled address is recorded too, and the same one again in a later window.
    other = Client(REMOTE_ADDR="10.0.0.8")
    for n in range(3):
        attempt(other, "wrong password", username=f"nobody{n}")
    attempt(other, PASSWORD, username="casey")
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_LOCKED, ip_address="10.0.0.8").count() == 1
    time_machine.shift(timedelta(minutes=16))
    for n in range(3):
        attempt(office, "wrong password", username=f"nobody{n}")
    assert attempt(office, PASSWORD, username="casey").status_code == 429
    assert locked.count() == 2
