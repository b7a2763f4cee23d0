"""The morning reminders: when they are due, what each person gets, once a day, with no
survivor data in them."""

import smtplib
import threading
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from oversight import reminders
from oversight.delivery import TransientSendError, deliver
from oversight.models import ReminderDelivery
from tests.conftest import requires_postgres
from tests.factories import CaseFactory, DecisionFactory, ReferralFactory


def emails_to(user, day):
    """The emails the morning's dispatcher finds for this person (none if nothing is due)."""
    return [email for email in reminders.morning_emails(day) if email.recipient == user]


def utc(text):
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-24T06:59", None),  # Tuesday, GMT: 06:59 local
        ("2026-11-24T07:00", "2026-11-24"),
        ("2026-11-24T23:59", "2026-11-24"),  # a late worker still sends the day's email
        ("2026-07-14T05:59", None),  # BST: 06:59 local
        ("2026-07-14T06:00", "2026-07-14"),  # BST: 07:00 local
        ("2026-07-14T23:30", None),  # 00:30 BST on Wednesday: that morning's window is not open yet
        ("2026-11-28T09:00", None),  # Saturday
        ("2026-12-25T09:00", None),  # Christmas Day
        ("2026-12-28T09:00", None),  # Boxing Day's substitute
        ("2026-04-06T09:00", "2026-04-06"),  # Easter Monday: a working day in Scotland (teams_at_work)
        ("2027-01-01T09:00", None),  # New Year's Day: a bank holiday in every nation
        ("2026-03-29T09:00", None),  # clocks go forward: a Sunday
        ("2026-10-25T09:00", None),  # clocks go back: a Sunday
        ("2026-03-30T06:00", "2026-03-30"),  # first Monday of BST: 07:00 local
        ("2026-03-30T05:59", None),
        ("2026-10-26T06:30", None),  # first Monday of GMT: 06:30 local
        ("2026-10-26T07:00", "2026-10-26"),
    ],
)
def test_reminders_are_due_from_0700_uk_time_on_working_days(now, expected):
    assert reminders.reminder_date(utc(now)) == (date.fromisoformat(expected) if expected else None)


@pytest.mark.parametrize("start", ["2026-03-27", "2026-10-23"])
def test_a_dispatcher_every_5_minutes_across_a_clock_change_starts_each_morning_once(start):
    """Over four days spanning the change, the morning window opens exactly once per working
    day, at 07:00 local time."""
    now = utc(f"{start}T00:00")
    openings = []
    previous = None
    for _ in range(4 * 24 * 12):
        day = reminders.reminder_date(now)
        if day is not None and day != previous:
            openings.append(now.astimezone(reminders.LONDON).strftime("%a %H:%M"))
        previous = day
        now += timedelta(minutes=5)
    assert openings == ["Fri 07:00", "Mon 07:00"]


@pytest.mark.parametrize(
    ("day", "nation", "emailed"),
    [
        ("2027-03-29", "ENG", False),  # Easter Monday 2027: a bank holiday in England,
        ("2027-03-29", "WLS", False),  # in Wales,
        ("2027-03-29", "NIR", False),  # and in Northern Ireland,
        ("2027-03-29", "SCT", True),  # but not in Scotland: the Scottish team is emailed
        ("2028-04-17", "SCT", True),  # Easter Monday 2028 too
        ("2028-04-14", "SCT", False),  # Good Friday 2028: a holiday everywhere
        ("2026-11-30", "SCT", False),  # St Andrew's Day (Monday 30 November 2026): Scotland only
        ("2026-11-30", "ENG", True),
        ("2027-07-12", "NIR", False),  # Battle of the Boyne 2027: Northern Ireland only
        ("2027-07-12", "WLS", True),
        ("2027-08-02", "SCT", False),  # Scotland's summer bank holiday, first Monday of August
        ("2027-08-02", "ENG", True),  # England's is on 30 August
    ],
)
def test_each_team_is_emailed_on_its_own_nations_working_days(people, overdue_rg, day, nation, emailed):
    people.north.nation = nation
    people.north.save()
    alex = emails_to(people.alex, date.fromisoformat(day))
    assert bool(alex) is emailed


