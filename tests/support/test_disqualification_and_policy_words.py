"""A standing public order disqualification owes no move-on
and no 12 months; a decided reconsideration of a disqualification is changed only by a
correction, in a disqualification's words; the page's numbers come from the policy rows; an
adult's case page offers an age dispute."""

from datetime import date

import pytest
from django.urls import reverse

from casework import clocks
from casework.models import AuditEvent, Case
from support.models import AgeDispute, PublicOrderDisqualification, SupportPeriod
from support.rules import nrm_status
from support.rules.twelve_months import support_clock
from support.selectors.nrm import NRM_PREFETCH
from support.selectors.work import OWED_GROUPS, work_items
from support.services.disqualifications import OUTCOME_ALREADY, disqualification_reconsideration
from support.vocabularies import SupportAuditAction
from tests.factories import DecisionFactory, ReferralFactory

D = date.fromisoformat


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def page(client, case) -> str:
    # The NRM and Support pages of the case, where these sections are.
    html = "".join(
        client.get(reverse(name, args=[case.reference])).content.decode()
        for name in ("case_nrm", "case_support")
    )
    return " ".join(html.replace("&#x27;", "'").split())


@pytest.fixture
def disqualified_then_confirmed(alex_case, people):
    """Referred 5 January 2026 (England), positive RG 9 January, disqualified 1 February,
    positive CG 1 March 2026; supported 9 January to 31 March only (so short of 12 months)."""
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    disqualification = PublicOrderDisqualification.objects.create(
        referral=referral, decided_on=D("2026-02-01"), ground="public_order", recorded_by=people.alex
    )
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-03-01"))
    SupportPeriod.objects.create(
        case=alex_case,
        provider="vcc",
        kind="outreach",
        start_on=D("2026-01-09"),
        end_on=D("2026-03-31"),
        end_reason="lost_contact",
        recorded_by=people.alex,
    )
    return disqualification


def _overturn(disqualification):
    disqualification.reconsideration_requested_on = D("2026-02-10")
    disqualification.reconsideration_outcome = "overturned"
    disqualification.reconsideration_outcome_on = D("2026-03-05")
    disqualification.save()


def _case(alex_case):
    return Case.objects.prefetch_related(NRM_PREFETCH, "support_periods").get(pk=alex_case.pk)


# A standing disqualification: no move-on, no 12-month clock, nothing "at risk".


def test_a_standing_disqualification_owes_no_move_on_after_a_positive_cg(
    alex_case, disqualified_then_confirmed
):
    # CG 1 March 2026 + 45 days = 15 April: move-on would still run on 10 March.
    texts = [o.text for o in nrm_status.position(_case(alex_case), D("2026-03-10")).owed]
    assert texts == [
        "Disqualified on 1 February 2026 (threat to public order): no protection from removal and no NRM "
        "support"
    ]


def test_an_overturned_disqualification_brings_move_on_back(alex_case, disqualified_then_confirmed):
    _overturn(disqualified_then_confirmed)
    texts = [o.text for o in nrm_status.position(_case(alex_case), D("2026-03-10")).owed]
    assert texts == [
        "Move-on support runs at least to 15 April 2026 (counted from the decision: record when it was "
        "received)"
    ]


def test_a_standing_disqualification_has_no_twelve_month_clock(alex_case, disqualified_then_confirmed):
    assert support_clock(_case(alex_case), D("2026-06-01")) is None
    _overturn(disqualified_then_confirmed)
    clock = support_clock(_case(alex_case), D("2026-06-01"))
    assert clock is not None and clock.verdict == "at_risk"


def test_a_standing_disqualification_is_not_support_at_risk_on_my_work(
    alex_case, disqualified_then_confirmed
):
    cases = Case.objects.filter(pk=alex_case.pk)
    assert [i for i in work_items(cases, D("2026-06-01")) if i.kind == "support_at_risk"] == []
    _overturn(disqualified_then_confirmed)
    assert [i.kind for i in work_items(cases, D("2026-06-01")) if i.kind == "support_at_risk"] == [
        "support_at_risk"
    ]


