"""Where a case stands in the NRM and what is owed, derived from its records and today's
date (nothing here is stored). Works on prefetched objects: no queries of its own."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from casework import clocks
from casework.ui.dates import long_date
from support.rules import entitlements
from support.rules.nrm_deadlines import (
    Owed,
    disqualification_owed,
    disqualification_stands,
    reconsideration_owed,
)
from support.vocabularies import (
    AgeGroup,
    DecisionKind,
    DisqualificationReconsiderationOutcome,
    NrmStatus,
    Outcome,
    ReconsiderationOutcome,
)

DUE_SOON_WORKING_DAYS = 2


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
    # Prefetched, ordered by submission: into a list by NRM_PREFETCH_LEAN (support.selectors.nrm).
    referrals = getattr(case, "nrm_referrals", None)
    if referrals is None:
        referrals = list(case.referrals.all())
    return referrals[-1] if referrals else None


def decision_of(referral, kind):
    decisions = getattr(referral, "nrm_decisions", None)
    if decisions is None:
        decisions = referral.decisions.all()
    return next((d for d in decisions if d.kind == kind), None)


def _reconsideration(decision):
    return getattr(decision, "reconsideration", None)


def _devolved_support(referral, rg) -> list[Owed]:
    """Scotland's s9 or Northern Ireland's s18 support while the CG is awaited (adults only)."""
    return [Owed(kind, text, due) for kind, text, due in entitlements.devolved_support_notes(referral, rg)]


def position(case, today: date) -> Position:
    referral = latest_referral(case)
    if referral is None:
        return Position(NrmStatus.NONE)
    if not referral.is_nrm:
        return Position(NrmStatus.DTN_ONLY, referral)
    if withdrawn(referral):
        return Position(NrmStatus.WITHDRAWN, referral)

    # The competent authority's calendar (England and Wales), not the survivor's nation's.
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
        return Position(NrmStatus.RG_NEGATIVE, referral, reconsideration_owed(rg, "RG", today))

    cg = decision_of(referral, DecisionKind.CG)
    # A public order disqualification ends protection and support, not the case: the CG is owed.
    stands = disqualification_stands(referral)
    if cg is None:
        waiting: list[Owed] = disqualification_owed(referral, cg_awaited=True) if stands else []
        end = clocks.recovery_period_end(rg.decided_on)
        earliest = clocks.earliest_cg(rg.decided_on)
        waited = (today - rg.decided_on).days
        points = tuple(settings.CG_ESCALATION_DAYS)
        level = clocks.cg_escalation_level(rg.decided_on, today, points)
        if today < earliest and not stands:
            status = NrmStatus.RG_POSITIVE
            days = clocks.policy_value("recovery_period_days", rg.decided_on)
            text = (
                f"Recovery period runs to {long_date(end)} ({days} days beginning with the RG day); "
                f"the CG decision can be made from {long_date(earliest)}"
            )
            waiting.append(Owed("recovery_period", text, end))
        else:
            status = NrmStatus.DISQUALIFIED if stands else NrmStatus.CG_PENDING
            text = f"Waiting {_plural(waited, 'day')} for a CG decision"
            since = earliest
            if level:
                point = points[level - 1]
                text += f" (past the {point}-day escalation point)"
                since = rg.decided_on + timedelta(days=point)
            waiting.append(Owed("cg_waiting", text, since, overdue=level > 0, attention=level > 0))
        if not stands:
            waiting += _devolved_support(referral, rg)
        return Position(status, referral, waiting)

    done = disqualification_owed(referral, cg_awaited=False) if stands else []
    if cg.effective_outcome == Outcome.NEGATIVE:
        reconsideration = _reconsideration(cg)
        if reconsideration is not None and reconsideration.outcome == ReconsiderationOutcome.PENDING:
            return Position(NrmStatus.RECONSIDERATION, referral)
        return Position(NrmStatus.CG_NEGATIVE, referral, done + reconsideration_owed(cg, "CG", today))

    after_cg: list[Owed] = done + [
        Owed(k, t, due) for k, t, due in entitlements.after_positive_cg_notes(referral, cg, today)
    ]
    return Position(NrmStatus.CG_POSITIVE, referral, after_cg)


# What may be recorded now. Each *_refusal returns why a record cannot be made (the message a
# caseworker sees) or None: the services refuse with it, and the case page offers an action
# (can_*) only where it would be accepted. Reads prefetched records where the caller has them.

REFERRAL_STILL_OPEN = (
    "The case's referral is still waiting for a decision. Record the decision or a withdrawal before a "
    "re-referral."
)
NO_DECISION_ON_DTN = "A Duty to Notify report gets no decision. Record an NRM referral first."
REFERRAL_WITHDRAWN = "The referral was withdrawn. A new decision needs a re-referral."
SECOND_RG = "This referral already has an RG decision. A further RG decision needs a re-referral."
SECOND_CG = "This referral already has a CG decision."
CG_NEEDS_POSITIVE_RG = "A CG decision needs a positive RG decision first."
RECONSIDER_POSITIVE = "Only a negative decision can be reconsidered."
ALREADY_RECONSIDERED = "A reconsideration of this decision is already recorded."
POD_NEEDS_RG = "A public order disqualification can only follow a positive RG decision."
CHILD_CANNOT_WITHDRAW = "Children cannot withdraw from the NRM."
WITHDRAWN_AFTER_CG = "The NRM process ended with the CG decision; there is nothing to withdraw from."
ALREADY_RECORDED = "This is already recorded for the referral."

# Where the case page offers a new referral: once the NRM has come to an end or a DtN report
# was made (a referral waiting for its RG also blocks one: referral_refusal).
REFER_AGAIN_FROM = (
    NrmStatus.DTN_ONLY,
    NrmStatus.WITHDRAWN,
    NrmStatus.RG_NEGATIVE,
    NrmStatus.CG_NEGATIVE,
    NrmStatus.CG_POSITIVE,
)


def withdrawn(referral) -> bool:
    return getattr(referral, "withdrawal", None) is not None


def disqualified(referral) -> bool:
    return getattr(referral, "disqualification", None) is not None


def _open(referral) -> bool:
    """An NRM referral still running: not a DtN report, not withdrawn, not disqualified."""
    return referral is not None and referral.is_nrm and not withdrawn(referral) and not disqualified(referral)


def referral_refusal(previous) -> str | None:
    """A new referral: refused while the latest is an NRM referral, not withdrawn, with no decision."""
    if previous is not None and previous.is_nrm and not withdrawn(previous) and not previous.decisions.all():
        return REFERRAL_STILL_OPEN
    return None


def can_refer(where: Position) -> bool:
    return referral_refusal(where.referral) is None and where.status in (NrmStatus.NONE, *REFER_AGAIN_FROM)


def decision_refusal(referral) -> str | None:
    """Any decision on this referral."""
    if not referral.is_nrm:
        return NO_DECISION_ON_DTN
    if withdrawn(referral):
        return REFERRAL_WITHDRAWN
    return None


def decision_kind_refusal(kind: str, others) -> str | None:
    """A decision of this kind beside the referral's other decisions: one RG, then one CG
    after a positive RG."""
    rg = next((d for d in others if d.kind == DecisionKind.RG), None)
    if kind == DecisionKind.RG and rg is not None:
        return SECOND_RG
    if kind == DecisionKind.CG:
        if any(d.kind == DecisionKind.CG for d in others):
            return SECOND_CG
        if rg is None or rg.effective_outcome != Outcome.POSITIVE:
            return CG_NEEDS_POSITIVE_RG
    return None


def can_decide(referral) -> bool:
    # A disqualified referral still gets its CG decision (disqualification ends support, not the case).
    if referral is None or decision_refusal(referral) is not None:
        return False
    decisions = list(referral.decisions.all())
    return any(decision_kind_refusal(kind, decisions) is None for kind in DecisionKind)


def reconsideration_refusal(decision) -> str | None:
    if decision.outcome != Outcome.NEGATIVE:
        return RECONSIDER_POSITIVE
    if _reconsideration(decision) is not None:
        return ALREADY_RECONSIDERED
    return None


def disqualification_refusal(referral) -> str | None:
    rg = decision_of(referral, DecisionKind.RG)
    if rg is None or rg.effective_outcome != Outcome.POSITIVE:
        return POD_NEEDS_RG
    if disqualified(referral):
        return ALREADY_RECORDED
    return None


def can_disqualify(referral) -> bool:
    """Offered before the CG decision (the services accept one later, for the record)."""
    if not _open(referral) or decision_of(referral, DecisionKind.CG) is not None:
        return False
    return disqualification_refusal(referral) is None


def can_reconsider_disqualification(referral) -> bool:
    """A disqualification whose reconsideration is not asked for yet, or still waiting."""
    disqualification = getattr(referral, "disqualification", None) if referral is not None else None
    return disqualification is not None and disqualification.reconsideration_outcome in (
        "",
        DisqualificationReconsiderationOutcome.PENDING,
    )


def withdrawal_refusal(referral) -> str | None:
    if referral.age_at_referral == AgeGroup.CHILD:
        return CHILD_CANNOT_WITHDRAW
    if withdrawn(referral):
        return ALREADY_RECORDED
    if decision_of(referral, DecisionKind.CG) is not None:
        return WITHDRAWN_AFTER_CG
    return None


def can_withdraw(referral) -> bool:
    # The panel offers it only for a known adult (an age left blank is asked first); the
    # service accepts any referral that is not a child's.
    return (
        _open(referral)
        and referral.age_at_referral == AgeGroup.ADULT
        and withdrawal_refusal(referral) is None
    )