@pytest.fixture
def overdue_rg(people):
    """One of Alex's cases whose RG decision has been overdue for weeks."""
    case = CaseFactory(
        team=people.north,
        assignee=people.alex,
        created_by=people.alex,
        person__given_names="Sentinelgiven",
        person__family_name="Sentinelfamily",
    )
    ReferralFactory(case=case, submitted_on=date(2026, 10, 1))
    return case


@pytest.fixture
def cg_wait(people):
    """One of Blake's cases waiting over 180 days for its CG. Its names are made up so they
    cannot occur in the emails' own words: a random name (e.g. "Will", "Case") could, and make
    test_no_survivor_data_in_any_email fail by chance."""
    case = CaseFactory(
        team=people.north,
        assignee=people.blake,
        created_by=people.blake,
        person__given_names="Qzyxwvgiven",
        person__family_name="Qzyxwvfamily",
    )
    referral = ReferralFactory(case=case, submitted_on=date(2025, 1, 6))
    DecisionFactory(referral=referral, decided_on=date(2025, 1, 10))
    return case


MORNING = utc("2026-11-24T07:05")  # a Tuesday
MONDAY_MORNING = utc("2026-11-23T07:05")


def test_each_caseworker_gets_their_own_cases_and_the_manager_the_long_overdue(people, overdue_rg, cg_wait):
    day = date(2026, 11, 24)
    alex = emails_to(people.alex, day)
    assert [e.kind for e in alex] == ["daily"]
    nrm = [i for i in alex[0].items if i["group"] != "Contact with survivors"]
    assert [i["reference"] for i in nrm] == [overdue_rg.reference]
    assert nrm[0]["group"] == "RG decisions overdue"
    morgan = emails_to(people.morgan, day)
    assert [e.kind for e in morgan] == ["manager_daily"]
    assert {i["reference"] for i in morgan[0].items} == {overdue_rg.reference, cg_wait.reference}
    assert emails_to(people.casey, day) == []
    assert emails_to(people.riley, day) == []


def test_managers_are_not_told_about_items_overdue_for_a_week_or_less(people):
    case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    ReferralFactory(case=case, submitted_on=date(2026, 11, 10))  # RG due 17 Nov: 7 days late on the 24th
    assert emails_to(people.morgan, date(2026, 11, 24)) == []
    assert [e.kind for e in emails_to(people.morgan, date(2026, 11, 25))] == ["manager_daily"]


def test_on_mondays_managers_also_get_the_backlog_summary(people, overdue_rg, cg_wait):
    emails = emails_to(people.morgan, date(2026, 11, 23))
    assert [e.kind for e in emails] == ["manager_daily", "manager_weekly"]
    summary = emails[1].items
    # Staff are named as everywhere else: full name, falling back to the username.
    assert {"row": "person", "label": "Alex", "count": 1, "overdue": 1} in summary
    assert {"row": "group", "label": "RG decisions overdue", "count": 1, "overdue": 1} in summary


def test_a_dispatcher_pass_claims_each_email_once(people, overdue_rg, cg_wait):
    first, second = [], []
    reminders.dispatch(MORNING, enqueue=first.append)
    reminders.dispatch(MORNING, enqueue=second.append)
    assert len(first) == 3  # alex, blake, morgan
    assert second == []
    assert ReminderDelivery.objects.count() == 3


def test_nothing_is_claimed_before_seven(people, overdue_rg):
    claimed = []
    reminders.dispatch(utc("2026-11-24T06:55"), enqueue=claimed.append)
    assert claimed == [] and not ReminderDelivery.objects.exists()


def test_people_without_an_email_address_or_inactive_are_skipped(people, overdue_rg):
    people.alex.email = ""
    people.alex.save()
    claimed = []
    reminders.dispatch(MORNING, enqueue=claimed.append)
    assert not ReminderDelivery.objects.filter(recipient=people.alex).exists()


