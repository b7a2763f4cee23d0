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
    # 30 days beginning with Friday 9 January: the last is 7 February, the CG can come on the 8th.
    assert texts(where) == [
        "Recovery period runs to 7 February 2026 (30 days beginning with the RG day); "
        "the CG decision can be made from 8 February 2026"
    ]


@pytest.mark.parametrize(
    ("rg", "today", "last_day", "earliest"),
    [
        ("2028-02-01", "2028-03-01", "1 March 2028", "2 March 2028"),  # leap February, last day itself
        ("2027-03-26", "2027-04-01", "24 April 2027", "25 April 2027"),  # Good Friday 2027: calendar days
    ],
)
def test_the_panel_says_the_last_day_of_the_recovery_period(
    alex_case, referral, rg, today, last_day, earliest
):
    DecisionFactory(referral=referral, decided_on=D(rg))
    where = at(alex_case, today)
    assert where.status == "rg_positive"
    assert texts(where) == [
        f"Recovery period runs to {last_day} (30 days beginning with the RG day); "
        f"the CG decision can be made from {earliest}"
    ]


def test_the_day_after_the_recovery_period_the_cg_is_awaited(alex_case, referral):
    DecisionFactory(referral=referral, decided_on=D("2028-02-01"))
    assert at(alex_case, "2028-03-02").status == "cg_pending"


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
    # From the decision (12 January), not from service (15 January): 30 days, 11 February, is
    # sooner than one calendar month, 12 February.
    assert texts(where) == [
        "Reconsideration must be requested by 11 February 2027 (30 days or one calendar month from the "
        "decision of 12 January 2027, whichever is sooner). It was served 3 days later, on 15 January "
        "2027: the competent authority can be asked for an extension"
    ]
    assert where.owed[0].attention


@pytest.mark.parametrize(
    ("today", "attention"),
    [("2027-02-03", False), ("2027-02-04", True), ("2027-02-11", True)],  # 8, 7 and 0 days left
)
def test_the_reconsideration_window_needs_attention_from_seven_days_out(
    alex_case, referral, today, attention
):
    DecisionFactory(referral=referral, outcome="negative", decided_on=D("2027-01-12"))
    (owed,) = at(alex_case, today).owed
    assert owed.text == (
        "Reconsideration must be requested by 11 February 2027 (30 days or one calendar month from the "
        "decision of 12 January 2027, whichever is sooner)"
    )
    assert owed.attention is attention


def test_a_decision_from_before_the_time_limit_shows_no_deadline(alex_case):
    referral = ReferralFactory(case=alex_case, submitted_on=D("2023-11-01"))
    DecisionFactory(referral=referral, outcome="negative", decided_on=D("2023-11-08"))
    assert texts(at(alex_case, "2023-11-10")) == [
        "The negative RG decision was made before reconsideration requests had a time limit: "
        "no deadline applies"
    ]


def test_the_reconsideration_window_closes(alex_case, referral):
    DecisionFactory(
        referral=referral, outcome="negative", decided_on=D("2026-01-09"), served_on=D("2026-01-12")
    )
    assert texts(at(alex_case, "2026-02-12")) == []


def test_a_negative_decision_without_a_served_date_still_has_its_deadline(alex_case, referral):
    DecisionFactory(referral=referral, outcome="negative", decided_on=D("2026-01-09"))
    # 9 January + 30 days = 8 February, sooner than one month (9 February).
    assert texts(at(alex_case, "2026-01-12")) == [
        "Reconsideration must be requested by 8 February 2026 (30 days or one calendar month from the "
        "decision of 9 January 2026, whichever is sooner)"
    ]


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
        referral=referral, decided_on=D("2026-02-01"), ground="public_order", recorded_by=people.alex
    )
    where = at(alex_case, "2026-03-01")
    assert where.status == "disqualified"
    assert where.status_label == "Public order disqualification: CG decision awaited"
    assert texts(where) == [
        "Disqualified on 1 February 2026 (threat to public order): no protection from removal and no "
        "NRM support, but the CG decision is still owed",
        "Waiting 51 days for a CG decision",
    ]
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
    # 90 days beginning with the RG day, 9 January 2026 (SSI 2018/90 reg 2; s9(2)(a) "begins on"):
    # 23 days of January + 28 + 31 + 8 = 90, so 8 April 2026.
    assert (
        "Scottish support (s9) must run to 8 April 2026 (90 days counting the RG day) or to the CG if it "
        "comes first; Ministers may continue it until the CG"
    ) in texts(at(alex_case, "2026-02-01"))


def test_northern_irish_support_runs_until_the_cg_with_45_days_as_a_floor(alex_case):
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"), nation="NIR")
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    # 45 days from the RG of 9 January 2026, counting it as day 1 (s18(4)): 23 days of January +
    # 22 = 45, so 22 February 2026; support still runs after it.
    expected = (
        "Northern Ireland support (s18) runs until the CG decision; a positive CG before 22 February 2026 "
        "keeps it to that date (45 days counting the RG day)"
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


@pytest.mark.parametrize("nation", ["ENG", "WLS", "SCT", "NIR"])
def test_the_rg_clock_uses_the_competent_authoritys_calendar_in_every_nation(alex_case, nation):
    # Referred Thursday 25 March 2027. The SCA works to England and Wales bank holidays: Good
    # Friday 26 March and Easter Monday 29 March are skipped (Easter Monday is not a Scottish
    # bank holiday, but the Home Office's clock is not the survivor's): 30, 31 Mar, 1, 2, 5 Apr.
    referral = ReferralFactory(case=alex_case, submitted_on=D("2027-03-25"), nation=nation)
    assert referral.working_day_calendar == "ENG"
    assert referral.rg_due_on == D("2027-04-05")
    assert texts(at(alex_case, "2027-03-25")) == ["RG decision due by 5 April 2027 (in 5 working days)"]


def test_the_escalation_points_are_a_setting(alex_case, referral, settings):
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    settings.CG_ESCALATION_DAYS = [30, 60]
    assert texts(at(alex_case, "2026-03-15")) == [
        "Waiting 65 days for a CG decision (past the 60-day escalation point)"
    ]


def test_a_disqualified_case_still_gets_its_cg(alex_case, referral, people):
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    PublicOrderDisqualification.objects.create(
        referral=referral, decided_on=D("2026-01-20"), ground="bad_faith", recorded_by=people.alex
    )
    # During what would have been the recovery period: no recovery period, the CG still awaited.
    where = at(alex_case, "2026-01-25")
    assert where.status == "disqualified"
    assert "claimed to be a victim in bad faith" in texts(where)[0]
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-09-01"))
    where = at(alex_case, "2026-09-10")
    assert where.status == "cg_positive"
    assert texts(where)[0] == (
        "Disqualified on 20 January 2026 (claimed to be a victim in bad faith): no protection from "
        "removal and no NRM support"
    )


def test_a_reconsideration_of_the_disqualification(alex_case, referral, people):
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    disqualification = PublicOrderDisqualification.objects.create(
        referral=referral,
        decided_on=D("2026-02-01"),
        ground="public_order",
        reconsideration_requested_on=D("2026-02-10"),
        reconsideration_outcome="pending",
        recorded_by=people.alex,
    )
    assert "Reconsideration of the disqualification requested on 10 February 2026" in texts(
        at(alex_case, "2026-03-01")
    )
    disqualification.reconsideration_outcome = "overturned"
    disqualification.reconsideration_outcome_on = D("2026-03-05")
    disqualification.save()
    # Overturned: the disqualification no longer stands, the case waits for its CG as any other.
    assert at(alex_case, "2026-03-10").status == "cg_pending"
