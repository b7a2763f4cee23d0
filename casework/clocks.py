"""Statutory and contractual time: pure functions of dates, no database (docs/domain.md,
Working days and holidays).

Working days skip weekends and the bank holidays of one UK nation (ENG, WLS, SCT, NIR),
substitute days included, from the `holidays` package. Rules that change with policy are
rows of data with the date they took effect (POLICY below), so the next change is a new row.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from casework.vocabularies import Nation


@dataclass(frozen=True)
class Rule:
    """A policy value in force from `effective_from` until the next rule of the same name."""

    name: str
    effective_from: date
    value: int
    source: str


# Policy as data. Each row says where the value comes from (docs/domain.md gives the sources).
POLICY: tuple[Rule, ...] = (
    Rule("rg_working_days", date(2009, 4, 1), 5, "NRM guidance: RG decision within 5 working days"),
    Rule("recovery_period_days", date(2009, 4, 1), 45, "NRM guidance until 13 Dec 2022: 45 days"),
    Rule("recovery_period_days", date(2022, 12, 13), 30, "Ministerial statement 13 Dec 2022: 30 days"),
    # 0 = no time limit: a decision made before the limit existed shows no deadline.
    Rule(
        "reconsideration_days", date(2009, 4, 1), 0, "No time limit on reconsideration requests before 2024"
    ),
    Rule(
        "reconsideration_days",
        date(2024, 2, 1),
        30,
        "Statutory guidance, reconsiderations, as updated early 2024 (start date unverified: the earliest "
        "reported)",
    ),
    # Temporary permission to stay (VTS): asking for a decision to be reconsidered. 14 days under
    # the guidance from 30 Jan 2023; later guidance says 30 (from a date not confirmed: see
    # vts_reconsideration_deadline and the VTS_RECONSIDERATION_30_DAYS_FROM setting).
    Rule("vts_reconsideration_days", date(2023, 1, 30), 14, "VTS caseworker guidance v1-3: 14 days"),
    Rule("scotland_support_days", date(2018, 4, 1), 90, "HTE (Scotland) Act 2015 s9 regulations: 90 days"),
    Rule("ni_support_days", date(2015, 1, 13), 45, "HTE (NI) Act 2015 s18: 45 days"),
    Rule("move_on_days", date(2019, 1, 1), 45, "Support after a positive CG: at least 45 days"),
)

# The competent authorities (SCA, IECA) are Home Office units working to England and Wales bank
# holidays, wherever the survivor lives: their deadlines (the RG target) use this calendar.
HOME_OFFICE_CALENDAR = Nation.ENGLAND

# "Closing soon": a deadline this many calendar days away or fewer (today included) needs
# attention now. One window for the case page, "My work", the reminders and the backlog.
CLOSING_SOON_DAYS = 7

# Escalation points for a CG decision, in days after the RG (no statutory deadline exists).
CG_ESCALATION_DAYS: tuple[int, ...] = (90, 180, 365, 540)


def policy_value(name: str, on: date) -> int:
    """The value of a policy rule in force on a date (the latest rule that had started)."""
    in_force = [rule for rule in POLICY if rule.name == name and rule.effective_from <= on]
    if not in_force:
        # Before the first recorded rule, the earliest one applies.
        in_force = [min((r for r in POLICY if r.name == name), key=lambda r: r.effective_from)]
    return max(in_force, key=lambda rule: rule.effective_from).value


@lru_cache(maxsize=64)
def _bank_holidays(nation: str, year: int) -> frozenset[date]:
    if nation not in Nation.values:
        raise ValueError(f"Unknown UK nation {nation!r}; expected one of {', '.join(Nation.values)}")
    return frozenset(holidays.country_holidays("GB", subdiv=nation, years=year).keys())


def is_working_day(day: date, nation: str = Nation.ENGLAND) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(nation, day.year)


def add_working_days(start: date, days: int, nation: str = Nation.ENGLAND) -> date:
    """The date `days` working days after `start` (start itself is day 0)."""
    if days < 0:
        raise ValueError("days must be 0 or more")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, nation):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, nation: str = Nation.ENGLAND) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, nation):
            count += 1
    return count


def competent_authority_calendar(competent_authority: str = "") -> str:
    """The bank holidays a competent authority works to: England and Wales for the Home
    Office's SCA and IECA (and for a Duty to Notify report, which has none)."""
    return HOME_OFFICE_CALENDAR


