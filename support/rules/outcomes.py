"""Pure rules of the outcome ratings (docs/domain.md, Outcomes): the geometry of each outcome's
chart over time, whether a survivor's rating went up, stayed or went down over a period (from the
latest rating on or before the period's start, else the first in it, to the latest in it), and the
periods a manager chooses from (finished quarters and financial years only)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from support.models.outcomes import HIGHEST_SCORE, LOWEST_SCORE

# The chart's drawing area (an inline SVG with presentation attributes only, as the project's
# other charts: our CSP allows no inline style). x runs over the dates, y over the scores.
CHART_WIDTH, CHART_HEIGHT = 400, 160
PLOT_LEFT, PLOT_RIGHT = 40, 390
PLOT_TOP, PLOT_BOTTOM = 12, 132
DATE_LABEL_Y = 152

IMPROVED, SAME, WORSE = "improved", "same", "worse"
CHANGES = [(IMPROVED, "Improved"), (SAME, "Stayed the same"), (WORSE, "Got worse")]


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    rated_on: date
    score: int


def score_y(score: int) -> float:
    span = HIGHEST_SCORE - LOWEST_SCORE
    return round(PLOT_BOTTOM - (score - LOWEST_SCORE) * (PLOT_BOTTOM - PLOT_TOP) / span, 1)


SAME_DAY_STEP = 14  # how far apart two ratings of one outcome on one day are drawn


def chart_points(ratings: list[tuple[date, int]]) -> list[ChartPoint]:
    """Each (rated_on, score), oldest first and in the order recorded, placed by its date between
    the first and the last (one day alone sits in the middle). Ratings of the same day are drawn
    side by side, in the order recorded, so none hides another."""
    if not ratings:
        return []
    first, last = ratings[0][0], ratings[-1][0]
    days = (last - first).days
    same_day = Counter(rated_on for rated_on, _score in ratings)
    seen: Counter = Counter()
    points = []
    for rated_on, score in ratings:
        share = (rated_on - first).days / days if days else 0.5
        x = PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT)
        x += (seen[rated_on] - (same_day[rated_on] - 1) / 2) * SAME_DAY_STEP
        seen[rated_on] += 1
        x = round(min(max(x, PLOT_LEFT), PLOT_RIGHT), 1)
        points.append(ChartPoint(x=x, y=score_y(score), rated_on=rated_on, score=score))
    return points


def polyline(points: list[ChartPoint]) -> str:
    return " ".join(f"{point.x},{point.y}" for point in points)


def grid() -> list[tuple[int, float, float]]:
    """The horizontal lines of the chart: (score, the line's y, its label's y) for each score."""
    return [(score, score_y(score), score_y(score) + 5) for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1)]


def change(first: int, last: int) -> str:
    if last > first:
        return IMPROVED
    if last < first:
        return WORSE
    return SAME


def change_in_period(ratings: list[tuple[date, int]], start: date) -> str | None:
    """`ratings`: one survivor's (rated_on, score) of one outcome up to the period's end, oldest
    first. From the latest on or before `start` (else the first after it) to the latest; None
    when nothing was rated in the period or there is only one rating to go on."""
    before = [score for rated_on, score in ratings if rated_on <= start]
    if not ratings or ratings[-1][0] < start:
        return None
    baseline_index = len(before) - 1 if before else 0
    if baseline_index == len(ratings) - 1:
        return None
    return change(ratings[baseline_index][1], ratings[-1][1])


@dataclass(frozen=True)
class Period:
    code: str
    label: str
    start: date
    end: date


QUARTERS_OFFERED = 4
YEARS_OFFERED = 3
QUARTER_NAMES = {1: "January to March", 4: "April to June", 7: "July to September", 10: "October to December"}


def periods(today: date) -> list[Period]:
    """What a manager chooses from: the last four finished quarters and the last three finished
    financial years (April to March, as funders report), latest first. Only fixed, finished
    periods: one that slid with the day (the last 3 months to today) or was still going on would
    change from one day to the next, and the difference between two days' figures could show one
    survivor. A finished period's figures stay the same whenever they are asked for."""
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    quarters = []
    for _ in range(QUARTERS_OFFERED):
        end = quarter_start - timedelta(days=1)
        quarter_start = date(end.year, end.month - 2, 1)
        quarters.append(
            Period(
                f"q_{quarter_start.year}_{quarter_start.month}",
                f"{QUARTER_NAMES[quarter_start.month]} {quarter_start.year}",
                quarter_start,
                end,
            )
        )
    # The latest financial year that has ended: April to March, ending before today.
    last_end_year = today.year if today > date(today.year, 3, 31) else today.year - 1
    years = [
        Period(f"fy_{year - 1}", f"April {year - 1} to March {year}", date(year - 1, 4, 1), date(year, 3, 31))
        for year in range(last_end_year, last_end_year - YEARS_OFFERED, -1)
    ]
    return quarters + years


def chosen_period(code: str | None, today: date) -> Period:
    """The period with this code; anything else (absent, junk, one no longer offered) is the
    latest finished financial year."""
    options = periods(today)
    return next((period for period in options if period.code == code), options[QUARTERS_OFFERED])
