"""Support tracked against the 12-month minimum: the clock, its verdicts and anchors, the
forms' validation, access and audit."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Case
from support.models import SupportPeriod
from support.rules.twelve_months import support_clock
from support.selectors.nrm import NRM_PREFETCH
from support.selectors.work import work_items
from support.services import support_periods
from support.vocabularies import SupportAuditAction
from tests.factories import DecisionFactory, ReferralFactory

D = date.fromisoformat


@pytest.fixture
def confirmed(alex_case):
    """Referred 5 Jan 2026, positive RG 9 Jan, positive CG 1 March 2026 served 6 March."""
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-03-01"), served_on=D("2026-03-06"))
    return alex_case


def period(case, people, start, end=None, planned=None, kind="accommodation", reason="planned_end"):
    return SupportPeriod.objects.create(
        case=case,
        provider="vcc",
        kind=kind,
        start_on=D(start),
        end_on=D(end) if end else None,
        end_reason=reason if end else "",
        planned_end_on=D(planned) if planned else None,
        recorded_by=people.alex,
    )


def clock_at(case, day, anchor="cg_decision"):
    return support_clock(
        Case.objects.prefetch_related(NRM_PREFETCH, "support_periods").get(pk=case.pk), D(day), anchor
    )


def test_no_clock_before_a_positive_cg(alex_case):
    ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    assert clock_at(alex_case, "2026-06-01") is None


def test_continuous_ongoing_support_is_on_track(people, confirmed):
    period(confirmed, people, "2026-01-09")
    clock = clock_at(confirmed, "2026-06-01")
    assert (clock.start, clock.end) == (D("2026-03-01"), D("2027-02-28"))
    assert clock.total_days == 365
    assert clock.elapsed_days == 93 and clock.supported_days == 93
    assert clock.days_short == 0 and clock.gaps == []
    assert clock.verdict == "on_track"


def test_support_that_ended_is_at_risk_with_the_days_short(people, confirmed):
    period(confirmed, people, "2026-01-09", end="2026-04-30")
    clock = clock_at(confirmed, "2026-06-01")
    assert clock.supported_days == 61  # 1 March to 30 April
    assert clock.days_short == 365 - 61
    assert clock.gaps[0].start == D("2026-05-01")
    assert clock.verdict == "at_risk"


def test_a_planned_end_before_the_12_months_is_at_risk(people, confirmed):
    period(confirmed, people, "2026-01-09", planned="2026-12-31")
    clock = clock_at(confirmed, "2026-06-01")
    assert clock.days_short == 59  # 1 January to 28 February 2027
    assert clock.verdict == "at_risk"


def test_overlapping_periods_count_once_and_gaps_are_listed(people, confirmed):
    period(confirmed, people, "2026-01-09", end="2026-03-31")
    period(confirmed, people, "2026-03-15", end="2026-04-10", kind="counselling")
    period(confirmed, people, "2026-05-01", kind="outreach")
    clock = clock_at(confirmed, "2026-06-01")
    assert [(g.start, g.end) for g in clock.gaps] == [(D("2026-04-11"), D("2026-04-30"))]
    assert clock.supported_days == 93 - 20
    assert clock.days_short == 20


def test_met_after_12_full_months(people, confirmed):
    period(confirmed, people, "2026-01-09", end="2027-03-10")
    assert clock_at(confirmed, "2027-04-01").verdict == "met"


def test_not_met_when_the_12_months_passed_with_gaps(people, confirmed):
    period(confirmed, people, "2026-01-09", end="2026-10-01")
    assert clock_at(confirmed, "2027-04-01").verdict == "not_met"


@pytest.mark.parametrize(
    ("anchor", "start"),
    [("cg_decision", "2026-03-01"), ("cg_served", "2026-03-06"), ("recovery_end", "2026-03-01")],
)
def test_the_anchor_setting_moves_the_start(people, confirmed, anchor, start):
    assert clock_at(confirmed, "2026-06-01", anchor).start == D(start)


def test_the_recovery_end_anchor_is_the_later_of_the_cg_and_the_recovery_periods_last_day(people, alex_case):
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-01-20"), before_recovery_end=True)
    # 30 days beginning with 9 January end on 7 February (clocks.recovery_period_end), as the panel says.
    assert clock_at(alex_case, "2026-06-01", "recovery_end").start == D("2026-02-07")


def test_the_setting_is_the_default_anchor(people, confirmed, settings):
    settings.SUPPORT_ANCHOR = "cg_served"
    assert support_clock(Case.objects.get(pk=confirmed.pk), D("2026-06-01")).start == D("2026-03-06")


def test_northern_ireland_counts_from_the_cg_whatever_the_setting(people, alex_case):
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"), nation="NIR")
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-03-01"), served_on=D("2026-03-06"))
    clock = clock_at(alex_case, "2026-06-01", "cg_served")
    assert clock.start == D("2026-03-01") and clock.anchor == "devolved"


def test_a_leap_day_anchor_ends_on_28_february(people, alex_case):
    referral = ReferralFactory(case=alex_case, submitted_on=D("2025-12-01"))
    DecisionFactory(referral=referral, decided_on=D("2025-12-05"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2028-02-29"))
    clock = clock_at(alex_case, "2028-03-01")
    # 12 months beginning 29 February 2028: 2029 has no 29 February, so they end on 28 February
    # 2029, 366 days with the leap day itself (the old answer, 27 February, lost a day).
    assert clock.end == D("2029-02-28") and clock.total_days == 366


class TestServices:
    def record(self, people, case, **overrides):
        values = {"provider": "vcc", "kind": "accommodation", "start_on": D("2026-02-01")}
        return support_periods.support_period_record(actor=people.alex, case=case, **(values | overrides))

    def test_a_period_is_recorded_and_audited(self, people, confirmed):
        self.record(people, confirmed, notes="Safe house")
        event = AuditEvent.objects.get(action=SupportAuditAction.SUPPORT_RECORDED)
        assert event.case == confirmed and "Safe" not in str(event.fields)

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"end_on": D("2026-01-31"), "end_reason": "other"}, "end_on"),
            ({"planned_end_on": D("2026-01-01")}, "planned_end_on"),
            ({"planned_end_on": D("9999-12-31")}, "planned_end_on"),  # a slip: within 10 years
            ({"end_on": D("2026-03-01")}, "end_reason"),
            ({"start_on": D("2026-01-01")}, "start_on"),  # before the referral
            ({"start_on": timezone.localdate() + timedelta(days=1)}, "start_on"),
            ({"provider": "other"}, "provider_name"),
        ],
    )
    def test_impossible_periods_are_refused(self, people, confirmed, overrides, field):
        with pytest.raises(ValidationError) as error:
            self.record(people, confirmed, **overrides)
        assert field in error.value.message_dict

    def test_ending_a_period(self, people, confirmed):
        period = self.record(people, confirmed)
        support_periods.support_period_end(
            actor=people.alex, period=period, end_on=D("2026-05-01"), end_reason="planned_end"
        )
        with pytest.raises(ValidationError):
            support_periods.support_period_end(
                actor=people.alex, period=period, end_on=D("2026-05-02"), end_reason="planned_end"
            )

    def test_permission_granted_needs_an_expiry(self, people, confirmed):
        with pytest.raises(ValidationError) as error:
            support_periods.permission_to_stay_record(
                actor=people.alex,
                case=confirmed,
                considered_from=D("2026-03-01"),
                decision="granted",
                decided_on=D("2026-04-01"),
                ground="recovery",
            )
        assert "expires_on" in error.value.message_dict


SUPPORT_PAGES = ["support_period_new", "needs_assessment_new", "permission_to_stay_new"]


@pytest.mark.parametrize("page", SUPPORT_PAGES)
@pytest.mark.parametrize(
    ("who", "expected"), [("alex", 200), ("blake", 404), ("morgan", 200), ("riley", 404)]
)
def test_support_pages_answer_only_those_who_may_see_the_case(people, confirmed, login, page, who, expected):
    assert login(getattr(people, who)).get(reverse(page, args=[confirmed.reference])).status_code == expected


def test_junk_on_the_support_form_gets_clear_messages(people, confirmed, login):
    response = login(people.alex).post(
        reverse("support_period_new", args=[confirmed.reference]),
        {"kind": "spa", "start_on_0": "31", "start_on_1": "2", "start_on_2": "2026", "notes": "x" * 6000},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select one of the options" in page and "must be a real date" in page and "5000 characters" in page
    assert not SupportPeriod.objects.exists()


def test_the_case_page_shows_the_clock_and_bar(people, confirmed, login):
    period(confirmed, people, "2026-01-09", end="2026-04-30")
    page = login(people.alex).get(reverse("case_support", args=[confirmed.reference])).content.decode()
    assert "12 months of support" in page and "<svg" in page


def test_support_at_risk_is_a_work_item(people, confirmed):
    period(confirmed, people, "2026-01-09", end="2026-04-30")
    items = work_items(Case.objects.filter(pk=confirmed.pk), timezone.localdate())
    assert [item.kind for item in items if item.kind.startswith("support")] == ["support_at_risk"]
    assert "days short" in items[0].text


def test_the_demo_has_every_verdict(django_db_reset_sequences):
    # Each demo story is seeded by its case id: ids from 1, whatever ran before, keep it the same.
    call_command("seed_demo", "--password", "demo-password-for-tests", "--cases", "300")
    today = timezone.localdate()
    verdicts = Counter(
        clock.verdict
        for case in Case.objects.prefetch_related(NRM_PREFETCH, "support_periods")
        if (clock := support_clock(case, today)) is not None
    )
    assert {"on_track", "at_risk", "met", "not_met"} <= set(verdicts)
    for support_period in SupportPeriod.objects.all():
        support_period.full_clean()