def test_the_case_page_says_a_standing_disqualification_owes_no_support(
    people, login, alex_case, disqualified_then_confirmed, time_machine
):
    time_machine.move_to("2026-03-10T10:00:00+00:00", tick=False)
    text = page(login(people.alex), alex_case)
    assert "no protection from removal and no NRM support" in text
    assert (
        "A public order disqualification stands: NRM support is not owed, and the 12-month measure does "
        "not apply while it stands."
    ) in text
    assert "Move-on support runs" not in text
    assert "12 months of support:" not in text


# A decided reconsideration of a disqualification is changed only by a correction.


@pytest.fixture
def reconsidered(alex_case, people):
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    return PublicOrderDisqualification.objects.create(
        referral=referral,
        decided_on=D("2026-02-01"),
        ground="public_order",
        reconsideration_requested_on=D("2026-02-10"),
        reconsideration_outcome="pending",
        recorded_by=people.alex,
    )


def test_the_outcome_of_a_disqualification_reconsideration_is_audited_as_a_reconsideration(
    people, reconsidered
):
    disqualification_reconsideration(
        actor=people.alex,
        disqualification=reconsidered,
        reconsideration_requested_on=D("2026-02-10"),
        reconsideration_outcome="upheld",
        reconsideration_outcome_on=D("2026-03-05"),
    )
    event = AuditEvent.objects.filter(case=reconsidered.referral.case).latest("id")
    assert event.action == SupportAuditAction.NRM_DISQUALIFICATION_RECONSIDERED


@pytest.mark.parametrize(("first", "then"), [("upheld", "overturned"), ("overturned", "upheld")])
def test_a_decided_disqualification_reconsideration_cannot_be_overwritten_without_a_reason(
    people, login, alex_case, reconsidered, first, then, time_machine
):
    time_machine.move_to("2026-04-01T10:00:00+00:00", tick=False)
    reconsidered.reconsideration_outcome = first
    reconsidered.reconsideration_outcome_on = D("2026-03-05")
    reconsidered.save()
    reconsidered.refresh_from_db()
    client = login(people.morgan)
    response = client.post(
        reverse("nrm_disqualification_reconsider", args=[alex_case.reference]),
        {
            **date_fields("reconsideration_requested_on", D("2026-02-10")),
            "reconsideration_outcome": then,
            **date_fields("reconsideration_outcome_on", D("2026-03-20")),
            "version": reconsidered.version,  # the current version: not a two-tab conflict
        },
    )
    assert response.status_code == 200
    assert "The outcome of the reconsideration is already recorded" in " ".join(
        response.content.decode().split()
    )
    reconsidered.refresh_from_db()
    assert (reconsidered.reconsideration_outcome, reconsidered.reconsideration_outcome_on) == (
        first,
        D("2026-03-05"),
    )
    assert OUTCOME_ALREADY.startswith("The outcome of the reconsideration is already recorded")


def test_a_disqualification_reconsideration_is_told_in_a_disqualifications_words(
    people, login, alex_case, reconsidered, time_machine
):
    time_machine.move_to("2026-04-01T10:00:00+00:00", tick=False)
    client = login(people.alex)
    form = client.get(reverse("nrm_disqualification_reconsider", args=[alex_case.reference])).content.decode()
    assert "Disqualification withdrawn" in form and "Disqualification upheld" in form
    assert "Decision changed to positive" not in form and "Negative decision upheld" not in form
    disqualification_reconsideration(
        actor=people.alex,
        disqualification=reconsidered,
        reconsideration_requested_on=D("2026-02-10"),
        reconsideration_outcome="overturned",
        reconsideration_outcome_on=D("2026-03-05"),
    )
    text = page(client, alex_case)
    assert "Reconsideration of the disqualification: disqualification withdrawn" in text
    assert "decision changed to positive" not in text


# The numbers on the page come from the policy rows in force.


def _with_row(monkeypatch, name, effective_from, value):
    monkeypatch.setattr(
        clocks, "POLICY", (*clocks.POLICY, clocks.Rule(name, effective_from, value, "a later change (test)"))
    )


def test_the_recovery_period_of_an_rg_before_13_december_2022_says_45_days(alex_case):
    referral = ReferralFactory(case=alex_case, submitted_on=D("2022-12-01"))
    DecisionFactory(referral=referral, decided_on=D("2022-12-05"))
    # 45 days beginning with 5 December 2022: 27 + 18 = 18 January 2023 (RG + 44).
    (owed,) = nrm_status.position(_case(alex_case), D("2022-12-10")).owed
    assert owed.text == (
        "Recovery period runs to 18 January 2023 (45 days beginning with the RG day); "
        "the CG decision can be made from 19 January 2023"
    )


