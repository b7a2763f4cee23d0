"""The support clocks of casework/clocks.py, dates worked out by hand from the rules in
docs/domain.md (Support and the twelve months; Devolved nations). Bank holidays used, England
and Wales: New Year's Day Friday 1 January 2027; Easter 2027 Good Friday 26 March and Easter
Monday 29 March; Easter 2028 Good Friday 14 April and Easter Monday 17 April. Scotland adds
Monday 4 January 2027 (substitute for Saturday 2 January), which the England and Wales clocks
below do not skip."""

from datetime import date

import pytest

from casework.clocks import (
    exit_period_end,
    move_on_end,
    northern_ireland_support_end,
    northern_ireland_support_floor,
    places_of_safety_end,
    scotland_support_end,
    support_gap_tolerance,
    twelve_months_last_day,
)

D = date.fromisoformat


# Scotland: the period "begins on" the RG day (s9(2)(a)), so the RG day is day 1 of the 90 and
# the last is RG + 89 (the earlier reading of "90 days from"; docs/domain.md, unverified).
@pytest.mark.parametrize(
    ("rg", "cg", "end", "why"),
    [
        ("2026-01-09", None, "2026-04-08", "23 days of January (9th-31st) + 28 + 31 + 8 = 90"),
        ("2027-11-30", None, "2028-02-27", "1 (30 Nov) + 31 + 31 + 27 = 90"),
        ("2027-12-02", None, "2028-02-29", "30 + 31 + 29: the leap day is the 90th"),
        ("2027-12-01", None, "2028-02-28", "31 + 31 + 28 = 90"),
        ("2027-03-26", None, "2027-06-23", "Good Friday RG: calendar days, 6 + 30 + 31 + 23"),
        ("2028-02-01", "2028-03-15", "2028-03-15", "the CG comes first and ends the duty"),
        ("2028-02-01", "2028-06-01", "2028-04-30", "the CG after the 90 days: 29 + 31 + 30"),
    ],
)
def test_scottish_adult_support_ends_at_90_days_from_the_rg_or_the_cg_if_sooner(rg, cg, end, why):
    assert scotland_support_end(D(rg), D(cg) if cg else None) == D(end), why


# Northern Ireland: "45 days ... from the date" of the RG (s18(4)), counted with the RG day as
# day 1, so the last is RG + 44 (the earlier reading; docs/domain.md, unverified).
@pytest.mark.parametrize(
    ("rg", "floor", "why"),
    [
        ("2026-01-10", "2026-02-23", "22 days of January (10th-31st) + 23"),
        ("2028-01-14", "2028-02-27", "18 + 27"),
        ("2028-01-16", "2028-02-29", "16 + 29: the leap day is the 45th"),
        ("2028-04-14", "2028-05-28", "Good Friday RG: calendar days, 17 + 28"),
        ("2027-12-31", "2028-02-13", "1 + 31 + 13, across the year end"),
    ],
)
def test_northern_irish_45_days_run_from_the_rg(rg, floor, why):
    assert northern_ireland_support_floor(D(rg)) == D(floor), why


@pytest.mark.parametrize(
    ("kwargs", "end", "why"),
    [
        ({"rg_positive": False}, "2026-01-10", "a negative RG ends s18 support that day"),
        ({}, None, "a positive RG and no CG yet: support runs until the CG"),
        ({"cg_date": D("2026-01-20")}, "2026-02-23", "a positive CG within the 45 days: to the 45th day"),
        ({"cg_date": D("2026-02-23")}, "2026-02-23", "a positive CG on the 45th day: that day"),
        ({"cg_date": D("2026-02-24")}, "2026-02-24", "a positive CG on day 46: to the CG"),
        ({"cg_date": D("2026-01-20"), "cg_positive": False}, "2026-01-20", "a negative CG ends it that day"),
        ({"cg_date": D("2026-06-01")}, "2026-06-01", "a positive CG after the 45 days: to the CG"),
    ],
)
def test_northern_irish_support_runs_from_the_referral_to_a_negative_rg_or_the_cg(kwargs, end, why):
    assert northern_ireland_support_end(D("2026-01-10"), **kwargs) == (D(end) if end else None), why


@pytest.mark.parametrize(
    ("received", "end", "why"),
    [
        ("2026-09-01", "2026-10-16", "29 days of September + 16"),
        ("2028-01-17", "2028-03-02", "14 + 29 (leap February) + 2"),
        ("2027-01-16", "2027-03-02", "15 + 28 + 2"),
        ("2027-03-26", "2027-05-10", "Good Friday: calendar days, 5 + 30 + 10"),
    ],
)
def test_move_on_runs_45_days_from_the_day_the_positive_cg_was_received(received, end, why):
    assert move_on_end(D(received)) == D(end), why


@pytest.mark.parametrize(
    ("decided", "end", "why"),
    [
        ("2027-03-25", "2027-04-09", "skips Good Friday 26 and Easter Monday 29 March 2027"),
        ("2028-04-13", "2028-04-28", "skips Good Friday 14 and Easter Monday 17 April 2028"),
        ("2028-02-21", "2028-03-03", "Tuesday 29 February 2028 is the 6th working day"),
        ("2026-12-31", "2027-01-14", "skips 1 January; Monday 4 January counts (a Scottish holiday only)"),
    ],
)
def test_the_exit_period_is_9_working_days_from_the_negative_decision(decided, end, why):
    assert exit_period_end(D(decided)) == D(end), why


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [
        ("2027-03-24", "2027-03-30", "Wed 24 and Thu 25, then Tue 30 after Easter"),
        ("2027-03-27", "2027-04-01", "a Saturday start: Tue 30, Wed 31, Thu 1 April"),
        ("2028-04-13", "2028-04-19", "Thu 13, then Tue 18 and Wed 19 after Easter"),
        ("2028-02-28", "2028-03-01", "Mon 28, Tue 29 February, Wed 1 March"),
    ],
)
def test_places_of_safety_gives_up_to_3_working_days_counting_the_first(start, end, why):
    assert places_of_safety_end(D(start)) == D(end), why


@pytest.mark.parametrize(
    ("anchor", "last_day", "why"),
    [
        ("2026-03-01", "2027-02-28", "the day before 1 March 2027"),
        ("2028-03-01", "2029-02-28", "the day before 1 March 2029"),
        ("2028-02-29", "2029-02-28", "2029 has no 29 February: 28 February"),
        ("2028-02-28", "2029-02-27", "the day before 28 February 2029"),
        ("2027-01-31", "2028-01-30", "the day before 31 January 2028"),
        ("2026-12-31", "2027-12-30", "the day before 31 December 2027"),
    ],
)
def test_the_last_day_of_12_months_beginning_with_the_anchor(anchor, last_day, why):
    assert twelve_months_last_day(D(anchor)) == D(last_day), why


def test_the_gap_tolerance_is_a_dated_policy_value():
    assert support_gap_tolerance(D("2026-01-01")) == 3
