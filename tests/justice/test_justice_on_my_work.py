"""What the justice panel puts on "My work" (and so the morning reminders): claim deadlines in
a fixed number of queries, none for a claim with no time limit or a CICA extension waiting or
granted; reviews of a latest decision not to charge counted from the day the survivor was told;
hearings within clocks.CLOSING_SOON_DAYS."""

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework import clocks
from casework.models import Case
from justice.panels import justice_work_items
from justice.services import claims, milestones, proceedings
from tests.factories import CaseFactory, ReferralFactory

D = date.fromisoformat
TODAY = timezone.localdate
ROOT = Path(__file__).resolve().parents[2]


def record_claim(people, case, **fields):
    fields.setdefault("outcome", "pending")
    return claims.claim_record(actor=people.alex, case=case, **fields)


def kinds(today=None):
    return sorted(item.kind for item in justice_work_items(Case.objects.all(), today or TODAY()))


def claim_cases(people, count):
    """`count` cases, each with a current referral, a date of birth and two claims due soon."""
    for n in range(count):
        case = CaseFactory(
            team=people.north,
            assignee=people.alex,
            created_by=people.alex,
            person__date_of_birth=D("1990-01-01"),
        )
        ReferralFactory(case=case, nation="WLS" if n % 2 else "ENG")
        soon = TODAY() - timedelta(days=700)
        record_claim(people, case, kind="cica", incident_on=soon, uses_date_of_birth=True)
        record_claim(
            people, case, kind="civil", incident_on=TODAY() - timedelta(days=1070), uses_date_of_birth=True
        )


def queries_for_work_items():
    with CaptureQueriesContext(connection) as captured:
        items = justice_work_items(Case.objects.all(), TODAY())
    return len(captured), items


def test_claim_deadlines_on_my_work_cost_the_same_for_2_or_20_claims(people):
    claim_cases(people, 1)
    few, items = queries_for_work_items()
    assert sum(item.kind == "claim_deadline" for item in items) == 2
    claim_cases(people, 9)
    many, items = queries_for_work_items()
    assert sum(item.kind == "claim_deadline" for item in items) == 20
    assert many == few


def test_a_scottish_claim_for_childhood_abuse_is_not_on_my_work(people, alex_case):
    alex_case.person.date_of_birth = D("2006-09-15")
    alex_case.person.save()
    ReferralFactory(case=alex_case, nation="SCT")
    # Abused at 13: in England this would be due 14 Sep 2027; in Scotland there is no limit.
    record_claim(people, alex_case, kind="civil", incident_on=D("2020-05-01"), uses_date_of_birth=True)
    assert kinds(D("2027-09-01")) == []


def test_the_same_claim_in_england_is_on_my_work(people, alex_case):
    alex_case.person.date_of_birth = D("2006-09-15")
    alex_case.person.save()
    ReferralFactory(case=alex_case, nation="ENG")
    record_claim(people, alex_case, kind="civil", incident_on=D("2020-05-01"), uses_date_of_birth=True)
    assert kinds(D("2027-09-01")) == ["claim_deadline"]


@pytest.mark.parametrize(("outcome", "listed"), [("waiting", False), ("granted", False), ("refused", True)])
def test_an_overdue_cica_claim_leaves_my_work_while_its_extension_is_waiting_or_granted(
    people, alex_case, outcome, listed
):
    # Incident 10 Jan 2023: two years ended 10 Jan 2025, so overdue today.
    record_claim(
        people,
        alex_case,
        kind="cica",
        incident_on=D("2023-01-10"),
        extension_asked_on=D("2025-02-03"),
        extension_outcome=outcome,
    )
    assert kinds() == (["claim_deadline"] if listed else [])


@pytest.fixture
def victim(people, alex_case):
    return proceedings.proceeding_record(
        actor=people.alex, case=alex_case, kind="victim_witness", police_force="kent"
    )


def step(people, proceeding, kind, on, **details):
    return milestones.milestone_record(actor=people.alex, proceeding=proceeding, kind=kind, on=on, **details)


def test_a_review_stays_on_my_work_when_the_survivor_was_told_long_after_the_decision(people, victim):
    today = TODAY()
    step(people, victim, "reported", today - timedelta(days=400))
    # Decided 200 days ago, told 10 days ago: three months from being told have not passed.
    step(
        people,
        victim,
        "charging_decision",
        today - timedelta(days=200),
        outcome="nfa",
        survivor_told_on=today - timedelta(days=10),
    )
    assert kinds(today) == ["review_deadline"]


