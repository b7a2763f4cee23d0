"""Claim time limits (casework/claim_deadlines.py) against dates worked out by hand from the
law. Calendar days throughout: bank holidays (Easter 2027: Good Friday 26 March, Easter Monday
29 March; Easter 2028: 14 and 17 April) do not move a claim deadline in any of the four
nations, so rows that land on them stay put. Each row says the rule used."""

from datetime import date

import pytest

from casework import claim_deadlines
from casework.clocks import CLAIM_KINDS, claim_deadline
from casework.vocabularies import Nation

D = date.fromisoformat


@pytest.mark.parametrize(
    ("act", "deadline", "why"),
    [
        # Three months beginning with the act (ERA 1996 s23(2)): the day before the
        # corresponding date three months on, or that month's last day when it has none.
        ("2025-08-31", "2025-11-30", "no 31 November: the month's last day"),
        ("2025-11-29", "2026-02-28", "no 29 February 2026: the month's last day"),
        ("2023-11-30", "2024-02-29", "no 30 February 2024: 29th, a leap year"),
        ("2026-01-31", "2026-04-30", "no 31 April: the month's last day"),
        ("2026-10-15", "2027-01-14", "corresponding date 15 January, less one day"),
        ("2026-03-01", "2026-05-31", "corresponding date 1 June, less one day"),
        ("2027-11-29", "2028-02-28", "corresponding date 29 February 2028 exists: the day before"),
        ("2027-11-30", "2028-02-29", "no 30 February 2028: its last day, the 29th"),
        ("2026-12-27", "2027-03-26", "corresponding 27 March less one: Good Friday 2027, still the day"),
        ("2027-01-18", "2027-04-17", "corresponding 18 April less one day"),
        ("2028-01-15", "2028-04-14", "corresponding 15 April less one: Good Friday 2028, still the day"),
    ],
)
def test_employment_tribunal_limit_is_three_months_beginning_with_the_act(act, deadline, why):
    assert claim_deadline("employment_tribunal", D(act)) == D(deadline), why


@pytest.mark.parametrize(
    ("act", "day_a", "day_b", "deadline", "why"),
    [
        # ERA 1996 s207B: (3) days after Day A up to Day B do not count; then (4) a limit
        # expiring between Day A and one month after Day B expires at the end of that month.
        (
            "2026-03-10",
            "2026-06-01",
            "2026-07-13",
            "2026-08-13",
            "limit 9 Jun + 42 days = 21 Jul, inside 1 Jun..13 Aug, so 13 Aug",
        ),
        (
            "2026-01-05",
            "2026-01-20",
            "2026-02-03",
            "2026-04-18",
            "limit 4 Apr + 14 days = 18 Apr, later than 3 Mar (a month after Day B): 18 Apr",
        ),
        (
            "2027-10-31",
            "2028-01-25",
            "2028-01-31",
            "2028-02-29",
            "limit 30 Jan 2028 + 6 = 5 Feb, inside 25 Jan..29 Feb (no 31 Feb): 29 Feb",
        ),
        (
            "2026-12-20",
            "2027-03-01",
            "2027-03-01",
            "2027-04-01",
            "same-day certificate: 19 Mar + 0, inside 1 Mar..1 Apr, so 1 Apr (Easter 2027 irrelevant)",
        ),
        (
            "2026-01-05",
            "2026-04-10",
            "2026-05-01",
            "2026-04-04",
            "conciliation begun after the limit (4 Apr) had expired extends nothing",
        ),
    ],
)
def test_acas_early_conciliation_extends_the_tribunal_limit(act, day_a, day_b, deadline, why):
    got = claim_deadline("employment_tribunal", D(act), acas_day_a=D(day_a), acas_day_b=D(day_b))
    assert got == D(deadline), why


def test_acas_needs_both_day_a_and_day_b():
    assert claim_deadline("employment_tribunal", D("2026-03-10"), acas_day_a=D("2026-06-01")) == D(
        "2026-06-09"
    )


