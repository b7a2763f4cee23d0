"""Where a case stands in the NRM and what is owed, derived from its records and today's
date (nothing here is stored). Works on prefetched objects: no queries of its own."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from casework import clocks
from casework.ui.dates import long_date
from casework.vocabularies import Nation
from support.vocabularies import DecisionKind, NrmStatus, Outcome, ReconsiderationOutcome

DUE_SOON_WORKING_DAYS = 2
RECONSIDERATION_SOON_DAYS = 7


@dataclass(frozen=True)
class Owed:
    """One thing owed, in the words a caseworker uses."""

    kind: str  # stable code: rg_overdue, rg_due, cg_waiting, reconsideration_deadline, ...
    text: str
    due_on: date
    overdue: bool = False
    attention: bool = False  # overdue, or due soon enough to act on now


@dataclass
class Position:
    status: str
    referral: object | None = None
    owed: list[Owed] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return NrmStatus(self.status).label


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def latest_referral(case):
    referrals = list(case.referrals.all())  # prefetched, ordered by submission
    return referrals[-1] if referrals else None


def decision_of(referral, kind):
    return next((d for d in referral.decisions.all() if d.kind == kind), None)


def _reconsideration(decision):
    return getattr(decision, "reconsideration", None)


def _negative_owed(decision, label: str, today: date) -> list[Owed]:
    """A negative decision: the reconsideration window, while it is open."""
    if _reconsideration(decision) is not None:
        return []
    if decision.served_on is None:
        return [
            Owed(
                "served_date_missing",
                f"Record when the negative {label} decision was served, to know the reconsideration deadline",
                decision.decided_on,
                attention=True,
            )
        ]
    deadline = clocks.reconsideration_deadline(decision.served_on)
    if today > deadline:
        return []
    days_left = (deadline - today).days
    return [
        Owed(
            "reconsideration_deadline",
            f"Reconsideration must be requested by {long_date(deadline)}",
            deadline,
            attention=days_left <= RECONSIDERATION_SOON_DAYS,
        )
    ]


def _devolved_support(referral, rg) -> list[Owed]:
    if referral.nation == Nation.SCOTLAND:
        end = clocks.scotland_support_end(rg.decided_on)
        return [
            Owed(
                "devolved_support_end",
                f"Scottish support (s9) runs to {long_date(end)} unless the CG comes first",
                end,
            )
        ]
    if referral.nation == Nation.NORTHERN_IRELAND:
        end = clocks.northern_ireland_support_end(rg.decided_on)
        return [
            Owed(
                "devolved_support_end",
                f"Northern Ireland support duty (s18): 45 days, to {long_date(end)}",
                end,
            )
        ]
    return []


def position(case, today: date) -> Position:
    referral = latest_referral(case)
    if referral is None:
        return Position(NrmStatus.NONE)
    if not referral.is_nrm:
        return Position(NrmStatus.DTN_ONLY, referral)
    if getattr(referral, "withdrawal", None) is not None:
        return Position(NrmStatus.WITHDRAWN, referral)
    if getattr(referral, "disqualification", None) is not None:
        return Position(NrmStatus.DISQUALIFIED, referral)

    calendar = referral.working_day_calendar
    rg = decision_of(referral, DecisionKind.RG)
    if rg is None:
        due = clocks.rg_due(referral.submitted_on, calendar)
        if today > due:
            late = clocks.working_days_between(due, today, calendar)
            owed = Owed(
                "rg_overdue", f"RG decision overdue by {_plural(late, 'working day')}", due, True, True
            )
        else:
            left = clocks.working_days_between(today, due, calendar)
            when = "today" if left == 0 else f"in {_plural(left, 'working day')}"
            owed = Owed(
                "rg_due",
                f"RG decision due by {long_date(due)} ({when})",
                due,
                attention=left <= DUE_SOON_WORKING_DAYS,
            )
        return Position(NrmStatus.RG_PENDING, referral, [owed])

    if rg.effective_outcome == Outcome.NEGATIVE:
        reconsideration = _reconsideration(rg)
        if reconsideration is not None and reconsideration.outcome == ReconsiderationOutcome.PENDING:
            return Position(NrmStatus.RECONSIDERATION, referral)
        return Position(NrmStatus.RG_NEGATIVE, referral, _negative_owed(rg, "RG", today))

    cg = decision_of(referral, DecisionKind.CG)
    if cg is None:
        owed = []
        earliest = clocks.earliest_cg(rg.decided_on)
        waited = (today - rg.decided_on).days
        points = tuple(settings.CG_ESCALATION_DAYS)
        level = clocks.cg_escalation_level(rg.decided_on, today, points)
        if today < earliest:
            status = NrmStatus.RG_POSITIVE
            owed.append(Owed("recovery_period", f"Recovery period runs to {long_date(earliest)}", earliest))
        else:
            status = NrmStatus.CG_PENDING
            text = f"Waiting {_plural(waited, 'day')} for a CG decision"
            since = earliest
            if level:
                point = points[level - 1]
                text += f" (past the {point}-day escalation point)"
                since = rg.decided_on + timedelta(days=point)
            owed.append(Owed("cg_waiting", text, since, overdue=level > 0, attention=level > 0))
        owed += _devolved_support(referral, rg)
        return Position(status, referral, owed)

    if cg.effective_outcome == Outcome.NEGATIVE:
        reconsideration = _reconsideration(cg)
        if reconsideration is not None and reconsideration.outcome == ReconsiderationOutcome.PENDING:
            return Position(NrmStatus.RECONSIDERATION, referral)
        return Position(NrmStatus.CG_NEGATIVE, referral, _negative_owed(cg, "CG", today))

    owed = []
    move_on = clocks.move_on_end(cg.decided_on)
    if today <= move_on:
        owed.append(Owed("move_on", f"Move-on support runs at least to {long_date(move_on)}", move_on))
    return Position(NrmStatus.CG_POSITIVE, referral, owed)
