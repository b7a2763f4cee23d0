"""The days of support counted towards a confirmed victim's 12 months: the coverage the
support clock (support/rules/twelve_months.py) runs on, against counting day by day."""

from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

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
    assert clock.verdict == (SupportVerdict.MET if expected == clock.total_days else SupportVerdict.NOT_MET)
