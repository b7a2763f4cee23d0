"""Where a case stands and what is owed, in the words a caseworker uses."""

from datetime import date

import pytest

from support.models import PublicOrderDisqualification, Reconsideration, Withdrawal
from support.rules.nrm_status import position
from tests.factories import DecisionFactory, ReferralFactory

D = date.fromisoformat


@pytest.fixture
def referral(alex_case):
    # Monday 5 January 2026: the RG is due by Monday 12 January.
    return ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))


def at(case, day):
    return position(case, D(day))


def texts(where):
    return [item.text for item in where.owed]


def test_no_referral(alex_case):
    assert at(alex_case, "2026-01-05").status == "none"


def test_waiting_for_the_rg_says_when_it_is_due(alex_case, referral):
    where = at(alex_case, "2026-01-08")
    assert where.status == "rg_pending"
    assert texts(where) == ["RG decision due by 12 January 2026 (in 2 working days)"]
    assert where.owed[0].attention and not where.owed[0].overdue


def test_an_overdue_rg_counts_working_days(alex_case, referral):
    where = at(alex_case, "2026-01-15")
    assert texts(where) == ["RG decision overdue by 3 working days"]
    assert where.owed[0].overdue


def test_an_rg_due_today(alex_case, referral):
    assert texts(at(alex_case, "2026-01-12")) == ["RG decision due by 12 January 2026 (today)"]


def test_a_positive_rg_starts_the_recovery_period(alex_case, referral):
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    where = at(alex_case, "2026-01-20")
    assert where.status == "rg_positive"
    assert texts(where) == ["Recovery period runs to 8 February 2026"]


def test_after_the_recovery_period_the_wait_for_the_cg_is_counted(alex_case, referral):
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    where = at(alex_case, "2027-02-25")
    assert where.status == "cg_pending"
    assert texts(where) == ["Waiting 412 days for a CG decision (past the 365-day escalation point)"]
    assert where.owed[0].overdue


def test_a_short_cg_wait_is_not_yet_an_escalation(alex_case, referral):
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    where = at(alex_case, "2026-03-01")
    assert texts(where) == ["Waiting 51 days for a CG decision"]
    assert not where.owed[0].attention


def test_a_negative_rg_shows_the_reconsideration_deadline(alex_case, referral):
    DecisionFactory(
        referral=referral, outcome="negative", decided_on=D("2027-01-12"), served_on=D("2027-01-15")
    )
    where = at(alex_case, "2027-02-10")
    assert where.status == "rg_negative"
    assert texts(where) == ["Reconsideration must be requested by 14 February 2027"]
    assert where.owed[0].attention


def test_the_reconsideration_window_closes(alex_case, referral):
    DecisionFactory(
        referral=referral, outcome="negative", decided_on=D("2026-01-09"), served_on=D("2026-01-12")
    )
    assert texts(at(alex_case, "2026-02-12")) == []


def test_a_negative_decision_without_a_served_date_asks_for_it(alex_case, referral):
    DecisionFactory(referral=referral, outcome="negative", decided_on=D("2026-01-09"))
    assert "Record when the negative RG decision was served" in texts(at(alex_case, "2026-01-12"))[0]


def test_a_pending_reconsideration(alex_case, referral, people):
    rg = DecisionFactory(
        referral=referral, outcome="negative", decided_on=D("2026-01-09"), served_on=D("2026-01-09")
    )
    Reconsideration.objects.create(decision=rg, requested_on=D("2026-01-20"), recorded_by=people.alex)
    assert at(alex_case, "2026-02-01").status == "reconsideration"


def test_an_overturned_rg_counts_as_positive(alex_case, referral, people):
    rg = DecisionFactory(referral=referral, outcome="negative", decided_on=D("2026-01-09"))
    Reconsideration.objects.create(
        decision=rg,
        requested_on=D("2026-01-20"),
        outcome="overturned",
        outcome_on=D("2026-03-01"),
        recorded_by=people.alex,
    )
    assert at(alex_case, "2026-06-01").status == "cg_pending"


def test_a_positive_cg_starts_move_on_counted_from_the_decision_until_it_is_known_when_received(
    alex_case, referral
):
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-09-01"))
    where = at(alex_case, "2026-09-10")
    assert where.status == "cg_positive"
    # 1 September + 45 days = 16 October 2026 (from the decision: the served date is missing).
    assert texts(where) == [
        "Move-on support runs at least to 16 October 2026 "
        "(counted from the decision: record when it was received)"
    ]


