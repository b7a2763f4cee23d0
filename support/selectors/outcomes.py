"""Reading the outcome ratings: each outcome's chart and table for the case (a panel, one
query), the subject access export, the timeline, and how many survivors' ratings went up, stayed
or went down over a period (for the team figures, oversight/statistics.py)."""

from datetime import date
from itertools import groupby

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from support.models import OutcomeRating
from support.rules import outcomes as rules
from support.vocabularies import CoreOutcome, RatingOccasion

OUTCOMES = "outcomes"
RANK_RATINGS = 90  # on a day with no time, after the NRM and support records


def outcome_ratings_panel_context(request, case) -> dict:
    """Each outcome rated, in the order of the Core Outcome Set, with its chart and its rows."""
    ratings = list(OutcomeRating.objects.filter(case=case).order_by("outcome", "rated_on", "id"))
    by_outcome = {code: list(rows) for code, rows in groupby(ratings, key=lambda r: r.outcome)}
    charts = []
    for code, label in CoreOutcome.choices:
        rows = by_outcome.get(code)
        if not rows:
            continue
        points = rules.chart_points([(r.rated_on, r.score) for r in rows])
        first, last = rows[0], rows[-1]
        charts.append(
            {
                "code": code,
                "label": label,
                "ratings": rows,
                "said": [r for r in rows if r.words],
                "points": points,
                "polyline": rules.polyline(points),
                "first": first,
                "last": last,
                # One date label under the chart when every rating is of one day, else the first and last.
                "one_day": first.rated_on == last.rated_on,
                "summary": _summary(label, rows),
            }
        )
    return {
        "charts": charts,
        "grid": rules.grid(),
        "chart": {
            "width": rules.CHART_WIDTH,
            "height": rules.CHART_HEIGHT,
            "left": rules.PLOT_LEFT,
            "label_x": rules.PLOT_LEFT - 10,
            "right": rules.PLOT_RIGHT,
            "label_y": rules.DATE_LABEL_Y,
        },
    }


def _summary(label: str, rows: list[OutcomeRating]) -> str:
    """The chart's description for a screen reader: the ratings in order, in words."""
    said = ", ".join(
        f"{r.score} on {r.rated_on:%-d %B %Y} ({r.get_occasion_display().lower()})" for r in rows
    )
    return f"{label}, rated from 1 (very bad) to 5 (very good): {said}."


def outcomes_export_section(case) -> list[dict]:
    return [
        {
            "record": "Outcome rating",
            "rated_on": r.rated_on,
            "occasion": r.get_occasion_display(),
            "outcome": r.get_outcome_display(),
            "score": r.score,
            "words": r.words,
        }
        for r in OutcomeRating.objects.filter(case=case).order_by("rated_on", "id")
    ]


def outcome_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """One event for each day and occasion the survivor rated outcomes (one query)."""
    rows = (
        OutcomeRating.objects.filter(case=case)
        .order_by("rated_on", "occasion", "id")
        .values("pk", "rated_on", "occasion", "outcome", "score")
    )
    events = []
    for (rated_on, occasion), group in groupby(rows, key=lambda r: (r["rated_on"], r["occasion"])):
        group = list(group)
        occasion_words = RatingOccasion(occasion).label.lower()
        events.append(
            TimelineEvent(
                on=rated_on,
                kind=OUTCOMES,
                title=f"Outcomes rated {occasion_words}",
                details=tuple(f"{CoreOutcome(r['outcome']).label}: {r['score']} out of 5" for r in group),
                rank=RANK_RATINGS,
                key=group[0]["pk"],
            )
        )
    return events


TIMELINE = TimelineSource(kinds=[(OUTCOMES, "Outcome ratings")], events=outcome_events)


def outcome_changes(cases, start: date, end: date) -> dict[str, dict[str, int]]:
    """For each outcome, how many of these cases' survivors rated it in the period and, from
    their baseline to their latest rating in the period, improved, stayed or got worse. The
    baseline is their latest rating on or before the period's start (where they were when it
    began), else their first rating in the period; a survivor with only one rating to go on
    is not counted (docs/domain.md, Outcomes)."""
    rows = (
        OutcomeRating.objects.filter(case__in=cases, rated_on__lte=end)
        .order_by("case_id", "outcome", "rated_on", "id")
        .values_list("case_id", "outcome", "rated_on", "score")
    )
    counts = {code: {change: 0 for change, _label in rules.CHANGES} for code in CoreOutcome.values}
    for (_case, outcome), group in groupby(rows, key=lambda row: (row[0], row[1])):
        dated = [(rated_on, score) for _case, _outcome, rated_on, score in group]
        change = rules.change_in_period(dated, start)
        if change is not None and outcome in counts:
            counts[outcome][change] += 1
    return counts