@pytest.mark.parametrize(
    ("act", "six_months_from", "deadline", "why"),
    [
        ("2026-09-30", None, "2026-12-29", "not switched on: three months"),
        ("2026-09-30", "2026-10-01", "2026-12-29", "act before the six-month row: three months"),
        ("2026-10-01", "2026-10-01", "2027-03-31", "act on the row's date: six months, 1 Apr less one"),
        ("2027-08-31", "2026-10-01", "2028-02-29", "six months: no 31 February 2028, its last day"),
    ],
)
def test_the_six_month_tribunal_limit_is_a_dated_row(act, six_months_from, deadline, why):
    start = D(six_months_from) if six_months_from else None
    assert claim_deadlines.employment_tribunal_deadline(D(act), six_months_from=start) == D(deadline), why


def test_the_six_month_limit_is_passed_in_and_no_setting_is_read(settings):
    # Pure: the caller passes the start of the six-month row; a setting alone changes nothing.
    settings.EMPLOYMENT_TRIBUNAL_SIX_MONTHS_FROM = D("2026-10-01")
    assert claim_deadline("employment_tribunal", D("2026-10-01")) == D("2026-12-31")
    got = claim_deadline("employment_tribunal", D("2026-10-01"), six_months_from=D("2026-10-01"))
    assert got == D("2027-03-31")  # six months beginning with 1 Oct: 1 Apr 2027 less one day


@pytest.mark.parametrize(
    ("incident", "born", "reported", "deadline", "why"),
    [
        # CICA 2012 scheme paragraph 87: an adult, two years after the incident.
        ("2025-06-10", None, None, "2027-06-10", "adult: two years"),
        ("2026-02-28", None, None, "2028-02-28", "adult: two years (2028 a leap year, no effect)"),
        ("2028-02-29", None, None, "2030-02-28", "adult: no 29 Feb 2030, the 28th (safer)"),
        ("2025-03-26", "1990-01-01", None, "2027-03-26", "adult with date of birth: Good Friday 2027"),
        # Paragraph 88: a child at the incident.
        ("2020-05-01", "2006-09-15", "2021-01-10", "2026-09-14", "reported at 14: before 20th birthday"),
        ("2020-05-01", "2006-09-15", "2025-03-01", "2027-03-01", "reported at 18: two years from report"),
        ("2020-05-01", "2006-09-15", "2024-09-15", "2026-09-15", "reported on 18th birthday: two years"),
        ("2020-05-01", "2006-09-15", "2024-09-14", "2026-09-14", "reported the day before 18th: before 20th"),
        ("2020-05-01", "2006-09-15", None, "2026-09-14", "not reported yet: the earlier date"),
        (
            "2022-01-10",
            "2008-02-29",
            "2023-06-01",
            "2028-02-28",
            "born 29 Feb 2008: 20th on 29 Feb 2028",
        ),
        ("2022-01-10", "2008-02-29", "2026-02-28", "2028-02-28", "18th taken as 28 Feb 2026: 2 years"),
        ("2022-01-10", "2007-02-28", "2023-06-01", "2027-02-27", "20th birthday 28 Feb 2027"),
        ("2015-01-10", "2004-02-29", "2016-06-01", "2024-02-28", "20th 29 Feb 2024"),
        ("2021-01-10", "2003-02-28", "2026-04-14", "2028-04-14", "reported at 23 on Good Friday 2028"),
        (
            "2024-09-14",
            "2006-09-15",
            "2027-03-29",
            "2029-03-29",
            "a child by a day; reported Easter Mon 2027",
        ),
        ("2024-09-15", "2006-09-15", "2027-03-29", "2026-09-15", "18 on the day: an adult, two years"),
    ],
)
def test_cica_deadlines_for_adults_and_children(incident, born, reported, deadline, why):
    got = claim_deadline(
        "cica",
        D(incident),
        date_of_birth=D(born) if born else None,
        reported_on=D(reported) if reported else None,
    )
    assert got == D(deadline), why