def test_only_the_latest_charging_decision_counts_for_a_review(people, victim):
    today = TODAY()
    step(people, victim, "reported", today - timedelta(days=60))
    step(people, victim, "charging_decision", today - timedelta(days=30), outcome="nfa")
    assert kinds(today) == ["review_deadline"]
    # Charged after all: the earlier decision not to charge no longer needs a review.
    step(people, victim, "charging_decision", today - timedelta(days=5), outcome="charged")
    assert kinds(today) == []


def test_hearings_use_the_one_closing_soon_window(people, victim, monkeypatch):
    today = TODAY()
    step(people, victim, "reported", today - timedelta(days=60))
    step(people, victim, "charging_decision", today - timedelta(days=30), outcome="charged")
    step(people, victim, "first_appearance", today + timedelta(days=10))
    assert justice_work_items(Case.objects.all(), today) == []
    # Widen the one window (casework.clocks.CLOSING_SOON_DAYS) and the hearing comes onto My work.
    monkeypatch.setattr(clocks, "CLOSING_SOON_DAYS", 10)
    items = justice_work_items(Case.objects.all(), today)
    assert [item.group for item in items] == ["Hearings in the next 10 days"]


@pytest.mark.parametrize("name", ["EMPLOYMENT_TRIBUNAL_SIX_MONTHS_FROM", "VTS_RECONSIDERATION_30_DAYS_FROM"])
def test_a_bad_date_setting_stops_with_one_line_not_a_traceback(name):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, name: "1 October 2026"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{name} must be a date like "), result.stderr


@pytest.mark.parametrize(
    ("kind", "days_ago", "says"),
    [
        # Three years beginning with the incident: due 1,095 or 1,096 days on, so within 60 days.
        ("civil", 1070, "Civil claim must be made by"),
        ("cica", 700, "CICA claim must be made by"),
        ("employment_tribunal", 70, "Employment tribunal claim must be made by"),
    ],
)
def test_a_claim_on_my_work_is_named_once(people, alex_case, kind, days_ago, says):
    record_claim(people, alex_case, kind=kind, incident_on=TODAY() - timedelta(days=days_ago))
    (item,) = justice_work_items(Case.objects.all(), TODAY())
    assert item.text.startswith(says)
    assert "claim claim" not in item.text


def test_my_work_reads_a_child_s_date_of_birth_though_the_box_is_not_ticked(people, alex_case):
    # Born 1 December 2008: 15 at an incident 800 days ago, and not yet reported, so the day
    # before the 20th birthday (30 November 2028) applies, not two years from the incident
    # (which would already have passed and be listed as overdue).
    alex_case.person.date_of_birth = D("2008-12-01")
    alex_case.person.save()
    record_claim(people, alex_case, kind="cica", incident_on=TODAY() - timedelta(days=800))
    assert justice_work_items(Case.objects.all(), D("2026-11-30")) == []
    (item,) = justice_work_items(Case.objects.all(), D("2028-11-01"))
    assert item.due_on == D("2028-11-30")


def test_a_hearing_soon_and_a_review_to_ask_for_are_read_in_one_milestone_query(people, victim):
    today = TODAY()
    step(people, victim, "reported", today - timedelta(days=60))
    step(people, victim, "charging_decision", today - timedelta(days=30), outcome="nfa")
    # A second investigation of the same case went to court.
    charged = proceedings.proceeding_record(
        actor=people.alex, case=victim.case, kind="victim_witness", police_force="kent"
    )
    step(people, charged, "reported", today - timedelta(days=60))
    step(people, charged, "charging_decision", today - timedelta(days=30), outcome="charged")
    step(people, charged, "first_appearance", today + timedelta(days=2))
    with CaptureQueriesContext(connection) as captured:
        items = justice_work_items(Case.objects.all(), today)
    assert sorted(item.kind for item in items) == ["hearing_soon", "review_deadline"]
    # The milestones once, and the pending claims once (none here, so no dates of birth are read).
    assert len(captured) == 2
    assert sum('FROM "casework_milestone"' in q["sql"] for q in captured) == 1  # the table kept its name
