"""The clocks, against dates worked out by hand from the 2026-2028 bank holiday calendars."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.clocks import (
    CLOSING_SOON_DAYS,
    HOME_OFFICE_CALENDAR,
    add_months,
    add_working_days,
    cg_escalation_level,
    claim_deadline,
    competent_authority_calendar,
    earliest_cg,
    guarantee_end,
    is_closing_soon,
    is_working_day,
    move_on_end,
    northern_ireland_support_end,
    reconsideration_deadline,
    recovery_period_end,
    rg_due,
    scotland_support_end,
    working_days_between,
)
from casework.vocabularies import Nation

D = date.fromisoformat


@pytest.mark.parametrize(
    ("referral", "nation", "due", "why"),
    [
        ("2026-01-16", "ENG", "2026-01-23", "Friday: the weekend is skipped"),
        ("2026-01-17", "ENG", "2026-01-23", "Saturday referral counts from Monday"),
        ("2026-04-02", "ENG", "2026-04-13", "Good Friday and Easter Monday"),
        ("2026-04-02", "WLS", "2026-04-13", "Wales keeps Easter Monday too"),
        ("2026-04-02", "NIR", "2026-04-13", "so does Northern Ireland"),
        ("2026-04-02", "SCT", "2026-04-10", "Scotland has no Easter Monday holiday"),
        ("2026-07-10", "NIR", "2026-07-20", "Battle of the Boyne, substitute Monday 13 July"),
        ("2026-07-10", "ENG", "2026-07-17", "not a holiday in England"),
        ("2026-07-31", "SCT", "2026-08-10", "Scottish summer bank holiday, 3 August"),
        ("2026-07-31", "ENG", "2026-08-07", "England's is on 31 August"),
        ("2026-11-27", "SCT", "2026-12-07", "St Andrew's Day, Monday 30 November"),
        ("2026-11-27", "ENG", "2026-12-04", "not a holiday in England"),
        ("2026-12-23", "ENG", "2027-01-04", "Christmas, Boxing Day substitute 28 Dec, New Year"),
        ("2026-12-23", "NIR", "2027-01-04", "the same in Northern Ireland"),
        ("2026-12-23", "SCT", "2027-01-05", "Scotland's 2 January substitute, Monday 4 January"),
        ("2027-03-15", "NIR", "2027-03-23", "St Patrick's Day"),
        ("2027-03-15", "ENG", "2027-03-22", "not a holiday in England"),
        ("2027-12-24", "ENG", "2028-01-05", "Christmas and Boxing Day on a weekend, 1 Jan 2028 too"),
        ("2027-12-24", "SCT", "2028-01-06", "plus Scotland's 2 January substitute"),
        ("2028-04-13", "WLS", "2028-04-24", "Easter 2028"),
    ],
)
def test_rg_decision_is_due_5_working_days_after_referral(referral, nation, due, why):
    assert rg_due(D(referral), nation) == D(due), why


def test_day_zero_is_the_start_itself():
    assert add_working_days(D("2026-06-06"), 0) == D("2026-06-06")


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(D("2026-06-01"), -1)


def test_an_unknown_nation_is_refused():
    with pytest.raises(ValueError, match="Unknown UK nation"):
        add_working_days(D("2026-06-01"), 1, "XYZ")


def test_working_days_between_counts_what_add_working_days_adds():
    assert working_days_between(D("2026-04-02"), D("2026-04-13")) == 5
    assert working_days_between(D("2026-04-13"), D("2026-04-02")) == 0


@pytest.mark.parametrize(
    ("rg", "earliest"),
    [
        ("2022-12-12", "2023-01-26"),  # before 13 Dec 2022: 45 days
        ("2022-12-13", "2023-01-12"),  # from 13 Dec 2022: 30 days
        ("2027-01-31", "2027-03-02"),
        ("2028-02-01", "2028-03-02"),  # leap year
    ],
)
def test_earliest_cg_is_the_end_of_the_recovery_period_in_force_at_the_rg(rg, earliest):
    assert earliest_cg(D(rg)) == D(earliest)


# Reconsideration: the earlier of 30 calendar days and one calendar month from the decision date
# (the guidance says both), whatever the day of the week or bank holiday; no deadline for a
# decision before the limit (1 Feb 2024). A month of 31 days makes 30 days sooner; February
# makes one month sooner (28 or 29 days).
@pytest.mark.parametrize(
    ("decided", "deadline"),
    [
        ("2027-01-15", "2027-02-14"),  # 30 days (16 in January + 14) before one month (15 Feb)
        ("2028-02-10", "2028-03-10"),  # one month (leap February, 29 days) before 30 days (11 Mar)
        ("2026-12-15", "2027-01-14"),  # across the year end: 30 days (16 + 14) before 15 Jan
        ("2028-01-30", "2028-02-29"),  # both land on the leap day (one month: 30 Feb -> 29th)
        ("2027-01-30", "2027-02-28"),  # one month (30 Feb -> 28th) before 30 days (1 Mar)
        ("2027-01-31", "2027-02-28"),  # one month (31 Feb -> 28th) before 30 days (2 Mar)
        ("2027-02-24", "2027-03-24"),  # one month before 30 days (26 Mar, Good Friday 2027)
        ("2027-02-26", "2027-03-26"),  # one month lands on Good Friday 2027: no holiday shift
        ("2028-03-18", "2028-04-17"),  # 30 days (13 + 17) land on Easter Monday 2028: no shift
        ("2027-04-15", "2027-05-15"),  # April has 30 days: one month and 30 days agree
        ("2028-02-29", "2028-03-29"),  # decided on the leap day: one month (0 + 29) before 30 Mar
        ("2024-02-01", "2024-03-01"),  # first day of the limit, leap 2024: one month before 2 Mar
    ],
)
def test_reconsideration_must_be_requested_within_30_days_or_a_month_whichever_is_sooner(decided, deadline):
    assert reconsideration_deadline(D(decided)) == D(deadline)


@pytest.mark.parametrize("decided", ["2024-01-31", "2023-06-01", "2019-03-04"])
def test_a_decision_from_before_the_time_limit_has_no_reconsideration_deadline(decided):
    assert reconsideration_deadline(D(decided)) is None


# Recovery period: N days *beginning with* the RG day, so its last day is RG + N - 1 (N = 30,
# or 45 for an RG before 13 Dec 2022); the earliest CG is the day after. Calendar days.
@pytest.mark.parametrize(
    ("rg", "last_day", "earliest"),
    [
        ("2028-02-01", "2028-03-01", "2028-03-02"),  # the example: 28 days to 29 Feb, then 1 Mar
        ("2028-01-31", "2028-02-29", "2028-03-01"),  # ends on the leap day
        ("2027-01-31", "2027-03-01", "2027-03-02"),  # 28-day February
        ("2027-01-30", "2027-02-28", "2027-03-01"),
        ("2027-03-26", "2027-04-24", "2027-04-25"),  # Good Friday 2027: holidays do not matter
        ("2028-04-17", "2028-05-16", "2028-05-17"),  # Easter Monday 2028
        ("2022-12-13", "2023-01-11", "2023-01-12"),  # first day of the 30 days
        ("2022-12-12", "2023-01-25", "2023-01-26"),  # before 13 Dec 2022: 45 days, RG + 44
    ],
)
def test_the_recovery_period_is_30_days_beginning_with_the_rg_day(rg, last_day, earliest):
    assert recovery_period_end(D(rg)) == D(last_day)
    assert earliest_cg(D(rg)) == D(earliest)


@pytest.mark.parametrize(
    ("deadline", "today", "closing"),
    [
        ("2027-02-14", "2027-02-06", False),  # 8 days away
        ("2027-02-14", "2027-02-07", True),  # 7 days away: the boundary day counts
        ("2027-02-14", "2027-02-14", True),  # the last day itself
        ("2027-02-14", "2027-02-15", False),  # passed: no longer "closing"
        ("2028-03-01", "2028-02-23", True),  # 7 days across the leap day (23 Feb -> 1 Mar)
    ],
)
def test_a_deadline_is_closing_soon_within_seven_days_inclusive(deadline, today, closing):
    assert CLOSING_SOON_DAYS == 7
    assert is_closing_soon(D(deadline), D(today)) is closing


@pytest.mark.parametrize("authority", ["SCA", "IECA", ""])
def test_home_office_deadlines_use_the_england_and_wales_calendar(authority):
    assert competent_authority_calendar(authority) == HOME_OFFICE_CALENDAR == Nation.ENGLAND


@pytest.mark.parametrize(
    ("anchor", "end"),
    [
        ("2026-03-31", "2027-03-31"),
        ("2028-02-29", "2029-02-28"),  # 29 February falls back to the 28th
        ("2027-02-28", "2028-02-28"),
        ("2026-12-31", "2027-12-31"),
    ],
)
def test_the_12_month_guarantee_ends_12_calendar_months_later(anchor, end):
    assert guarantee_end(D(anchor)) == D(end)


@pytest.mark.parametrize(
    ("kind", "start", "deadline"),
    [
        ("cica", "2025-06-10", "2027-06-10"),
        ("cica", "2024-02-29", "2026-02-28"),
        ("employment_tribunal", "2026-10-15", "2027-01-14"),
        # Three months beginning with the act: no 31 April or 30 February, so the month's last day.
        ("employment_tribunal", "2026-01-31", "2026-04-30"),
        ("employment_tribunal", "2027-11-30", "2028-02-29"),  # 2028 is a leap year
        ("civil", "2025-06-10", "2028-06-09"),  # three years beginning with the day
        ("civil", "2028-02-29", "2031-02-28"),
    ],
)
def test_claim_deadlines(kind, start, deadline):
    assert claim_deadline(kind, D(start)) == D(deadline)


def test_an_unknown_claim_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown claim kind"):
        claim_deadline("parking", D("2026-01-01"))


def test_devolved_support_and_move_on_clocks():
    # 90 days beginning with the RG day: 10 January is day 1, 9 April day 90 (22 + 28 + 31 + 9).
    assert scotland_support_end(D("2026-01-10")) == D("2026-04-09")
    # A positive CG on 20 January, within the 45 days from the RG (10 January day 1, 23 February
    # day 45: 22 + 23): support runs to the 45th day.
    assert northern_ireland_support_end(D("2026-01-10"), D("2026-01-20")) == D("2026-02-23")
    assert move_on_end(D("2026-01-10")) == D("2026-02-24")


@pytest.mark.parametrize(
    ("waited", "level"), [(0, 0), (89, 0), (90, 1), (180, 2), (364, 2), (365, 3), (600, 4)]
)
def test_cg_escalation_points(waited, level):
    rg = D("2025-01-01")
    assert cg_escalation_level(rg, rg + timedelta(days=waited)) == level


def test_add_months_is_one_function_for_clocks_and_claims():
    from casework import claim_deadlines, clocks

    assert clocks.add_months is claim_deadlines.add_months


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(D("2027-01-31"), 1) == D("2027-02-28")
    assert add_months(D("2028-01-31"), 1) == D("2028-02-29")
    assert add_months(D("2027-11-15"), 3) == D("2028-02-15")


starts = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 6, 30))
counts = st.integers(min_value=0, max_value=120)
nations = st.sampled_from(Nation.values)


@given(starts, st.integers(min_value=1, max_value=120), nations)
def test_the_result_is_always_a_working_day(start, days, nation):
    assert is_working_day(add_working_days(start, days, nation), nation)


@given(starts, counts, counts, nations)
def test_adding_more_days_never_gives_an_earlier_date(start, n, m, nation):
    low, high = sorted((n, m))
    assert add_working_days(start, low, nation) <= add_working_days(start, high, nation)


@given(starts, counts, counts, nations)
def test_adding_n_then_m_equals_adding_n_plus_m(start, n, m, nation):
    assert add_working_days(add_working_days(start, n, nation), m, nation) == add_working_days(
        start, n + m, nation
    )


@given(starts, counts, nations)
def test_working_days_between_inverts_add_working_days(start, n, nation):
    assert working_days_between(start, add_working_days(start, n, nation), nation) == n
