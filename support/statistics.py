"""Team statistics in the Home Office NRM statistics categories, by year, with every count
under 5 suppressed so that nobody can be identified (domain.md §1.13)."""

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django_countries import countries

from casework.models import Case, CaseExploitation
from casework.vocabularies import ExploitationType, Gender
from support.models import Decision, Referral
from support.vocabularies import AgeGroup, DecisionKind, Outcome, ReferralKind

SUPPRESS_BELOW = 5
TOP_NATIONALITIES = 8


def suppress(count: int) -> int | str:
    """0 is shown (it identifies nobody); 1 to 4 become "<5"."""
    return "<5" if 0 < count < SUPPRESS_BELOW else count


def _table(title: str, note: str, rows_by_year: dict, columns: list[tuple[str, str]]) -> dict:
    years = sorted(rows_by_year, reverse=True)
    return {
        "title": title,
        "note": note,
        "columns": [label for _key, label in columns] + ["Total"],
        "rows": [
            {
                "year": year,
                "cells": [suppress(rows_by_year[year].get(key, 0)) for key, _label in columns]
                + [suppress(sum(rows_by_year[year].values()))],
            }
            for year in years
        ],
    }


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
    tables = [
        _table(
            "NRM referrals by age at referral",
            "By the year the referral was submitted.",
            _crosstab(referrals, "submitted_on", "age_at_referral"),
            list(AgeGroup.choices),
        ),
        _table(
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
        _table(
            "NRM referrals by gender",
            "",
            _crosstab(referrals, "submitted_on", "case__gender"),
            list(Gender.choices),
        ),
    ]
    by_nationality = _crosstab(
        Case.objects.filter(referrals__in=referrals).values("nationalities"),
        "referrals__submitted_on",
        "nationalities",
    )
    totals: dict[str, int] = {}
    for year_counts in by_nationality.values():
        for code, n in year_counts.items():
            totals[code] = totals.get(code, 0) + n
    top = sorted(totals, key=lambda code: -totals[code])[:TOP_NATIONALITIES]
    folded = {
        year: {
            **{code: n for code, n in counts.items() if code in top},
            "other": sum(n for code, n in counts.items() if code not in top),
        }
        for year, counts in by_nationality.items()
    }
    tables.append(
        _table(
            "NRM referrals by nationality",
            "First nationality recorded; the most common, then all others together.",
            folded,
            [
                (code, dict(countries).get(code.split(",")[0], "Not recorded") if code else "Not recorded")
                for code in top
            ]
            + [("other", "Other")],
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
        _table(
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
        _table(
            "Duty to Notify reports",
            "Anonymous reports for adults who did not consent to a referral.",
            _crosstab(dtn, "submitted_on", "kind"),
            [(ReferralKind.DUTY_TO_NOTIFY, "Reports")],
        )
    )
    return tables
