"""Team statistics in the Home Office NRM statistics categories, by year, published so that
nobody can be identified and no hidden number can be worked out (docs/domain.md, Statistics).

1. Every count from 1 to 4 is shown as "<5"; every other count, totals included, is rounded
   to the nearest 5 on its own (0 stays 0: it identifies nobody). Suppressing small cells
   while showing exact totals gives them away (9, 8, 0, "<5", total 18: the hidden cell is
   1), and so does rounding only the totals (11, "<5", total 10: it is 1).
2. Rounding alone still leaves edge cases: "<5", "<5", total 10 can only be 4 and 4 (the
   true total is at least 8 and the cells at most 4 each). So every year's rows are checked
   the way an attacker would: the rows of tables that count the same people together (the
   family of referrals by age, by gender and by nationality, each of which counts every
   referral once, and any rows whose true totals are equal), each shown figure standing for
   the range of counts it could come from. Where a "<5" could then have one value only, that
   year's totals are hidden as "[c]", and if that is not enough, the whole year's rows of
   those tables (secondary suppression of the year).

tests/oversight/test_statistics_disclosure.py attacks random tables to show no hidden cell can
be recovered. docs/architecture.md (Performance) says why this rather than cell-by-cell suppression."""

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django_countries import countries

from casework.models import Case, CaseExploitation
from casework.vocabularies import ExploitationType, Gender
from support.models import Decision, Referral
from support.rules.outcomes import CHANGES
from support.selectors.entitlements_received import entitlements_by_stage, stage_columns
from support.selectors.outcomes import outcome_changes
from support.vocabularies import (
    CoreOutcome,
    DecisionKind,
    EntitlementKind,
    ExploitationAge,
    Outcome,
    ReferralKind,
)

SUPPRESS_BELOW = 5
ROUND_TO = 5
SMALL = "<5"
HIDDEN = "[c]"  # the ONS mark for a figure withheld to protect others
TOP_NATIONALITIES = 8
UNBOUNDED = 10**9

# Stated under every table, so a reader knows what the figures are.
METHOD = (
    'Numbers from 1 to 4 are shown as "<5". Every other number, totals included, is rounded to '
    'the nearest 5, so a total may differ from the sum of its row. "[c]" marks a figure withheld '
    "because it would let a hidden number be worked out."
)


def publish(count: int) -> int | str:
    """How one true count is shown: 0 as 0, 1 to 4 as "<5", anything else to the nearest 5
    (n/5 is never exactly half-way, so round() has no ties to break)."""
    if count == 0:
        return 0
    if count < SUPPRESS_BELOW:
        return SMALL
    return ROUND_TO * round(count / ROUND_TO)


