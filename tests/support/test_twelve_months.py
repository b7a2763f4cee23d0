"""The days of support counted towards a confirmed victim's 12 months: the coverage the
support clock (support/rules/twelve_months.py) runs on, against counting day by day."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework import clocks
from casework.vocabularies import Nation
from support.rules.twelve_months import clock_for, covered_spans
from support.vocabularies import SupportAnchor, SupportVerdict

D = date.fromisoformat


def covered_days(periods, start, end) -> int:
    return sum(span.days for span in covered_spans(periods, start, end))


class TestCoveredDays:
    window = (D("2026-01-01"), D("2026-12-31"))

    def test_one_period_inside_the_window(self):
        assert covered_days([(D("2026-02-01"), D("2026-02-10"))], *self.window) == 10

    def test_overlapping_periods_count_each_day_once(self):
        periods = [(D("2026-02-01"), D("2026-02-10")), (D("2026-02-05"), D("2026-02-20"))]
        assert covered_days(periods, *self.window) == 20

    def test_touching_periods_join_up(self):
        periods = [(D("2026-02-01"), D("2026-02-10")), (D("2026-02-11"), D("2026-02-20"))]
        assert covered_days(periods, *self.window) == 20
        assert len(covered_spans(periods, *self.window)) == 1

    def test_gaps_are_not_covered(self):
        periods = [(D("2026-02-01"), D("2026-02-10")), (D("2026-03-01"), D("2026-03-10"))]
        assert covered_days(periods, *self.window) == 20

    def test_an_ongoing_period_runs_to_the_end_of_the_window(self):
        assert covered_days([(D("2026-12-01"), None)], *self.window) == 31

    def test_periods_outside_the_window_are_clipped_or_ignored(self):
        periods = [(D("2025-12-01"), D("2026-01-05")), (D("2027-01-01"), D("2027-02-01"))]
        assert covered_days(periods, *self.window) == 5

    def test_a_leap_year_has_366_days(self):
        assert covered_days([(D("2027-06-01"), None)], D("2028-01-01"), D("2028-12-31")) == 366

    def test_an_empty_window(self):
        assert covered_days([(D("2026-01-01"), None)], D("2026-02-01"), D("2026-01-01")) == 0


starts = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 6, 30))
periods_strategy = st.lists(
    st.tuples(starts, st.one_of(st.none(), st.integers(min_value=0, max_value=400))), max_size=6
)


def _count_day_by_day(periods, start, end) -> int:
    return sum(
        1
        for offset in range((end - start).days + 1)
        if any(s <= start + timedelta(days=offset) <= (e or end) for s, e in periods)
    )


@given(periods_strategy, starts, st.integers(min_value=0, max_value=500))
def test_covered_days_agrees_with_counting_day_by_day(raw, start, length):
    periods = [(s, None if d is None else s + timedelta(days=d)) for s, d in raw]
    end = start + timedelta(days=length)
    assert covered_days(periods, start, end) == _count_day_by_day(periods, start, end)


@given(periods_strategy, starts)
def test_once_the_12_months_are_over_the_clock_counts_every_supported_day_once(raw, cg_on):
    """Ended periods only (the clock counts an ongoing one to today): Alex's survivor's support
    history, read after the 12 months from a positive CG decision in England."""
    periods = [
        SimpleNamespace(start_on=s, end_on=s + timedelta(days=d or 0), planned_end_on=None) for s, d in raw
    ]
    today = cg_on + timedelta(days=800)
    clock = clock_for(
        nation=Nation.ENGLAND,
        rg_on=cg_on - timedelta(days=60),
        cg_on=cg_on,
        cg_served=None,
        periods=periods,
        today=today,
        setting=SupportAnchor.CG_DECISION,
    )
    expected = _count_day_by_day([(p.start_on, p.end_on) for p in periods], clock.start, clock.end)
    assert clock.supported_days == expected
    # Stretches without support of up to the tolerance (a handover) are forgiven; a longer one
    # means the 12 months were not met.
    tolerance = clocks.support_gap_tolerance(clock.start)
    longest = _longest_uncovered_run([(p.start_on, p.end_on) for p in periods], clock.start, clock.end)
    assert clock.verdict == (SupportVerdict.MET if longest <= tolerance else SupportVerdict.NOT_MET)


def _longest_uncovered_run(periods, start, end) -> int:
    longest = run = 0
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        run = 0 if any(s <= day <= e for s, e in periods) else run + 1
        longest = max(longest, run)
    return longest


def _period(start, end=None, planned=None, reason=""):
    return SimpleNamespace(
        start_on=D(start),
        end_on=D(end) if end else None,
        planned_end_on=D(planned) if planned else None,
        end_reason=reason or ("planned_end" if end else ""),
    )


def _clock(periods, today, nation=Nation.ENGLAND, age_group="adult"):
    """A positive CG decided on 1 March 2026: the 12 months run to 28 February 2027 (365 days)."""
    return clock_for(
        nation=nation,
        rg_on=D("2026-01-09"),
        cg_on=D("2026-03-01"),
        cg_served=None,
        periods=periods,
        today=D(today),
        setting=SupportAnchor.CG_DECISION,
        age_group=age_group,
    )


class TestGapTolerance:
    """Uncovered stretches of up to 3 days in a row (clocks.support_gap_tolerance) are forgiven."""

    def test_a_one_day_gap_keeps_support_on_track(self):
        clock = _clock([_period("2026-03-01", "2026-05-31"), _period("2026-06-02")], "2026-07-01")
        assert [(g.start, g.end) for g in clock.gaps] == [(D("2026-06-01"), D("2026-06-01"))]
        assert clock.days_short == 0 and clock.verdict == SupportVerdict.ON_TRACK

    def test_a_one_day_gap_does_not_turn_met_into_not_met(self):
        periods = [_period("2026-03-01", "2026-05-31"), _period("2026-06-02", "2027-02-28")]
        assert _clock(periods, "2027-04-01").verdict == SupportVerdict.MET

    def test_a_bank_holiday_weekend_handover_is_forgiven(self):
        # Ended Thursday 31 December 2026, restarted Monday 4 January 2027: 3 days uncovered.
        periods = [_period("2026-03-01", "2026-12-31"), _period("2027-01-04", "2027-02-28")]
        assert _clock(periods, "2027-04-01").verdict == SupportVerdict.MET

    def test_a_gap_longer_than_the_tolerance_counts_in_full(self):
        # Easter 2026: ended Thursday 2 April, restarted Tuesday 7 April (Good Friday 3 to Easter
        # Monday 6 April uncovered): 4 days, more than 3.
        periods = [_period("2026-03-01", "2026-04-02"), _period("2026-04-07", "2027-02-28")]
        clock = _clock(periods, "2027-04-01")
        assert clock.days_short == 4 and clock.verdict == SupportVerdict.NOT_MET

    def test_a_one_day_late_start_is_forgiven(self):
        assert _clock([_period("2026-03-02")], "2026-06-01").verdict == SupportVerdict.ON_TRACK


class TestSurvivorsChoice:
    def test_support_the_survivor_ended_is_their_choice_not_the_service_failing(self):
        clock = _clock([_period("2026-03-01", "2026-06-30", reason="survivor_left")], "2026-08-01")
        # 1 July 2026 to 28 February 2027: 31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 = 243 days.
        assert clock.chosen_days == 243 and clock.days_short == 0
        assert clock.gaps[0].chosen and clock.verdict == SupportVerdict.SURVIVOR_CHOICE
        assert _clock(
            [_period("2026-03-01", "2026-06-30", reason="survivor_left")], "2027-04-01"
        ).verdict == (SupportVerdict.SURVIVOR_CHOICE)

    def test_declined_support_counts_no_days_and_is_the_survivors_choice(self):
        clock = _clock([_period("2026-03-01", "2026-03-01", reason="declined")], "2026-04-01")
        assert clock.supported_days == 0 and clock.chosen_days == 365
        assert clock.verdict == SupportVerdict.SURVIVOR_CHOICE

    def test_days_without_support_before_the_survivor_declined_still_count_against_the_service(self):
        periods = [
            _period("2026-03-01", "2026-04-30"),
            _period("2026-05-15", "2026-05-15", reason="declined"),
        ]
        clock = _clock(periods, "2026-06-01")
        assert clock.days_short == 14  # 1 to 14 May
        assert clock.verdict == SupportVerdict.AT_RISK

    def test_one_kind_of_support_ended_by_the_survivor_while_another_runs_is_no_choice_gap(self):
        periods = [
            _period("2026-03-01", "2026-04-30", reason="survivor_left"),  # counselling
            _period("2026-03-01", "2026-06-30"),  # accommodation, planned end
        ]
        clock = _clock(periods, "2026-08-01")
        assert clock.chosen_days == 0 and clock.verdict == SupportVerdict.AT_RISK


@pytest.mark.parametrize(
    ("nation", "verdict"),
    [
        (Nation.ENGLAND, SupportVerdict.AT_RISK),
        (Nation.WALES, SupportVerdict.AT_RISK),
        (Nation.SCOTLAND, SupportVerdict.DISCRETION),
        (Nation.NORTHERN_IRELAND, SupportVerdict.DISCRETION),
    ],
)
def test_only_england_and_wales_are_measured_against_12_months(nation, verdict):
    clock = _clock([_period("2026-03-01", "2026-04-30")], "2026-06-01", nation=nation)
    assert clock.verdict == verdict
    assert (
        clock.supported_days == 61
    )  # how long the survivor has been supported since the CG, shown everywhere


@pytest.mark.parametrize("nation", [Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND, Nation.NORTHERN_IRELAND])
def test_a_child_has_no_12_month_measure(nation):
    assert (
        _clock([_period("2026-03-01", "2026-04-30")], "2026-06-01", nation=nation, age_group="child") is None
    )
