"""Statutory and contractual time: pure functions of dates, no database (docs/domain.md,
Working days and holidays).

Working days skip weekends and the bank holidays of one UK nation (ENG, WLS, SCT, NIR),
substitute days included, from the `holidays` package. Rules that change with policy are
rows of data with the date they took effect (POLICY below), so the next change is a new row.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

# Claim time limits live in casework/claim_deadlines.py; these names stay importable from here.
from casework.claim_deadlines import CLAIM_KINDS as CLAIM_KINDS
from casework.claim_deadlines import add_months as add_months
from casework.claim_deadlines import claim_deadline as claim_deadline
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
    # The SCA's policy says "within one month" of the decision, the statistics annex "30 calendar
    # days": the deadline is the earlier of the two (reconsideration_deadline). Unverified.
    Rule(
        "reconsideration_months", date(2009, 4, 1), 0, "No time limit on reconsideration requests before 2024"
    ),
    Rule("reconsideration_months", date(2024, 2, 1), 1, "SCA policy 2024: within one month (unverified)"),
    # Temporary permission to stay (VTS): asking for a decision to be reconsidered. 14 days under
    # the guidance from 30 Jan 2023; later guidance says 30 (from a date not confirmed: see
    # vts_reconsideration_deadline and the VTS_RECONSIDERATION_30_DAYS_FROM setting).
    Rule("vts_reconsideration_days", date(2023, 1, 30), 14, "VTS caseworker guidance v1-3: 14 days"),
    # Scotland: s9 adult support from the RG to the earlier of 90 days from it and the CG
    # (SSI 2018/90 reg 2, in force 1 April 2018).
    Rule("scotland_support_days", date(2018, 4, 1), 90, "HTE (Scotland) Act 2015 s9; SSI 2018/90: 90 days"),
    # Northern Ireland: s18 support from the referral to a negative RG or the CG; a positive CG
    # within 45 days of the RG keeps it to the 45th day (s18(3)-(4)).
    Rule("ni_support_days", date(2015, 1, 13), 45, "HTE (NI) Act 2015 s18(4): 45 days from the RG"),
    # England and Wales, Victim Care Contract (statutory guidance): move-on after a positive CG
    # counted from the day it is received; the effective date is unverified.
    Rule("move_on_days", date(2019, 1, 1), 45, "Statutory guidance: move-on 45 days from receipt of CG"),
    # Exit from support after a negative RG or CG: unverified; 9 working days from the decision.
    Rule("exit_working_days", date(2019, 1, 1), 9, "Statutory guidance: exit 9 working days (unverified)"),
    # Places of Safety (England and Wales): up to 3 working days before a referral decision.
    Rule("places_of_safety_working_days", date(2021, 1, 4), 3, "Places of Safety: up to 3 working days"),
    # The 12-month measure forgives an uncovered stretch this short (a handover over a weekend
    # or a bank holiday weekend): a product choice, not law (docs/domain.md).
    Rule("support_gap_tolerance_days", date(2017, 1, 1), 3, "Product choice: gaps of 3 days or fewer"),
    # Recovery Needs Assessments (England and Wales; process since 27 September 2019). The guidance
    # found sets no timescale for either: product choices, the earlier date (docs/domain.md).
    Rule(
        "rna_first_due_days",
        date(2019, 9, 27),
        14,
        "Product choice (unverified): first RNA due 14 days after the CG is received, inside move-on",
    ),
    Rule(
        "rna_decision_working_days",
        date(2019, 9, 27),
        10,
        "Product choice (unverified): an RNA decision awaited over 10 working days needs chasing",
    ),
    # Risk and safety: a case opened with no risk assessment is owed a first one within these days
    # of opening (the default review period of a high risk: a case is high risk until assessed).
    # 0 = none owed: cases opened before assessments were recorded here (docs/domain.md).
    Rule("risk_first_assessment_days", date(2000, 1, 1), 0, "Product choice: none before assessments here"),
    Rule("risk_first_assessment_days", date(2026, 12, 1), 7, "Product choice: first one in 7 days"),
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
    """Last day to request reconsideration of a negative decision: the earlier of 30 calendar
    days and one calendar month after the decision date (the guidance says both; they differ for
    a decision from 29 January to 1 March, and in months of 31 days), counted from the decision
    date (earlier, so safer, than the day it was served). None for a decision made before the
    time limit existed."""
    days = policy_value("reconsideration_days", decision_date)
    if not days:
        return None
    by_days = decision_date + timedelta(days=days)
    months = policy_value("reconsideration_months", decision_date)
    return min(by_days, add_months(decision_date, months)) if months else by_days


def vts_reconsideration_deadline(decision_date: date, thirty_days_from: date | None = None) -> date:
    """Last day to ask for a temporary permission to stay decision (a refusal, or the length or
    purpose of a grant) to be reconsidered: 14 calendar days after the decision, or 30 for a
    decision made on or after `thirty_days_from` (the date later guidance moved to 30 days,
    unconfirmed: until it is set, the shorter, safer 14 days)."""
    if thirty_days_from is not None and decision_date >= thirty_days_from:
        return decision_date + timedelta(days=30)
    return decision_date + timedelta(days=policy_value("vts_reconsideration_days", decision_date))


def guarantee_end(anchor: date) -> date:
    """The same date 12 months after the anchor (29 February falls back to 28th)."""
    return add_months(anchor, 12)


def twelve_months_last_day(anchor: date) -> date:
    """The last day of 12 months beginning with the anchor: the day before the same date a year
    later, or, for a 29 February anchor (a date the next February lacks), 28 February.
    1 March 2028 -> 28 February 2029; 29 February 2028 -> 28 February 2029; 28 February 2028 ->
    27 February 2029."""
    later = add_months(anchor, 12)
    return later if later.day != anchor.day else later - timedelta(days=1)


def scotland_support_end(rg_date: date, cg_date: date | None = None) -> date:
    """The last day of the Scottish Ministers' duty to support an adult (HTE (Scotland) Act 2015
    s9(2); SSI 2018/90): the period begins on the positive RG day, so its 90 days end on RG + 89
    (the earlier reading; unverified), or on the CG decision if sooner. Ministers may support
    before, after the 90 days and after the CG (s9(3))."""
    end = rg_date + timedelta(days=policy_value("scotland_support_days", rg_date) - 1)
    return min(end, cg_date) if cg_date is not None else end


def northern_ireland_support_floor(rg_date: date) -> date:
    """The last of the 45 days from the RG (HTE (NI) Act 2015 s18(4)): support lasts at least to
    here when a positive CG comes sooner. Counted with the RG day as day 1, so RG + 44 (the
    earlier of the two readings of "from"; unverified). The Department may make it longer."""
    return rg_date + timedelta(days=policy_value("ni_support_days", rg_date) - 1)


def northern_ireland_support_end(
    rg_date: date, cg_date: date | None = None, *, rg_positive: bool = True, cg_positive: bool = True
) -> date | None:
    """The last day of the s18 duty to support an adult, which runs from the referral: the day
    of a negative RG; else the day of the CG, or the end of the 45 days from the RG if a
    positive CG came within them. None while the CG is awaited (support runs until it)."""
    if not rg_positive:
        return rg_date
    if cg_date is None:
        return None
    floor = northern_ireland_support_floor(rg_date)
    return floor if cg_positive and cg_date < floor else cg_date


def move_on_end(cg_received: date) -> date:
    """The minimum move-on support after a positive CG: 45 calendar days from the day the
    decision was received (served); a caller without that date passes the decision date."""
    return cg_received + timedelta(days=policy_value("move_on_days", cg_received))


def exit_period_end(decision_date: date) -> date:
    """The last day of support after a negative RG or CG (Victim Care Contract, England and
    Wales): 9 working days from the decision date (the earlier, safer start), on the
    England and Wales calendar. Unverified: docs/domain.md."""
    days = policy_value("exit_working_days", decision_date)
    return add_working_days(decision_date, days, Nation.ENGLAND)


def places_of_safety_end(start: date) -> date:
    """The last day of up to 3 working days of Places of Safety support (England and Wales),
    counting the first day when it is a working day (the earlier, safer reading)."""
    days = policy_value("places_of_safety_working_days", start)
    first_counts = is_working_day(start, Nation.ENGLAND)
    return add_working_days(start, days - 1 if first_counts else days, Nation.ENGLAND)


def support_gap_tolerance(on: date) -> int:
    """Uncovered days in a row the 12-month measure forgives (a product choice, dated)."""
    return policy_value("support_gap_tolerance_days", on)


def cg_escalation_level(rg_date: date, today: date, points: tuple[int, ...] = CG_ESCALATION_DAYS) -> int:
    """How many escalation points a case waiting for its CG has passed (0 = none yet)."""
    waited = (today - rg_date).days
    return sum(1 for point in points if waited >= point)
