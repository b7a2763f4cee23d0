"""The managers' recovery figures on Statistics (issue 19 items 4 and 6): for a chosen period, per
outcome how many survivors improved, stayed the same or got worse, and entitlements by stage,
published by the page's own method: no count from 1 to 4 shown, and none recoverable from a row's
total (tests/oversight/test_statistics_disclosure.py's attacker tries)."""

import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from casework.models import Case
from oversight import statistics
from support.rules.outcomes import chosen_period, periods
from support.selectors.outcomes import outcome_changes
from support.services import outcomes
from tests.factories import CaseFactory
from tests.oversight.test_statistics_disclosure import recovered

TODAY = timezone.localdate


def test_a_small_count_is_shown_as_fewer_than_5_and_its_row_total_cannot_give_it_away():
    """Improved 9, same 8, worse 1: shown exactly, the total (18) would tell the hidden 1."""
    (row,) = statistics.published_rows([("Housing", [9, 8, 1])])
    assert row["cells"][2] == statistics.SMALL
    *cells, total = row["cells"]
    assert recovered([(cells, total)]) == []


def test_two_small_counts_hide_their_total_too():
    (row,) = statistics.published_rows([("Housing", [4, 4, 0])])
    assert row["cells"] == [statistics.SMALL, statistics.SMALL, 0, statistics.HIDDEN]


@given(st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=4), min_size=1, max_size=8))
def test_no_hidden_count_can_be_worked_out_from_any_row(rows):
    published = statistics.published_rows([(str(i), counts) for i, counts in enumerate(rows)])
    for row, counts in zip(published, rows, strict=True):
        *cells, total = row["cells"]
        assert all(
            cell == statistics.SMALL or cell == statistics.HIDDEN or cell == 0 or cell >= 5 for cell in cells
        )
        assert recovered([(cells, total)]) == [], (counts, row["cells"])


def _improve(people, case, outcome, first, last, start):
    for day, score in ((start, first), (start + timedelta(days=30), last)):
        outcomes.ratings_record(
            actor=people.alex, case=case, rated_on=day, occasion="plan_review", ratings=[(outcome, score, "")]
        )


def _case(people, team, by):
    return CaseFactory(team=team, created_by=by, opened_on=date(2020, 1, 1))


def test_a_manager_sees_the_team_s_figures_for_the_period_with_small_numbers_hidden(people, login):
    quarter = periods(TODAY())[0]
    start = quarter.start + timedelta(days=10)
    for _ in range(7):
        _improve(people, _case(people, people.north, people.alex), "housing", 2, 4, start)
    _improve(people, _case(people, people.north, people.alex), "housing", 4, 2, start)
    # Another team's survivors are not counted.
    for _ in range(5):
        _improve(people, _case(people, people.south, people.casey), "housing", 2, 4, start)
    page = login(people.morgan).get(reverse("statistics"), {"period": quarter.code}).content.decode()
    section = page[page.index('id="recovery"') :]
    housing = section[section.index("Secure and suitable housing") :].split("</tr>", 1)[0]
    improved = housing.split('app-table-numeric">')[1]
    assert improved.strip().startswith("5")
    assert "fewer than 5" in housing
    assert re.search(rf'value="{quarter.code}"\s+selected', section)


def test_only_finished_quarters_and_financial_years_are_offered():
    today = date(2026, 11, 30)
    assert [p.label for p in periods(today)] == [
        "July to September 2026",
        "April to June 2026",
        "January to March 2026",
        "October to December 2025",
        "April 2025 to March 2026",
        "April 2024 to March 2025",
        "April 2023 to March 2024",
    ]
    assert [p.label for p in periods(date(2026, 4, 1))][0::4] == [
        "January to March 2026",
        "April 2025 to March 2026",
    ]
    assert [p.label for p in periods(date(2026, 3, 31))][0::4] == [
        "October to December 2025",
        "April 2024 to March 2025",
    ]


def test_a_period_not_offered_is_the_latest_finished_financial_year():
    today = date(2026, 11, 30)
    assert chosen_period("'; drop table", today) == chosen_period(None, today)
    assert chosen_period("last_3", today) == chosen_period(None, today)
    period = chosen_period(None, today)
    assert (period.start, period.end) == (date(2025, 4, 1), date(2026, 3, 31))


def test_an_attacker_comparing_the_periods_offered_on_any_days_learns_nothing_by_subtraction():
    """Every period offered on any day of three years: each has ended before the day it is
    offered, is the same whenever it is offered (its figures cannot change from day to day),
    and any two are the same, do not overlap, or are a quarter inside its financial year (whose
    figures are published themselves). No two differ by a few days, as sliding windows did."""
    seen: dict[str, tuple[date, date]] = {}
    day = date(2024, 1, 1)
    while day <= date(2026, 12, 31):
        for period in periods(day):
            assert period.end < day
            assert seen.setdefault(period.code, (period.start, period.end)) == (period.start, period.end)
        day += timedelta(days=1)
    spans = sorted(set(seen.values()))
    for a_start, a_end in spans:
        for b_start, b_end in spans:
            if (a_start, a_end) == (b_start, b_end) or a_end < b_start or b_end < a_start:
                continue
            quarter, year = sorted([(a_start, a_end), (b_start, b_end)], key=lambda span: span[1] - span[0])
            assert (year[0].month, year[0].day, (year[1] - year[0]).days) in ((4, 1, 364), (4, 1, 365))
            assert quarter[0].day == 1 and quarter[0].month in (1, 4, 7, 10)
            assert year[0] <= quarter[0] and quarter[1] <= year[1]


def test_the_baseline_is_the_latest_rating_before_the_period_against_the_latest_in_it(people):
    period = chosen_period("q_2026_4", date(2026, 11, 30))  # April to June 2026
    case = _case(people, people.north, people.alex)
    for day, score in ((date(2025, 1, 5), 1), (date(2026, 3, 1), 2), (date(2026, 5, 1), 4)):
        outcomes.ratings_record(
            actor=people.alex,
            case=case,
            rated_on=day,
            occasion="plan_review",
            ratings=[("housing", score, "")],
        )
    only_in = _case(people, people.north, people.alex)
    _improve(people, only_in, "safety", 3, 1, date(2026, 4, 10))  # both in the period: first against last
    once = _case(people, people.north, people.alex)
    outcomes.ratings_record(
        actor=people.alex,
        case=once,
        rated_on=date(2026, 5, 1),
        occasion="intake",
        ratings=[("medical", 3, "")],
    )
    counts = outcome_changes(Case.objects.all(), period.start, period.end)
    assert counts["housing"] == {"improved": 1, "same": 0, "worse": 0}  # 2 on 1 March, 4 in May
    assert counts["safety"] == {"improved": 0, "same": 0, "worse": 1}
    assert sum(counts["medical"].values()) == 0  # one rating alone: nothing to compare


def test_the_entitlements_table_s_last_column_is_not_called_a_total_of_survivors(people):
    table = statistics.entitlement_figures([people.north.pk], people.morgan, chosen_period(None, TODAY()))
    assert "Total" not in table["columns"]
    assert table["columns"][-1] == "Cells added up"
    assert "not a number of survivors" in table["note"]