def rg_due(referral_date: date, nation: str = HOME_OFFICE_CALENDAR) -> date:
    """Reasonable Grounds decision target: 5 working days after the referral, on the
    competent authority's calendar (England and Wales)."""
    return add_working_days(referral_date, policy_value("rg_working_days", referral_date), nation)


def is_closing_soon(deadline: date, today: date) -> bool:
    """A deadline not yet passed and at most CLOSING_SOON_DAYS calendar days away."""
    return 0 <= (deadline - today).days <= CLOSING_SOON_DAYS


def recovery_period_end(rg_date: date) -> date:
    """The last day of the recovery period after a positive RG: 30 days *beginning with* the
    RG day, so RG + 29 (RG + 44 for the 45 days of an RG decided before 13 December 2022)."""
    return rg_date + timedelta(days=policy_value("recovery_period_days", rg_date) - 1)


def earliest_cg(rg_date: date) -> date:
    """The earliest day a CG decision may be made: the day after the recovery period ends."""
    return recovery_period_end(rg_date) + timedelta(days=1)


def reconsideration_deadline(decision_date: date) -> date | None:
    """Last day to request reconsideration of a negative decision: 30 calendar days after the
    decision date (the earlier, safer date than the day it was served). None for a decision
    made before the time limit existed."""
    days = policy_value("reconsideration_days", decision_date)
    if not days:
        return None
    return decision_date + timedelta(days=days)


def vts_reconsideration_deadline(decision_date: date, thirty_days_from: date | None = None) -> date:
    """Last day to ask for a temporary permission to stay decision (a refusal, or the length or
    purpose of a grant) to be reconsidered: 14 calendar days after the decision, or 30 for a
    decision made on or after `thirty_days_from` (the date later guidance moved to 30 days,
    unconfirmed: until it is set, the shorter, safer 14 days)."""
    if thirty_days_from is not None and decision_date >= thirty_days_from:
        return decision_date + timedelta(days=30)
    return decision_date + timedelta(days=policy_value("vts_reconsideration_days", decision_date))


def add_months(day: date, months: int) -> date:
    """Calendar months later; a day the target month lacks falls back to its last day
    (31 January + 1 month = 28 or 29 February; 29 February + 12 months = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def guarantee_end(anchor: date) -> date:
    """The end of 12 months of support from the anchor (29 February falls back to 28th)."""
    return add_months(anchor, 12)


def scotland_support_end(rg_date: date) -> date:
    """Scottish s9 adult support runs from the RG for 90 days (or to the CG if earlier)."""
    return rg_date + timedelta(days=policy_value("scotland_support_days", rg_date))


def northern_ireland_support_end(rg_date: date) -> date:
    """Northern Ireland's s18 support duty: 45 days from the RG (extendable)."""
    return rg_date + timedelta(days=policy_value("ni_support_days", rg_date))


def move_on_end(cg_date: date) -> date:
    """The minimum move-on period after a positive CG: at least 45 calendar days."""
    return cg_date + timedelta(days=policy_value("move_on_days", cg_date))


def cg_escalation_level(rg_date: date, today: date, points: tuple[int, ...] = CG_ESCALATION_DAYS) -> int:
    """How many escalation points a case waiting for its CG has passed (0 = none yet)."""
    waited = (today - rg_date).days
    return sum(1 for point in points if waited >= point)


CLAIM_KINDS = ("cica", "employment_tribunal", "civil")


def claim_deadline(kind: str, start: date) -> date:
    """Last day to bring a claim: CICA 2 years after the incident; employment tribunal 3 months
    less one day after the act; civil claim 3 years."""
    if kind == "cica":
        return add_months(start, 24)
    if kind == "employment_tribunal":
        return add_months(start, 3) - timedelta(days=1)
    if kind == "civil":
        return add_months(start, 36)
    raise ValueError(f"Unknown claim kind {kind!r}; expected one of {', '.join(CLAIM_KINDS)}")
