"""The reminders with the real pieces: Celery's test worker on the real Redis broker,
sending through a real SMTP server (aiosmtpd) on 127.0.0.1. Each email arrives exactly once,
even when the dispatcher runs twice and a send has to be retried."""

import os
import socket
import time
import uuid
from datetime import date

import pytest
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker

from config.celery import app
from oversight import tasks
from oversight.models import ReminderDelivery
from tests.conftest import requires_redis
from tests.factories import CaseFactory, ReferralFactory
from tests.oversight.test_reminder_outbox_integration import use_broker

pytestmark = [requires_redis, pytest.mark.django_db(transaction=True)]


class FlakyInbox:
    """An SMTP handler that answers the first message with "421 try again later" (so the
    task must retry) and keeps every message it accepts."""

    def __init__(self):
        self.messages = []
        self.refused_once = False

    async def handle_DATA(self, server, session, envelope):
        if not self.refused_once:
            self.refused_once = True
            return "421 Service busy, try again later"
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    inbox = FlakyInbox()
    with socket.socket() as probe:  # a free port on the loopback (aiosmtpd needs a real one)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.REMINDER_RETRY_BASE_SECONDS = 1
    yield inbox
    controller.stop()


@pytest.fixture
def celery_worker():
    """Celery's own test worker on the real Redis broker, on a queue of its own."""
    queue = f"test-reminders-{uuid.uuid4().hex}"
    use_broker(os.environ["REDIS_URL"])  # fresh connections: another test may have closed the pool
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=20):
        yield
    app.conf.task_default_queue = "celery"


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_each_email_arrives_exactly_once_through_worker_redis_and_smtp(
    people, smtp_server, celery_worker, time_machine
):
    case = CaseFactory(
        team=people.north,
        assignee=people.alex,
        created_by=people.alex,
        person__given_names="Integrationsentinel",
    )
    ReferralFactory(case=case, submitted_on=date(2026, 10, 1))
    time_machine.move_to("2026-11-24T07:05:00+00:00", tick=True)

    # Two dispatcher passes, as two beats or a redelivered message would run them.
    tasks.dispatch_reminders.apply()
    tasks.dispatch_reminders.apply()

    assert wait_for(lambda: len(smtp_server.messages) >= 2), smtp_server.messages
    time.sleep(2)  # any duplicate would have arrived by now
    assert len(smtp_server.messages) == 2  # alex (daily) and morgan (manager, RG overdue > 7 days)
    assert smtp_server.refused_once  # the first send was refused and retried
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"sent"}
    for message in smtp_server.messages:
        assert case.reference in message
        assert "Integrationsentinel" not in message