@pytest.mark.parametrize(
    ("incident", "born", "nation", "deadline", "why"),
    [
        # Limitation Act 1980 s11: three years; s28: a child's time runs from their 18th birthday.
        # Adult and child alike: three years beginning with the day time starts (the safer
        # reading), so the day before the anniversary; calendar days, holidays do not move it.
        ("2025-06-10", None, None, "2028-06-09", "adult: the day before the anniversary"),
        ("2024-01-01", None, None, "2026-12-31", "adult: 1 January 2024 -> 31 December 2026"),
        ("2024-03-30", None, None, "2027-03-29", "Easter Monday 2027 is still the day"),
        ("2025-04-15", None, None, "2028-04-14", "Good Friday 2028 is still the day"),
        ("2025-03-01", None, None, "2028-02-29", "leap year 2028: 29 February"),
        ("2020-01-01", "2008-06-15", Nation.ENGLAND, "2029-06-14", "child: 18 on 15 Jun 2026, as adults"),
        ("2028-02-29", None, None, "2031-02-28", "no 29 Feb 2031: the 28th"),
        ("2020-05-01", "2006-09-15", Nation.ENGLAND, "2027-09-14", "child: 3 years from 18th, 15 Sep 2024"),
        ("2020-05-01", "2006-09-15", Nation.WALES, "2027-09-14", "Wales: as England"),
        ("2020-05-01", "2006-09-15", Nation.NORTHERN_IRELAND, "2027-09-14", "NI: 18, as England"),
        # Scotland: abuse suffered as a child (under 18) has no time limit (1973 Act s17A).
        ("2020-05-01", "2006-09-15", Nation.SCOTLAND, None, "Scotland: a child of 13, no time limit"),
        ("2023-05-01", "2006-09-15", Nation.SCOTLAND, None, "Scotland: 16, still a child for s17A"),
        ("2024-09-14", "2006-09-15", Nation.SCOTLAND, None, "Scotland: the day before the 18th"),
        ("2024-09-15", "2006-09-15", Nation.SCOTLAND, "2027-09-14", "Scotland: 18 that day, 3 years"),
        ("2025-03-29", "1990-01-01", Nation.SCOTLAND, "2028-03-28", "Scotland: an adult, three years"),
        ("2028-02-29", "1990-01-01", Nation.SCOTLAND, "2031-02-28", "Scotland adult: no 29 Feb 2031"),
        ("2023-05-01", "1990-01-01", Nation.ENGLAND, "2026-04-30", "adult with date of birth"),
        ("2024-01-01", "2008-02-29", Nation.ENGLAND, "2029-02-27", "18 on 28 Feb"),
    ],
)
def test_civil_claims_run_from_coming_of_age_for_a_child(incident, born, nation, deadline, why):
    got = claim_deadline("civil", D(incident), date_of_birth=D(born) if born else None, nation=nation)
    assert got == (D(deadline) if deadline else None), why


@pytest.mark.parametrize(
    ("kind", "nation", "age"),
    [
        ("cica", Nation.ENGLAND, 18),  # CICA 2012 scheme paragraph 88
        ("cica", Nation.SCOTLAND, 18),  # the same scheme in Scotland
        ("civil", Nation.ENGLAND, 18),  # Limitation Act 1980 s28
        ("civil", Nation.WALES, 18),
        ("civil", Nation.NORTHERN_IRELAND, 18),  # Limitation (NI) Order 1989, taken as the same
        ("civil", Nation.SCOTLAND, 18),  # 1973 Act s17A: abuse while under 18
        ("employment_tribunal", None, 18),
    ],
)
def test_one_age_of_majority_for_every_claim_rule(kind, nation, age):
    assert claim_deadlines.age_of_majority(kind, nation) == age


def test_one_lookup_finds_the_dated_row_in_force():
    rows = (
        claim_deadlines.LimitRule("x", D("2013-06-05"), 3, "first"),
        claim_deadlines.LimitRule("x", D("2026-10-01"), 6, "second"),
    )
    assert claim_deadlines.latest_in_force(rows, D("2013-06-04")) is None
    assert claim_deadlines.latest_in_force(rows, D("2013-06-05")) == rows[0]
    assert claim_deadlines.latest_in_force(rows, D("2026-09-30")) == rows[0]
    assert claim_deadlines.latest_in_force(rows, D("2026-10-01")) == rows[1]


def test_every_claim_kind_has_a_deadline_and_others_are_refused():
    for kind in CLAIM_KINDS:
        assert claim_deadline(kind, D("2026-01-01")) > D("2026-01-01")
    with pytest.raises(ValueError, match="Unknown claim kind"):
        claim_deadline("parking", D("2026-01-01"))