@pytest.mark.parametrize(
    ("row", "nation", "expected"),
    [
        # Move-on 60 days from 1 May 2026: 30 + 30 = 30 June 2026.
        ("move_on_days", "ENG", "Move-on support runs at least to 30 June 2026 (60 days counted from the CG"),
        # Scotland 100 days counting the RG day, 9 January 2026: 23 + 28 + 31 + 18 = 18 April 2026.
        ("scotland_support_days", "SCT", "to 18 April 2026 (100 days counting the RG day)"),
    ],
)
def test_the_support_words_follow_a_new_policy_row(
    people, login, alex_case, monkeypatch, time_machine, row, nation, expected
):
    time_machine.move_to("2026-05-05T10:00:00+01:00", tick=False)
    _with_row(monkeypatch, row, D("2026-01-01"), {"move_on_days": 60, "scotland_support_days": 100}[row])
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"), nation=nation)
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    if nation == "ENG":
        DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-05-01"))
    assert expected in page(login(people.alex), alex_case)


def test_the_exit_period_words_follow_a_new_policy_row(people, login, alex_case, monkeypatch, time_machine):
    time_machine.move_to("2026-06-01T10:00:00+01:00", tick=False)
    _with_row(monkeypatch, "exit_working_days", D("2026-01-01"), 10)
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-05-21"), outcome="negative")
    # 10 working days after Thursday 21 May 2026, skipping Monday 25 May: 5 June 2026.
    assert "period: 10 working days, to 5 June 2026 (counted from the decision date)." in page(
        login(people.alex), alex_case
    )


def test_the_places_of_safety_words_follow_a_new_policy_row(
    people, login, alex_case, monkeypatch, time_machine
):
    time_machine.move_to("2026-06-01T10:00:00+01:00", tick=False)
    _with_row(monkeypatch, "places_of_safety_working_days", D("2026-01-01"), 4)
    SupportPeriod.objects.create(
        case=alex_case,
        provider="vcc",
        kind="places_of_safety",
        start_on=D("2026-05-18"),
        recorded_by=people.alex,
    )
    # Monday 18 May 2026 is day 1; 4 working days end Thursday 21 May.
    assert "up to 4 working days while the person decides on a referral, to 21 May 2026." in page(
        login(people.alex), alex_case
    )


def test_the_reconsideration_words_follow_the_rows_in_force(alex_case, monkeypatch):
    _with_row(monkeypatch, "reconsideration_days", D("2026-01-01"), 28)
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"), outcome="negative")
    # 9 January + 28 days = 6 February, sooner than one month (9 February).
    (owed,) = nrm_status.position(_case(alex_case), D("2026-01-12")).owed
    assert owed.text == (
        "Reconsideration must be requested by 6 February 2026 (28 days or one calendar month from the "
        "decision of 9 January 2026, whichever is sooner)"
    )


# My work's headings name only kinds of item that exist.


def test_every_my_work_heading_is_for_an_item_the_nrm_rules_can_raise():
    from pathlib import Path

    import support.rules

    source = "".join(p.read_text() for p in Path(support.rules.__file__).parent.glob("*.py"))
    assert [kind for kind in OWED_GROUPS if f'"{kind}"' not in source] == []


# An adult's case page offers an age dispute (the Child section is hidden for them).


def test_an_adults_nrm_section_offers_to_record_an_age_dispute(people, login, alex_case):
    ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    html = login(people.alex).get(reverse("case_nrm", args=[alex_case.reference])).content.decode()
    assert 'id="children-heading"' not in html  # the Child section is hidden for a plain adult
    assert "Age disputed?" in html
    assert reverse("age_dispute_new", args=[alex_case.reference]) in html


def test_the_age_dispute_link_is_not_repeated_where_the_child_section_shows(people, login, alex_case):
    ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    AgeDispute.objects.create(case=alex_case, raised_on=D("2026-01-10"), recorded_by=people.alex)
    html = login(people.alex).get(reverse("case_nrm", args=[alex_case.reference])).content.decode()
    assert 'id="children-heading"' in html
    assert "Age disputed?" not in html
