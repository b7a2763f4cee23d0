"""The last day to bring a compensation or civil claim: pure functions of dates, no database
(docs/domain.md, "Compensation and claims"). `casework.clocks.claim_deadline` is the way in.

- Employment tribunal: a period of months *beginning with* the act (ERA 1996 s23(2)), so the
  last day is the day before the corresponding date, or the month's last day where the month
  has no corresponding date (act 31 August -> 30 November); ACAS early conciliation stops the
  clock and guarantees a month after the certificate (s207B(3) and (4)). The six-month limit
  of the Employment Rights Act 2025 is a dated row switched on by a setting (unverified).
- CICA (2012 scheme paragraphs 87-88): two years after the incident for an adult; for a child,
  before the 20th birthday if reported to the police before 18, otherwise two years after the
  first report.
- Civil (Limitation Act 1980 s11 and s28): three years, running from the 18th birthday for a
  child; for adult and child alike the last day shown is the day before the anniversary (the
  safer of two readings). In Scotland a claim for abuse suffered as a child has no time limit
  (Prescription and Limitation (Scotland) Act 1973 s17A): no date (None).

A date the target month lacks (29 February two years on) falls back to the month's last day:
the earlier, safer date. The module reads no settings: a caller passes what they say.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar

CLAIM_KINDS = ("cica", "employment_tribunal", "civil")
SCOTLAND = "SCT"  # casework.vocabularies.Nation.SCOTLAND (kept literal: this module imports nothing)


class Dated(Protocol):
    @property
    def effective_from(self) -> date: ...


DatedRow = TypeVar("DatedRow", bound=Dated)


def latest_in_force(rows: Iterable[DatedRow], on: date) -> DatedRow | None:
    """The row in force on a date: the latest to have started on or before it (None if none
    had). One lookup for every table of dated rows (tribunal limits, review schemes)."""
    started = [row for row in rows if row.effective_from <= on]
    return max(started, key=lambda row: row.effective_from) if started else None


@dataclass(frozen=True)
class LimitRule:
    """A time limit in force for acts on or after `effective_from` (a new value is a new row)."""

    name: str
    effective_from: date
    months: int
    source: str


# The employment tribunal limit for most claims (unpaid wages, deductions, minimum wage). The
# Employment Rights Act 2025 s152 and Schedule 12 raise it to six months from a date set by
# commencement regulations; until that date is confirmed the setting
# EMPLOYMENT_TRIBUNAL_SIX_MONTHS_FROM adds the row (see tribunal_months).
TRIBUNAL_LIMITS: tuple[LimitRule, ...] = (
    LimitRule("employment_tribunal_months", date(1996, 8, 22), 3, "ERA 1996 s23(2): three months"),
)
ERA_2025_SOURCE = "Employment Rights Act 2025 s152 and Sch 12: six months (commencement unverified)"


def _month_shift(day: date, months: int) -> tuple[int, int]:
    index = day.month - 1 + months
    return day.year + index // 12, index % 12 + 1


def add_months(day: date, months: int) -> date:
    """Calendar months later; a day the target month lacks falls back to its last day
    (31 January + 1 month = 28 or 29 February; 29 February + 12 months = 28 February).
    `casework.clocks.add_months` is this function."""
    year, month = _month_shift(day, months)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_beginning_with(start: date, months: int) -> date:
    """The last day of a period of `months` months beginning with `start` (the corresponding
    date rule): the day before the corresponding date; where the month has no corresponding
    date, its last day. 31 Aug + 3 -> 30 Nov; 15 Oct + 3 -> 14 Jan; 1 Mar + 3 -> 31 May."""
    year, month = _month_shift(start, months)
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return date(year, month, last)
    return date(year, month, start.day) - timedelta(days=1)


def birthday(date_of_birth: date, age: int) -> date:
    """The day someone reaches `age`; born on 29 February, the 28th in a common year (safer)."""
    return add_months(date_of_birth, 12 * age)


ADULT = 18  # the age a child comes of age for every claim encoded here (see age_of_majority)


def age_of_majority(kind: str, nation: str | None = None) -> int:
    """The birthday before which someone counts as a child for a claim's time limit: 18 for
    CICA (paragraph 88), a civil claim in England, Wales and Northern Ireland (Limitation Act
    1980 s28), and a Scottish claim for abuse suffered as a child (1973 Act s17A, under 18).
    (Scotland's age of 16 in s17(3) is for claims not about abuse, which are not encoded.)"""
    if kind not in CLAIM_KINDS:
        raise ValueError(f"Unknown claim kind {kind!r}; expected one of {', '.join(CLAIM_KINDS)}")
    return ADULT


def was_child(kind: str, counts_from: date, date_of_birth: date | None, nation: str | None = None) -> bool:
    """Whether the survivor was a child on the day the time limit counts from."""
    return date_of_birth is not None and counts_from < birthday(date_of_birth, age_of_majority(kind, nation))


def tribunal_months(act_on: date, six_months_from: date | None = None) -> int:
    """Months allowed for an act on a date: three, or six for acts on or after the date the
    Employment Rights Act 2025 limit is configured to start from (None: not in force)."""
    rules = list(TRIBUNAL_LIMITS)
    if six_months_from is not None:
        rules.append(LimitRule("employment_tribunal_months", six_months_from, 6, ERA_2025_SOURCE))
    in_force = latest_in_force(rules, act_on) or rules[0]
    return in_force.months


def employment_tribunal_deadline(
    act_on: date,
    *,
    acas_day_a: date | None = None,
    acas_day_b: date | None = None,
    six_months_from: date | None = None,
) -> date:
    """The last day to present an employment tribunal claim about an act.

    ACAS early conciliation (ERA 1996 s207B), applied in sequence (Luton BC v Haque, EAT 2018):
    (3) the days after Day A up to and including Day B do not count; then (4) a limit that
    would expire between Day A and one month after Day B expires at the end of that month.
    Conciliation begun after the limit had expired extends nothing."""
    limit = months_beginning_with(act_on, tribunal_months(act_on, six_months_from))
    if acas_day_a is None or acas_day_b is None or acas_day_a > limit:
        return limit
    limit += timedelta(days=(acas_day_b - acas_day_a).days)
    month_after_b = add_months(acas_day_b, 1)
    if acas_day_a <= limit <= month_after_b:
        return month_after_b
    return limit


def cica_deadline(
    incident_on: date, *, date_of_birth: date | None = None, reported_on: date | None = None
) -> date:
    """The last day the Criminal Injuries Compensation Authority must receive an application.

    Adult on the day of the incident: two years after it (paragraph 87). A child (paragraph 88):
    reported to the police before their 18th birthday, the day before their 20th birthday;
    reported on or after it, two years after the first report. A child's incident not yet
    reported is given the earlier of those dates (the day before the 20th birthday)."""
    if date_of_birth is None or not was_child("cica", incident_on, date_of_birth):
        return add_months(incident_on, 24)
    before_twentieth = birthday(date_of_birth, 20) - timedelta(days=1)
    if reported_on is None or reported_on < birthday(date_of_birth, 18):
        return before_twentieth
    return add_months(reported_on, 24)


def civil_deadline(
    incident_on: date, *, date_of_birth: date | None = None, nation: str | None = None
) -> date | None:
    """Three years (Limitation Act 1980 s11, personal injury including deliberate assault) from
    the incident, or for a child from the day they come of age (s28, 18). For both, the three
    years are counted *beginning with* that day, so the last day is the day before the
    anniversary (the safer reading: the law likely allows the anniversary itself): 1 January
    2024 -> 31 December 2026; an 18th birthday on 15 June 2026 -> 14 June 2029; 29 February
    2024 -> 28 February 2027. In Scotland a claim for abuse suffered as a child has no time limit
    (1973 Act s17A): None."""
    starts = incident_on
    if date_of_birth is not None and was_child("civil", incident_on, date_of_birth, nation):
        if nation == SCOTLAND:
            return None
        starts = birthday(date_of_birth, age_of_majority("civil", nation))
    return months_beginning_with(starts, 36)


def claim_deadline(
    kind: str,
    incident_on: date,
    *,
    acas_day_a: date | None = None,
    acas_day_b: date | None = None,
    date_of_birth: date | None = None,
    reported_on: date | None = None,
    nation: str | None = None,
    six_months_from: date | None = None,
) -> date | None:
    """The last day to bring a claim of a kind: "cica", "employment_tribunal" or "civil"; None
    where the law sets no limit (a Scottish civil claim for abuse suffered as a child).
    `six_months_from`: the day the six-month tribunal limit starts (None: not in force)."""
    if kind == "cica":
        return cica_deadline(incident_on, date_of_birth=date_of_birth, reported_on=reported_on)
    if kind == "employment_tribunal":
        return employment_tribunal_deadline(
            incident_on,
            acas_day_a=acas_day_a,
            acas_day_b=acas_day_b,
            six_months_from=six_months_from,
        )
    if kind == "civil":
        return civil_deadline(incident_on, date_of_birth=date_of_birth, nation=nation)
    raise ValueError(f"Unknown claim kind {kind!r}; expected one of {', '.join(CLAIM_KINDS)}")
