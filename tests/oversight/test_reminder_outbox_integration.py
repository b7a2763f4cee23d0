"""The reminder outbox with the real pieces (oversight/outbox.py): a Redis server of the test's
own (so it can be restarted empty, as a managed Redis may be on failover), Celery workers in
processes of their own (so one can be killed with SIGKILL in the middle of a send), and a real
SMTP server (aiosmtpd). Every email arrives, and none twice.

"None twice" is checked without waiting a fixed time: `drain()` stops the workers, hands every
message Redis still holds unacknowledged back to the queue (as Redis itself does when its
visibility timeout expires, an hour later in production), runs a fresh worker until the queue
and the unacknowledged set are both empty, and only then are the emails counted. So a
duplicate that would arrive late (a dead worker's message redelivered) is sent, if it is ever
going to be, before the count."""

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from email import message_from_string
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection
from kombu import pools as kombu_pools

from config.celery import app
from oversight import tasks
from oversight.delivery import message_id
from oversight.models import ReminderDelivery
from tests.conftest import requires_postgres
from tests.factories import CaseFactory, ReferralFactory

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")

pytestmark = [
    requires_postgres,  # the workers are other processes: they need a database server to share
    pytest.mark.skipif(
        REDIS_SERVER is None,
        reason="service unavailable: redis-server (apt-get install redis-server; .ci/run does)",
    ),
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


class OwnRedis:
    """A redis-server on a free loopback port that keeps nothing on disk, so a restart
    comes back empty."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        assert wait_for(lambda: self._answers(client), timeout=20), "redis-server did not start"

    @staticmethod
    def _answers(client):
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    def stop(self):
        self.process.kill()
        self.process.wait()

    def restart_empty(self):
        self.stop()
        self.start()

    def queued(self, queue) -> int:
        return redis.Redis.from_url(self.url).llen(queue)

    def unacked(self) -> int:
        """Messages a worker took and has not acknowledged (kombu's Redis transport)."""
        return redis.Redis.from_url(self.url).hlen("unacked")

    def redeliver_unacked(self, queue) -> int:
        """What Redis does once the visibility timeout expires: every unacknowledged message
        goes back on its queue. Only call it with no worker running."""
        client = redis.Redis.from_url(self.url)
        restored = 0
        for tag, payload in client.hgetall("unacked").items():
            message, _exchange, routing_key = json.loads(payload)
            client.lpush(routing_key or queue, json.dumps(message))
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
            restored += 1
        return restored


@pytest.fixture
def own_redis():
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


class Inbox:
    """Keeps every message it accepts. With `hold_first`, the first message is held in the
    middle of its DATA (the worker is mid-send) until released, and then not accepted; with
    `keep_held` too, it is already in the mailbox while held (the mail server has it, the
    sender has not heard so)."""

    def __init__(self, hold_first=False, keep_held=False):
        self.messages = []
        self.hold_first = hold_first
        self.keep_held = keep_held
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.hold_first and not self.holding.is_set():
            if self.keep_held:
                self.messages.append(envelope.content.decode("utf-8", "replace"))
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.1)
            return "451 Aborted"
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"

    def message_ids(self):
        return sorted(message_from_string(text)["Message-ID"] for text in self.messages)


def smtp(inbox):
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port


class Worker:
    """`celery worker` in a process of its own, on the test database, our Redis and SMTP."""

    def __init__(self, redis_url, queue, smtp_port):
        db = connection.settings_dict
        database = f"{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{database}",
            "REDIS_URL": redis_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "CONN_MAX_AGE": "0",
        }
        self.output = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        if not wait_for(lambda: any("ready." in line for line in self.output), timeout=60):
            self.kill()
            raise AssertionError(f"The worker did not start:\n{self.log()}")

    def _read(self):
        for line in self.process.stdout:
            self.output.append(line)

    def log(self):
        return "".join(self.output[-60:])

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def use_broker(url):
    """Point our Celery app at another broker: its cached connections go with the old one.
    kombu keeps connection and producer pools in global registries keyed by broker, so
    closing only the app's pool would leave a closed pool there for the next test to get."""
    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_url = url


@pytest.fixture
def start_worker(own_redis, queue):
    """start_worker(smtp_port) starts a worker; every one is stopped at the end, whatever
    happened (a stray worker would go on consuming another test's queue)."""
    started = []

    def start(smtp_port):
        worker = Worker(own_redis.url, queue, smtp_port)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def queue(own_redis):
    """Our Celery app sends to our own Redis, on a queue of its own."""
    name = f"test-outbox-{uuid.uuid4().hex}"
    previous = app.conf.broker_url
    use_broker(own_redis.url)
    app.conf.task_default_queue = name
    app.conf.task_always_eager = False
    yield name
    use_broker(previous)
    app.conf.task_default_queue = "celery"