def _range(shown) -> tuple[int, int]:
    """Every true count that could be shown this way, as (lowest, highest)."""
    if shown == HIDDEN:
        return 0, UNBOUNDED
    if shown == SMALL:
        return 1, SUPPRESS_BELOW - 1
    if shown == 0:
        return 0, 0
    return max(SUPPRESS_BELOW, shown - ROUND_TO // 2), shown + ROUND_TO // 2


def _sum_range(cells) -> tuple[int, int]:
    ranges = [_range(cell) for cell in cells]
    return sum(lo for lo, _hi in ranges), sum(hi for _lo, hi in ranges)


def _recoverable(rows: list[tuple[list, object]]) -> bool:
    """Whether some "<5" in these rows (which all add up to the same true total) can have
    only one value, given everything shown in all of them."""
    for index, (cells, _total) in enumerate(rows):
        # What the other rows (and this row's own total) say about the common total.
        low, high = _range(rows[index][1])
        for other, (other_cells, other_total) in enumerate(rows):
            if other != index:
                for lo, hi in (_sum_range(other_cells), _range(other_total)):
                    low, high = max(low, lo), min(high, hi)
        for position, cell in enumerate(cells):
            if cell != SMALL:
                continue
            rest_lo, rest_hi = _sum_range(cells[:position] + cells[position + 1 :])
            cell_lo, cell_hi = _range(cell)
            if min(cell_hi, high - rest_lo) - max(cell_lo, low - rest_hi) < 1:
                return True
    return False


def _protect(rows: list[tuple[list[int], int]]) -> list[tuple[list, object]]:
    """Publish rows that count the same people, withholding more until nothing hidden can
    be recovered: first the totals, then everything in the rows."""
    shown = [([publish(n) for n in counts], publish(total)) for counts, total in rows]
    if not _recoverable(shown):
        return shown
    shown = [(cells, HIDDEN) for cells, _total in shown]
    if not _recoverable(shown):
        return shown
    return [([HIDDEN] * len(cells), HIDDEN) for cells, _total in shown]


REFERRALS = "referrals"  # the family of tables that each split every NRM referral once


def published_tables(specs: list[tuple]) -> list[dict]:
    """Tables of true counts by year, (title, note, {year: {column: count}}, columns[, family]),
    as they may be shown. Each year's rows are published together (_protect) with every
    other row that counts the same people: the tables of the same family (age, gender and
    nationality each split the same referrals, whatever their figures), and any rows whose
    true totals happen to be equal. A family whose rows do not add up to the same total
    (a table that missed some of its people) is withheld for that year: the attack that
    _protect guards against assumes equal totals, so anything else fails closed."""
    counts, families = [], []
    for _title, _note, rows_by_year, columns, *family in specs:
        table = {}
        for year, row in rows_by_year.items():
            cells = [row.get(key, 0) for key, _label in columns]
            table[year] = (cells, sum(cells))
        counts.append(table)
        families.append(family[0] if family else None)
    published = [{} for _spec in specs]
    for year in {year for table in counts for year in table}:
        members = [index for index, table in enumerate(counts) if year in table]
        for group in _linked(members, lambda i, year=year: (families[i], counts[i][year][1])):
            rows = [counts[i][year] for i in group]
            consistent = all(
                counts[i][year][1] == counts[j][year][1]
                for i in group
                for j in group
                if families[i] is not None and families[i] == families[j]
            )
            shown = (
                _protect(rows) if consistent else [([HIDDEN] * len(cells), HIDDEN) for cells, _total in rows]
            )
            for index, row in zip(group, shown, strict=True):
                published[index][year] = row
    return [
        {
            "title": title,
            "note": note,
            "method": METHOD,
            "columns": [label for _key, label in columns] + ["Total"],
            "rows": [
                {"year": year, "cells": [*published[index][year][0], published[index][year][1]]}
                for year in sorted(rows_by_year, reverse=True)
            ],
        }
        for index, (title, note, rows_by_year, columns, *_family) in enumerate(specs)
    ]


def _linked(members: list[int], keys) -> list[list[int]]:
    """The tables of one year in groups: two tables are in one group when they share a
    family or a true total (keys(index) -> (family, total)), and groups chain through them."""
    groups: list[list[int]] = []
    for index in members:
        family, total = keys(index)
        joined = [
            group
            for group in groups
            if any((family is not None and keys(i)[0] == family) or keys(i)[1] == total for i in group)
        ]
        merged = [i for group in joined for i in group] + [index]
        groups = [group for group in groups if group not in joined] + [sorted(merged)]
    return groups


def _crosstab(queryset: QuerySet, year_field: str, category_field: str, count_field: str = "pk") -> dict:
    counts: dict[int, dict[str, int]] = {}
    rows = (
        queryset.annotate(year=ExtractYear(year_field))
        .values("year", category_field)
        .annotate(n=Count(count_field, distinct=True))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["year"], {})[row[category_field]] = row["n"]
    return counts


def team_statistics(team_ids, user) -> list[dict]:
    cases = Case.objects.visible_to(user).filter(team__in=team_ids)
    referrals = Referral.objects.filter(case__in=cases, kind=ReferralKind.NRM)
    # Age, gender and nationality each split every referral once (the REFERRALS family): the
    # same people counted three ways, so their rows are published together, and each must
    # count them all. Age is the age at exploitation, as the Home Office tables count it, with
    # "Not specified" (any value outside the vocabulary is counted there too, never dropped).
    by_age = {
        year: {
            **{key: n for key, n in year_counts.items() if key in ExploitationAge.values},
            ExploitationAge.NOT_SPECIFIED: sum(
                n
                for key, n in year_counts.items()
                if key not in ExploitationAge.values or key == ExploitationAge.NOT_SPECIFIED
            ),
        }
        for year, year_counts in _crosstab(referrals, "submitted_on", "age_at_exploitation").items()
    }
    tables = [
        (
            "NRM referrals by age at exploitation",
            "By the year the referral was submitted; adult or child when the exploitation happened.",
            by_age,
            list(ExploitationAge.choices),
            REFERRALS,
        ),
        (
            "NRM referrals by exploitation type",
            "A referral with several types of exploitation counts under each.",
            _crosstab(
                CaseExploitation.objects.filter(case__referrals__in=referrals),
                "case__referrals__submitted_on",
                "kind",
                "case_id",
            ),
            list(ExploitationType.choices),
        ),
        (
            "NRM referrals by gender",
            "",
            _crosstab(referrals, "submitted_on", "case__gender"),
            list(Gender.choices),
            REFERRALS,
        ),
    ]
    # Each referral once, under the first nationality recorded for the survivor (a case
    # referred twice in a year counts twice, as in the other tables of the family), never
    # under a column of its own for a pair of nationalities.
    by_nationality: dict[int, dict[str, int]] = {}
    for year, year_counts in _crosstab(referrals, "submitted_on", "case__nationalities").items():
        for codes, n in year_counts.items():
            first = (codes or "").split(",")[0]
            by_nationality.setdefault(year, {})[first] = by_nationality.get(year, {}).get(first, 0) + n
    totals: dict[str, int] = {}
    for year_counts in by_nationality.values():
        for code, n in year_counts.items():
            totals[code] = totals.get(code, 0) + n
    top = sorted(totals, key=lambda code: (-totals[code], code))[:TOP_NATIONALITIES]
    folded = {
        year: {
            **{code: n for code, n in counts.items() if code in top},
            "other": sum(n for code, n in counts.items() if code not in top),
        }
        for year, counts in by_nationality.items()
    }
    tables.append(
        (
            "NRM referrals by nationality",
            "First nationality recorded; the most common, then all others together.",
            folded,
            [(code, dict(countries).get(code, "Not recorded") if code else "Not recorded") for code in top]
            + [("other", "Other")],
            REFERRALS,
        )
    )
    decisions = Decision.objects.filter(referral__in=referrals)
    outcome_rows: dict[int, dict[str, int]] = {}
    for row in (
        decisions.annotate(year=ExtractYear("decided_on"))
        .values("year", "kind", "outcome")
        .annotate(n=Count("pk"))
    ):
        outcome_rows.setdefault(row["year"], {})[f"{row['kind']}_{row['outcome']}"] = row["n"]
    tables.append(
        (
            "Decisions and outcomes",
            "By the year of the decision; outcomes as first made, before any reconsideration.",
            outcome_rows,
            [
                (f"{DecisionKind.RG}_{Outcome.POSITIVE}", "RG positive"),
                (f"{DecisionKind.RG}_{Outcome.NEGATIVE}", "RG negative"),
                (f"{DecisionKind.CG}_{Outcome.POSITIVE}", "CG positive"),
                (f"{DecisionKind.CG}_{Outcome.NEGATIVE}", "CG negative"),
            ],
        )
    )
    dtn = Referral.objects.filter(case__in=cases, kind=ReferralKind.DUTY_TO_NOTIFY)
    tables.append(
        (
            "Duty to Notify reports",
            "Anonymous reports for adults who did not consent to a referral.",
            _crosstab(dtn, "submitted_on", "kind"),
            [(ReferralKind.DUTY_TO_NOTIFY, "Reports")],
        )
    )
    return published_tables(tables)


# Recovery figures for a chosen period (issue 19: outcome ratings and entitlements received),
# published by the same method: every cell and row total through publish(), each row checked by
# _protect() (no column totals are shown, so rows are not linked to one another).


def published_rows(rows: list[tuple[str, list[int]]]) -> list[dict]:
    """(label, true counts) -> {"label", "cells": [shown counts..., shown total]}."""
    published = []
    for label, counts in rows:
        ((cells, total),) = _protect([(counts, sum(counts))])
        published.append({"label": label, "cells": [*cells, total]})
    return published


def outcome_figures(team_ids, user, period) -> dict:
    """How many survivors' ratings of each outcome went up, stayed or went down over the period
    (support/selectors/outcomes.py outcome_changes: from the baseline at its start)."""
    cases = Case.objects.visible_to(user).filter(team__in=team_ids)
    counts = outcome_changes(cases, period.start, period.end)
    return {
        "title": "Survivors' own ratings of the Core Outcome Set outcomes",
        "row_header": "Outcome",
        "note": "Survivors who rated an outcome in the period, by their latest rating in it against their "
        "latest rating on or before the day it began (where they were when it began), or, with none, "
        "against their first rating in it. A survivor with only one rating to go on is not counted.",
        "method": METHOD,
        "columns": [label for _code, label in CHANGES] + ["Total"],
        "rows": published_rows(
            [(label, [counts[code][change] for change, _ in CHANGES]) for code, label in CoreOutcome.choices]
        ),
    }


def entitlement_figures(team_ids, user, period) -> dict:
    """How many survivors received or were refused each entitlement before an NRM referral,
    during the NRM and after it ended, by the day it started or was refused. The last column
    adds up the row's cells (a survivor in two cells is in it twice), so it is named for that."""
    cases = Case.objects.visible_to(user).filter(team__in=team_ids)
    counts = entitlements_by_stage(cases, period.start, period.end)
    columns = stage_columns()
    return {
        "title": "Entitlements received and refused, by stage",
        "row_header": "Entitlement",
        "note": "Each survivor counted once in a cell (and in each cell that applies to them), by the day it "
        "started or was refused. During the NRM: from the NRM referral in force that day until its "
        "Conclusive Grounds decision, a negative Reasonable Grounds decision or its withdrawal, whichever "
        "came first. The last column adds up the row's cells, so a survivor in more than one cell is "
        "counted there more than once: it is not a number of survivors.",
        "method": METHOD,
        "columns": [label for _code, label in columns] + ["Cells added up"],
        "rows": published_rows(
            [(label, [counts[kind][code] for code, _ in columns]) for kind, label in EntitlementKind.choices]
        ),
    }