def test_move_on_is_counted_from_the_day_the_positive_cg_was_received(alex_case, referral):
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-09-01"), served_on=D("2026-09-07"))
    # Received 7 September + 45 days = 22 October 2026.
    assert texts(at(alex_case, "2026-09-10")) == ["Move-on support runs at least to 22 October 2026"]


def test_a_negative_cg(alex_case, referral):
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", outcome="negative", decided_on=D("2026-09-01"))
    assert at(alex_case, "2026-09-10").status == "cg_negative"


def test_withdrawal_and_disqualification(alex_case, referral, people):
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    PublicOrderDisqualification.objects.create(
        referral=referral, decided_on=D("2026-02-01"), recorded_by=people.alex
    )
    assert at(alex_case, "2026-03-01").status == "disqualified"
    Withdrawal.objects.create(referral=referral, withdrawn_on=D("2026-03-01"), recorded_by=people.alex)
    assert at(alex_case, "2026-03-02").status == "withdrawn"


def test_a_duty_to_notify_report(alex_case):
    ReferralFactory(case=alex_case, kind="dtn", competent_authority="")
    assert at(alex_case, "2026-11-01").status == "dtn_only"


def test_a_re_referral_is_what_counts(alex_case, referral):
    DecisionFactory(referral=referral, outcome="negative", decided_on=D("2026-01-09"))
    referral.is_current = False  # as referral_record does on a re-referral
    referral.save()
    ReferralFactory(case=alex_case, submitted_on=D("2026-06-01"), previous_referral=referral)
    assert at(alex_case, "2026-06-02").status == "rg_pending"


def test_scottish_cases_show_the_90_day_support_duty(alex_case):
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"), nation="SCT")
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    # RG 9 January 2026 + 90 days = 9 April 2026 (SSI 2018/90 reg 2).
    assert (
        "Scottish support (s9) must run to 9 April 2026 (90 days from the RG) or to the CG if it comes "
        "first; Ministers may continue it until the CG"
    ) in texts(at(alex_case, "2026-02-01"))


def test_northern_irish_support_runs_until_the_cg_with_45_days_as_a_floor(alex_case):
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"), nation="NIR")
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    # RG 9 January 2026 + 45 days = 23 February 2026 (s18(4)); support still runs after it.
    expected = (
        "Northern Ireland support (s18) runs until the CG decision; a positive CG before 23 February 2026 "
        "keeps it to that date (45 days from the RG)"
    )
    assert expected in texts(at(alex_case, "2026-02-01"))
    assert expected in texts(at(alex_case, "2026-06-01"))  # the CG still awaited: support has not ended


@pytest.mark.parametrize("nation", ["SCT", "NIR"])
def test_devolved_adult_support_is_never_applied_to_a_child(alex_case, nation):
    referral = ReferralFactory(
        case=alex_case, submitted_on=D("2026-01-05"), nation=nation, age_at_referral="child"
    )
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    assert [o.kind for o in at(alex_case, "2026-02-01").owed] == ["recovery_period"]


def test_move_on_is_never_applied_to_a_child(alex_case):
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"), age_at_referral="child")
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-09-01"))
    assert at(alex_case, "2026-09-10").owed == []


@pytest.mark.parametrize("nation", ["SCT", "NIR"])
def test_devolved_cases_get_no_move_on(alex_case, nation):
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"), nation=nation)
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-09-01"))
    assert at(alex_case, "2026-09-10").owed == []


def test_the_rg_clock_uses_the_referrals_bank_holiday_calendar(alex_case):
    # Referred Thursday 2 April 2026: Easter Monday is a holiday in England, not Scotland.
    ReferralFactory(case=alex_case, submitted_on=D("2026-04-02"), working_day_calendar="SCT")
    assert texts(at(alex_case, "2026-04-02")) == ["RG decision due by 10 April 2026 (in 5 working days)"]


def test_the_escalation_points_are_a_setting(alex_case, referral, settings):
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    settings.CG_ESCALATION_DAYS = [30, 60]
    assert texts(at(alex_case, "2026-03-15")) == [
        "Waiting 65 days for a CG decision (past the 60-day escalation point)"
    ]
