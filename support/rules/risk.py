"""Risk and safety rules, pure functions: when the next review is due, which level is higher,
and what the risk flags noted when a case was opened correspond to."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from casework.vocabularies import RiskFlag
from support.vocabularies import RiskArea, RiskLevel

# The days to the next review when a team has set none for a level (docs/domain.md, Risk and
# safety): a high risk is looked at again within the week, a medium one within four weeks, a
# low one within three months. Dated like every policy value; a team's own rows (managers'
# "Risk review periods" page) take precedence from the day they take effect.
DEFAULTS_FROM = date(2000, 1, 1)
DEFAULT_REVIEW_DAYS = {RiskLevel.HIGH: 7, RiskLevel.MEDIUM: 28, RiskLevel.LOW: 90}

ORDER = {RiskLevel.LOW: 1, RiskLevel.MEDIUM: 2, RiskLevel.HIGH: 3}

# The risk flags a case could be opened with (casework.vocabularies.RiskFlag), as the area of
# an assessment each points to: shown beside the first assessment's form as what was noted.
# "Threats to family" has no area of its own (it is asked about under contact from the exploiters).
FLAG_AREAS = {
    RiskFlag.RE_TRAFFICKING: RiskArea.RE_TRAFFICKING,
    RiskFlag.EXPLOITER_IN_CONTACT: RiskArea.EXPLOITER_CONTACT,
    RiskFlag.THREATS_TO_FAMILY: RiskArea.EXPLOITER_CONTACT,
    RiskFlag.SELF_HARM: RiskArea.SELF_HARM,
    RiskFlag.DEBT: RiskArea.DEBT_BONDAGE,
    RiskFlag.MISSING_EPISODES: RiskArea.RE_TRAFFICKING,
    RiskFlag.DEPENDANT_CHILDREN: RiskArea.CHILDREN,
    RiskFlag.HOMELESSNESS: RiskArea.HOMELESSNESS,
}


@dataclass(frozen=True)
class PolicyRow:
    level: str
    days: int
    effective_from: date


def review_days(level: str, on: date, rows: Iterable[PolicyRow]) -> int:
    """The days to the next review for `level`, by the team's rows in force on `on` (the latest
    that had started), else the default."""
    in_force = [row for row in rows if row.level == level and row.effective_from <= on]
    if not in_force:
        return DEFAULT_REVIEW_DAYS[RiskLevel(level)]
    return max(in_force, key=lambda row: row.effective_from).days


def next_review_on(level: str, assessed_on: date, rows: Iterable[PolicyRow]) -> date:
    return assessed_on + timedelta(days=review_days(level, assessed_on, rows))


def highest(levels: Iterable[str]) -> str | None:
    found = [RiskLevel(level) for level in levels]
    return max(found, key=ORDER.__getitem__) if found else None


def below(level: str, other: str) -> bool:
    """Whether `level` is lower than `other`."""
    return ORDER[RiskLevel(level)] < ORDER[RiskLevel(other)]


def flag_areas(flags: Iterable[str]) -> list[str]:
    """The areas the intake flags point to, each once, in the areas' order."""
    pointed = {FLAG_AREAS[RiskFlag(flag)] for flag in flags if flag in RiskFlag.values}
    return [area for area in RiskArea if area in pointed]


def review_overdue(next_review: date, today: date) -> bool:
    return next_review < today
