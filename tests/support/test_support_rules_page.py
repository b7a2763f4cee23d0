"""The case page says each support rule in a caseworker's words, by nation and age, and the
services accept what the rules allow (Places of Safety before a referral; a declined offer)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Case
from support.models import SupportPeriod
from support.selectors.work import work_items
from support.services import support_periods
from tests.factories import DecisionFactory, ReferralFactory

D = date.fromisoformat


@pytest.fixture
def on_1_june_2026(time_machine):
    time_machine.move_to("2026-06-01T10:00:00+01:00", tick=False)


def page(login, people, case) -> str:
    client = login(people.alex)
    # The NRM and Support pages of the case, where these sections are.
    html = "".join(
        client.get(reverse(name, args=[case.reference])).content.decode()
        for name in ("case_nrm", "case_support")
    )
    return " ".join(html.replace("&#x27;", "'").split())


def refer(
    case,
    nation="ENG",
    age="adult",
    rg=None,
    cg=None,
    cg_served=None,
    rg_outcome="positive",
    cg_outcome="positive",
):
    referral = ReferralFactory(case=case, submitted_on=D("2026-01-05"), nation=nation, age_at_referral=age)
    if rg:
        DecisionFactory(referral=referral, decided_on=D(rg), outcome=rg_outcome)
    if cg:
        DecisionFactory(
            referral=referral,
            kind="cg",
            decided_on=D(cg),
            served_on=D(cg_served) if cg_served else None,
            outcome=cg_outcome,
        )
    return referral


def test_northern_ireland_says_support_runs_until_the_cg_while_it_is_awaited(
    people, alex_case, login, on_1_june_2026
):
    refer(alex_case, nation="NIR", rg="2026-01-09")
    text = page(login, people, alex_case)
    # 45 days counting the RG day (9 January 2026) as day 1: 23 + 22, so 22 February 2026.
    assert (
        "The Department of Justice must support the survivor (s18) from the referral of 5 January 2026 "
        "until the CG decision. If a positive CG comes before 22 February 2026 (45 days counting the RG "
        "day), support continues to that date; the Department may make the 45 days longer."
    ) in text
    assert "45 days, to" not in text


def test_northern_ireland_after_a_positive_cg_is_a_discretion_not_at_risk(
    people, alex_case, login, on_1_june_2026
):
    refer(alex_case, nation="NIR", rg="2026-01-09", cg="2026-03-01")
    SupportPeriod.objects.create(
        case=alex_case,
        provider="own",
        kind="outreach",
        start_on=D("2026-01-09"),
        end_on=D("2026-04-30"),
        end_reason="planned_end",
        recorded_by=people.alex,
    )
    text = page(login, people, alex_case)
    assert "Support under s18 ran from the referral of 5 January 2026 to 1 March 2026." in text
    assert (
        "may continue support for up to 12 months, or longer (s18(9)): a discretion with no minimum" in text
    )
    assert "Support after the CG: No minimum (a discretion)" in text
    assert "61 of the 93 days elapsed" in text  # 1 March to 30 April supported, of 1 March to 1 June
    assert "At risk" not in text
    assert [
        i
        for i in work_items(Case.objects.filter(pk=alex_case.pk), D("2026-06-01"))
        if i.kind == "support_at_risk"
    ] == []


def test_scotland_says_the_90_days_and_the_discretion_after_the_cg(people, alex_case, login, on_1_june_2026):
    refer(alex_case, nation="SCT", rg="2026-01-09", cg="2026-03-01")
    text = page(login, people, alex_case)
    assert "The Scottish Ministers' duty to support (s9) ran from 9 January 2026 to 1 March 2026." in text
    assert "such period as they think appropriate (s9(3)(c)): a discretion with no minimum" in text


def test_england_says_move_on_from_the_day_the_cg_was_received(people, alex_case, login, on_1_june_2026):
    refer(alex_case, rg="2026-01-09", cg="2026-05-01", cg_served="2026-05-06")
    # Received 6 May 2026 + 45 days = 20 June 2026.
    assert (
        "Move-on support runs at least to 20 June 2026 (45 days from the day the CG was received, "
        "6 May 2026), then reach-in support if the survivor needs it."
    ) in page(login, people, alex_case)


def test_england_says_move_on_is_counted_from_the_decision_while_receipt_is_unknown(
    people, alex_case, login, on_1_june_2026
):
    refer(alex_case, rg="2026-01-09", cg="2026-05-01")
    assert (
        "Move-on support runs at least to 15 June 2026 (45 days counted from the CG decision date, "
        "1 May 2026, as the date it was received is not recorded)"
    ) in page(login, people, alex_case)


def test_england_says_the_exit_period_after_a_negative_cg(people, alex_case, login, on_1_june_2026):
    refer(alex_case, rg="2026-01-09", cg="2026-05-21", cg_outcome="negative")
    # 9 working days after Thursday 21 May 2026, skipping the late May bank holiday (Monday 25 May).
    assert (
        "After the negative CG decision of 21 May 2026, Victim Care Contract support ends after the exit "
        "period: 9 working days, to 4 June 2026 (counted from the decision date)."
    ) in page(login, people, alex_case)


@pytest.mark.parametrize("nation", ["ENG", "WLS", "SCT", "NIR"])
def test_a_childs_support_panel_says_the_local_authority_supports_them(
    people, alex_case, login, nation, on_1_june_2026
):
    refer(alex_case, nation=nation, age="child", rg="2026-01-09", cg="2026-03-01")
    text = page(login, people, alex_case)
    assert "A child is supported by the local authority (children's services)" in text
    assert (
        "12 months of support" not in text
        and "Move-on" not in text
        and "s18" not in text
        and "(s9)" not in text
    )


def test_the_survivors_choice_is_shown_as_theirs(people, alex_case, login, on_1_june_2026):
    refer(alex_case, rg="2026-01-09", cg="2026-03-01")
    SupportPeriod.objects.create(
        case=alex_case,
        provider="vcc",
        kind="accommodation",
        start_on=D("2026-01-09"),
        end_on=D("2026-04-30"),
        end_reason="survivor_left",
        recorded_by=people.alex,
    )
    text = page(login, people, alex_case)
    assert "12 months of support: The survivor's choice" in text
    assert "1 May 2026 to 1 Jun 2026 (32 days, the survivor's choice)" in text
    assert "30 Apr 2026: the survivor chose to end it" in text


def test_places_of_safety_may_start_before_the_referral_and_is_shown_as_such(
    people, alex_case, login, on_1_june_2026
):
    refer(alex_case)
    support_periods.support_period_record(
        actor=people.alex,
        case=alex_case,
        provider="own",
        kind="places_of_safety",
        start_on=D("2026-01-01"),
        end_on=D("2026-01-05"),
        end_reason="planned_end",
    )
    # Thursday 1 January 2026 is New Year's Day: Friday 2, Monday 5 and Tuesday 6 January.
    assert (
        "Places of Safety support from 1 January 2026: up to 3 working days while the person decides on a "
        "referral, to 6 January 2026."
    ) in page(login, people, alex_case)


def test_places_of_safety_past_its_3_working_days_says_so(people, alex_case):
    from types import SimpleNamespace

    from support.rules.entitlements import places_of_safety_note

    # Monday 28 February 2028 (a Monday in a leap year): 28, 29 February and 1 March.
    ran_long = SimpleNamespace(start_on=D("2028-02-28"), end_on=D("2028-03-03"))
    assert places_of_safety_note(ran_long) == (
        "Places of Safety support from 28 February 2028: up to 3 working days while the person decides on a "
        "referral, to 1 March 2028. It ran to 3 March 2028, longer than the service offers."
    )


def test_other_support_before_the_referral_is_still_refused(people, alex_case):
    refer(alex_case)
    with pytest.raises(ValidationError, match="Places of Safety"):
        support_periods.support_period_record(
            actor=people.alex, case=alex_case, provider="own", kind="accommodation", start_on=D("2026-01-01")
        )


def test_declined_support_needs_the_day_it_was_declined(people, alex_case):
    refer(alex_case)
    with pytest.raises(ValidationError) as refused:
        support_periods.support_period_record(
            actor=people.alex,
            case=alex_case,
            provider="own",
            kind="counselling",
            start_on=D("2026-02-01"),
            end_reason="declined",
        )
    assert "end_on" in refused.value.message_dict


@pytest.mark.parametrize(
    ("nation", "age", "at_risk"),
    [
        ("ENG", "adult", True),
        ("WLS", "adult", True),
        ("SCT", "adult", False),
        ("NIR", "adult", False),
        ("ENG", "child", False),
        ("NIR", "child", False),
    ],
)
def test_the_backlog_counts_at_risk_only_adults_in_england_and_wales(people, alex_case, nation, age, at_risk):
    from oversight.backlog_rows import live_referral_rows, support_at_risk_ids

    refer(alex_case, nation=nation, age=age, rg="2026-01-09", cg="2026-03-01")
    SupportPeriod.objects.create(
        case=alex_case,
        provider="own",
        kind="outreach",
        start_on=D("2026-01-09"),
        end_on=D("2026-04-30"),
        end_reason="planned_end",
        recorded_by=people.alex,
    )
    rows = live_referral_rows(Case.objects.filter(pk=alex_case.pk))
    assert (alex_case.pk in support_at_risk_ids(rows, D("2026-06-01"))) is at_risk
    items = work_items(Case.objects.filter(pk=alex_case.pk), D("2026-06-01"))
    assert any(i.kind == "support_at_risk" for i in items) is at_risk
