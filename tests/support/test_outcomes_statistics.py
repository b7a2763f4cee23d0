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

from oversight import statistics
from support.rules.outcomes import chosen_period, periods
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


def test_a_manager_sees_the_team_s_figures_for_the_period_with_small_numbers_hidden(people, login):
    start = TODAY() - timedelta(days=100)
    for _ in range(7):
        _improve(people, CaseFactory(team=people.north, created_by=people.alex), "housing", 2, 4, start)
    _improve(people, CaseFactory(team=people.north, created_by=people.alex), "housing", 4, 2, start)
    # Another team's survivors are not counted.
    for _ in range(5):
        _improve(people, CaseFactory(team=people.south, created_by=people.casey), "housing", 2, 4, start)
    page = login(people.morgan).get(reverse("statistics"), {"period": "last_6"}).content.decode()
    section = page[page.index('id="recovery"') :]
    housing = section[section.index("Secure and suitable housing") :].split("</tr>", 1)[0]
    improved = housing.split('app-table-numeric">')[1]
    assert improved.strip().startswith("5")
    assert "fewer than 5" in housing
    assert re.search(r'value="last_6"\s+selected', section)


def test_a_period_not_offered_is_the_last_12_months():
    today = date(2026, 11, 30)
    assert chosen_period("'; drop table", today) == chosen_period(None, today)
    period = chosen_period(None, today)
    assert (period.start, period.end) == (date(2025, 12, 1), today)
    assert [p.label for p in periods(today)][3:] == [
        "April 2026 to March 2027",
        "April 2025 to March 2026",
        "April 2024 to March 2025",
    ]
    assert chosen_period("last_3", date(2026, 5, 31)).start == date(2026, 3, 1)
