"""Pure rules of the outcome ratings (docs/domain.md, Outcomes): the geometry of each outcome's
chart over time, whether a survivor's rating went up, stayed or went down over a period, and the
periods a manager chooses from."""

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


def chart_points(ratings: list[tuple[date, int]]) -> list[ChartPoint]:
    """Each (rated_on, score), oldest first, placed by its date between the first and the last
    (one rating alone sits in the middle)."""
    if not ratings:
        return []
    first, last = ratings[0][0], ratings[-1][0]
    days = (last - first).days
    points = []
    for rated_on, score in ratings:
        share = (rated_on - first).days / days if days else 0.5
        x = round(PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT), 1)
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


@dataclass(frozen=True)
class Period:
    code: str
    label: str
    start: date
    end: date


def periods(today: date) -> list[Period]:
    """What a manager chooses from: the last 3, 6 and 12 months to today, and the last three
    financial years (April to March, as funders report)."""
    choices = [
        Period(
            f"last_{months}",
            f"The last {months} months",
            _months_before(today, months) + timedelta(days=1),
            today,
        )
        for months in (3, 6, 12)
    ]
    latest_start_year = today.year if today >= date(today.year, 4, 1) else today.year - 1
    for year in range(latest_start_year, latest_start_year - 3, -1):
        choices.append(
            Period(f"fy_{year}", f"April {year} to March {year + 1}", date(year, 4, 1), date(year + 1, 3, 31))
        )
    return choices


def chosen_period(code: str | None, today: date) -> Period:
    """The period with this code; anything else (absent, junk) is the last 12 months."""
    options = periods(today)
    return next((period for period in options if period.code == code), options[2])


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")