def test_delivery_sends_once_with_a_message_id_from_the_ledger(people, overdue_rg):
    claimed = []
    reminders.dispatch(MORNING, enqueue=claimed.append)
    delivery_id = claimed[0]
    assert deliver(delivery_id) is True
    assert deliver(delivery_id) is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.extra_headers["Message-ID"] == f"<reminder-{delivery_id}-20261124@127.0.0.1>"
    assert overdue_rg.reference in message.body
    assert f"/cases/{overdue_rg.reference}/" in message.alternatives[0][0]


def test_no_survivor_data_in_any_email(people, overdue_rg, cg_wait, settings):
    call_command("send_reminders", "--at", "2026-11-23T07:05", stdout=StringIO())
    assert len(mail.outbox) == 4  # alex, blake, morgan daily, morgan weekly
    for message in mail.outbox:
        everything = message.subject + message.body + message.alternatives[0][0]
        assert "Sentinel" not in everything and "Qzyxwv" not in everything
        for case in (overdue_rg, cg_wait):
            assert case.person.given_names not in everything
            assert case.person.family_name not in everything
            born = case.person.date_of_birth  # 18+ years ago: no date an email shows
            assert born.isoformat() not in everything and f"{born:%-d %B %Y}" not in everything


def test_a_refused_recipient_is_marked_failed_and_not_retried(people, overdue_rg):
    claimed = []
    reminders.dispatch(MORNING, enqueue=claimed.append)
    refused = smtplib.SMTPRecipientsRefused({"alex@example.org": (550, b"no such user")})
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=refused):
        assert deliver(claimed[0]) is False
    delivery = ReminderDelivery.objects.get(pk=claimed[0])
    assert delivery.status == "failed" and delivery.last_error == "recipient refused"


def test_a_disconnect_leaves_the_email_claimed_for_a_retry(people, overdue_rg):
    claimed = []
    reminders.dispatch(MORNING, enqueue=claimed.append)
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send", side_effect=smtplib.SMTPServerDisconnected("gone")
        ),
        pytest.raises(TransientSendError),
    ):
        deliver(claimed[0])
    delivery = ReminderDelivery.objects.get(pk=claimed[0])
    assert (delivery.status, delivery.attempts) == ("claimed", 1)
    assert deliver(claimed[0]) is True
    assert len(mail.outbox) == 1


def test_a_4xx_reply_is_retried_and_a_5xx_reply_is_not(people, overdue_rg):
    claimed = []
    reminders.dispatch(MORNING, enqueue=claimed.append)
    busy = smtplib.SMTPDataError(451, b"try later")
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=busy),
        pytest.raises(TransientSendError),
    ):
        deliver(claimed[0])
    rejected = smtplib.SMTPDataError(554, b"rejected")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=rejected):
        assert deliver(claimed[0]) is False
    assert ReminderDelivery.objects.get(pk=claimed[0]).status == "failed"


def test_send_reminders_sends_the_morning_emails_and_none_the_second_time(people, overdue_rg, cg_wait):
    out = StringIO()
    call_command("send_reminders", "--at", "2026-11-24T07:05:00+00:00", stdout=out)
    assert "Sent 3 reminder emails." in out.getvalue()
    call_command("send_reminders", "--at", "2026-11-24T09:00:00+00:00", stdout=out)
    assert "Sent 0 reminder emails." in out.getvalue()
    assert len(mail.outbox) == 3


def test_send_reminders_explains_a_quiet_morning(db):
    out = StringIO()
    call_command("send_reminders", "--at", "2026-11-28T09:00", stdout=out)
    assert "Nothing to send" in out.getvalue()


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_claim_each_email_once(people, overdue_rg, cg_wait):
    claimed = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            ids = []
            reminders.dispatch(MORNING, enqueue=ids.append)
            with lock:
                claimed.extend(ids)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(claimed) == 3
    assert ReminderDelivery.objects.count() == 3