@pytest.fixture
def overdue(people, settings, time_machine):
    """Alex's case with an RG weeks overdue: alex and morgan each have an email due at 07:05."""
    settings.REMINDER_REQUEUE_AFTER_MINUTES = 10
    case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    ReferralFactory(case=case, submitted_on=date(2026, 10, 1))
    time_machine.move_to("2026-11-24T07:05:00+00:00", tick=True)
    return case


def expected_ids():
    return sorted(message_id(delivery) for delivery in ReminderDelivery.objects.all())


def drain(own_redis, queue, start_worker, port, *running):
    """Stop the running workers (a warm stop: a send in progress finishes), redeliver what Redis
    still holds unacknowledged, and run a fresh worker until nothing is left anywhere. After
    this no message can arrive late: every copy the broker had has been handled."""
    for worker in running:
        worker.stop()
    redelivered = own_redis.redeliver_unacked(queue)
    last = start_worker(port)
    try:
        assert wait_for(lambda: own_redis.queued(queue) == 0 and own_redis.unacked() == 0), last.log()
    finally:
        last.stop()
    assert own_redis.queued(queue) == 0 and own_redis.unacked() == 0
    return redelivered


def assert_each_email_once(inbox):
    """Each email of the ledger arrived exactly once, with the ledger's Message-ID."""
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"sent"}
    assert len(inbox.messages) == ReminderDelivery.objects.count()
    assert inbox.message_ids() == expected_ids()


def test_a_redis_restarted_empty_between_claim_and_send_loses_no_email(
    own_redis, queue, overdue, time_machine, start_worker
):
    inbox = Inbox()
    controller, port = smtp(inbox)
    try:
        tasks.dispatch_reminders.apply()  # claims both emails and queues them on Redis
        assert ReminderDelivery.objects.count() == 2
        assert own_redis.queued(queue) == 2

        own_redis.restart_empty()  # failover: the queued messages are gone
        assert own_redis.queued(queue) == 0
        worker = start_worker(port)
        tasks.dispatch_reminders.apply()  # the same morning, soon after: too soon to queue again
        assert own_redis.queued(queue) == 0 and own_redis.unacked() == 0  # nothing queued: no email
        assert inbox.messages == []

        time_machine.move_to("2026-11-24T07:16:00+00:00", tick=True)
        tasks.dispatch_reminders.apply()  # a later pass rings the bell again
        assert wait_for(lambda: len(inbox.messages) >= 2), worker.log()
        drain(own_redis, queue, start_worker, port, worker)
        assert_each_email_once(inbox)
    finally:
        controller.stop()


def test_a_worker_killed_mid_send_delays_its_emails_by_minutes_not_an_hour(
    own_redis, queue, overdue, time_machine, start_worker
):
    inbox = Inbox(hold_first=True)
    controller, port = smtp(inbox)
    try:
        tasks.dispatch_reminders.apply()
        first = start_worker(port)
        assert inbox.holding.wait(timeout=60), first.log()  # in the middle of sending
        first.kill()  # SIGKILL: its messages stay unacknowledged on Redis for an hour
        inbox.release.set()
        assert inbox.messages == []

        second = start_worker(port)
        time_machine.move_to("2026-11-24T07:16:00+00:00", tick=True)
        tasks.dispatch_reminders.apply()
        assert wait_for(lambda: len(inbox.messages) >= 2), second.log()
        # The killed worker's message is still unacknowledged on Redis: in production it comes
        # back an hour later. It is handed back now, and must send nothing more.
        assert drain(own_redis, queue, start_worker, port, second) >= 1
        assert_each_email_once(inbox)
    finally:
        controller.stop()


def test_inside_the_documented_window_a_resent_email_has_the_same_message_id(
    own_redis, queue, overdue, time_machine, start_worker
):
    """The one case where an email goes twice: the mail server has it, and the worker dies
    before recording it as sent. The copy carries the same Message-ID, from the ledger row."""
    inbox = Inbox(hold_first=True, keep_held=True)
    controller, port = smtp(inbox)
    try:
        tasks.dispatch_reminders.apply()
        first = start_worker(port)
        assert inbox.holding.wait(timeout=60), first.log()
        first.kill()
        inbox.release.set()

        second = start_worker(port)
        time_machine.move_to("2026-11-24T07:16:00+00:00", tick=True)
        tasks.dispatch_reminders.apply()
        assert wait_for(lambda: len(inbox.messages) >= 3), second.log()
        assert drain(own_redis, queue, start_worker, port, second) >= 1
        assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"sent"}
        ids = inbox.message_ids()
        assert len(ids) == 3 and set(ids) == set(expected_ids())  # one email twice, same Message-ID
    finally:
        controller.stop()
