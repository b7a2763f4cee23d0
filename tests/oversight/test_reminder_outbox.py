"""The reminder ledger is the outbox and the broker only the doorbell (oversight/outbox.py):
an email whose message was lost, or whose worker died, is queued again by a later
dispatcher pass and still sent once; emails that never went are shown to managers and, on
/healthz, to administrators."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from oversight import outbox, reminders, tasks
from oversight.delivery import MAX_ATTEMPTS, deliver
from oversight.models import ReminderDelivery
from tests.conftest import requires_redis
from tests.oversight.test_reminders import MORNING, cg_wait, overdue_rg

assert cg_wait and overdue_rg  # fixtures, used by name below


def minutes(n):
    return timedelta(minutes=n)


@pytest.fixture
def claimed(people, overdue_rg, cg_wait):
    """The morning's three emails claimed and queued, as a dispatcher pass leaves them."""
    ids = []
    reminders.dispatch(MORNING, enqueue=ids.append)
    assert len(ids) == 3
    return ids


def test_an_email_whose_message_was_lost_is_queued_again_by_a_later_pass(claimed, settings):
    """The broker restarted empty: nothing will ever deliver those messages. The day's run is
    complete, yet a pass after REMINDER_REQUEUE_AFTER_MINUTES rings the bell again."""
    settings.REMINDER_REQUEUE_AFTER_MINUTES = 10
    soon, later = [], []
    reminders.dispatch(MORNING + minutes(5), enqueue=soon.append)
    reminders.dispatch(MORNING + minutes(11), enqueue=later.append)
    assert soon == []
    assert sorted(later) == sorted(claimed)
    for delivery_id in later:
        assert deliver(delivery_id) is True
    assert len(mail.outbox) == 3


def test_queued_again_it_is_still_sent_once(claimed):
    """The original message turns up after all (Redis's visibility timeout): one email."""
    requeued = []
    reminders.dispatch(MORNING + minutes(30), enqueue=requeued.append)
    assert deliver(claimed[0]) is True
    assert deliver(claimed[0]) is False
    assert len(mail.outbox) == 1


def test_sent_and_failed_emails_are_not_queued_again(claimed):
    deliver(claimed[0])
    ReminderDelivery.objects.filter(pk=claimed[1]).update(status="failed")
    requeued = []
    reminders.dispatch(MORNING + minutes(30), enqueue=requeued.append)
    assert requeued == [claimed[2]]


def test_requeued_emails_wait_again_before_the_next_requeue(claimed):
    first, second = [], []
    reminders.dispatch(MORNING + minutes(30), enqueue=first.append)
    reminders.dispatch(MORNING + minutes(35), enqueue=second.append)
    assert len(first) == 3 and second == []


def test_a_pending_retry_is_waited_for_before_queueing_again(claimed):
    with mock.patch("django.utils.timezone.now", return_value=MORNING):
        outbox.note_retry(claimed[0], countdown=1800)  # Celery will retry in 30 minutes
    requeued = []
    reminders.dispatch(MORNING + minutes(20), enqueue=requeued.append)
    assert claimed[0] not in requeued
    reminders.dispatch(MORNING + minutes(45), enqueue=requeued.append)
    assert claimed[0] in requeued


def test_the_task_notes_its_retry_in_the_ledger(claimed, settings):
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    disconnected = smtplib.SMTPServerDisconnected("gone")
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=disconnected),
        mock.patch.object(tasks.send_reminder, "retry", side_effect=RuntimeError("retry")),
        pytest.raises(RuntimeError),
    ):
        tasks.send_reminder.run(claimed[0])
    queued_at = ReminderDelivery.objects.get(pk=claimed[0]).queued_at
    assert queued_at > timezone.now() + timedelta(seconds=50)  # now + the retry's countdown


def test_an_email_that_keeps_failing_is_given_up_after_the_last_try(claimed):
    ReminderDelivery.objects.filter(pk=claimed[0]).update(attempts=MAX_ATTEMPTS - 1)
    disconnected = smtplib.SMTPServerDisconnected("gone")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=disconnected):
        assert deliver(claimed[0]) is False
    delivery = ReminderDelivery.objects.get(pk=claimed[0])
    assert delivery.status == "failed" and delivery.attempts == MAX_ATTEMPTS


def test_an_email_claimed_before_this_column_existed_is_queued_again_too(claimed):
    ReminderDelivery.objects.update(queued_at=None, claimed_at=MORNING)
    requeued = []
    reminders.dispatch(MORNING + minutes(30), enqueue=requeued.append)
    assert len(requeued) == 3


def test_the_command_sends_emails_left_claimed_by_a_lost_message(claimed):
    from io import StringIO

    from django.core.management import call_command

    call_command("send_reminders", "--at", "2026-11-24T07:45", stdout=StringIO())
    assert len(mail.outbox) == 3


def unsent_an_hour(delivery_ids, hours=2):
    ReminderDelivery.objects.filter(pk__in=delivery_ids).update(
        claimed_at=timezone.now() - timedelta(hours=hours)
    )


def test_managers_see_their_teams_unsent_emails_on_the_backlog_without_survivor_data(
    people, claimed, login, overdue_rg
):
    unsent_an_hour(claimed)
    page = login(people.morgan).get(reverse("backlog")).content.decode()
    assert "Reminder emails not sent" in page
    assert "Alex" in page and "Blake" in page
    assert "Waiting to send" in page
    assert overdue_rg.reference not in page.split("Reminder emails not sent")[1]
    assert "Sentinel" not in page


def test_other_teams_managers_do_not_see_them(people, claimed, login):
    unsent_an_hour(claimed)
    page = login(people.riley).get(reverse("backlog")).content.decode()
    assert "Reminder emails not sent" not in page


def test_emails_sent_or_younger_than_an_hour_are_not_shown(people, claimed, login):
    unsent_an_hour(claimed[:1], hours=0.5)
    deliver(claimed[1])
    unsent_an_hour(claimed[1:2])
    assert list(outbox.unsent()) == []


@requires_redis
def test_healthz_shows_unsent_emails_to_administrators_only(people, claimed, client):
    unsent_an_hour(claimed)
    anonymous = client.get("/healthz")
    assert anonymous.content == b"ok\n"
    client.force_login(people.alex)
    assert client.get("/healthz").content == b"ok\n"
    client.force_login(people.sam)
    details = client.get("/healthz").content.decode()
    assert details.startswith("ok\n")
    assert "reminder emails not sent after an hour (last 7 days): 3" in details


def test_a_failed_email_shows_why(people, claimed, login):
    refused = smtplib.SMTPRecipientsRefused({"alex@example.org": (550, b"no such user")})
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=refused):
        deliver(claimed[0])
    unsent_an_hour(claimed[:1])
    page = login(people.morgan).get(reverse("backlog")).content.decode()
    assert "Could not be delivered (recipient refused)" in page
