"""What a negative decision or a disqualification owes, in a caseworker's words: the
reconsideration window of a negative RG or CG decision, and what a public order
disqualification does and does not end (docs/domain.md, "NRM referral and decisions").
Works on prefetched objects: no queries of its own."""

from dataclasses import dataclass
from datetime import date

from casework import clocks
from casework.ui.dates import long_date
from support.vocabularies import DisqualificationReconsiderationOutcome


@dataclass(frozen=True)
class Owed:
    """One thing owed, in the words a caseworker uses."""

    kind: str  # stable code: rg_overdue, rg_due, cg_waiting, reconsideration_deadline, ...
    text: str
    due_on: date
    overdue: bool = False
    attention: bool = False  # overdue, or due soon enough to act on now


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def reconsideration_limit(decided_on: date) -> str:
    """How the reconsideration deadline is counted, in words, from the rows in force on the
    decision date: "30 days or one month from the decision of ..., whichever is sooner"."""
    days = clocks.policy_value("reconsideration_days", decided_on)
    months = clocks.policy_value("reconsideration_months", decided_on)
    limit = _days(days)
    if months:
        limit += " or one calendar month" if months == 1 else f" or {months} calendar months"
    sooner = ", whichever is sooner" if months else ""
    return f"{limit} from the decision of {long_date(decided_on)}{sooner}"


def reconsideration_owed(decision, label: str, today: date) -> list[Owed]:
    """A negative decision with no reconsideration yet: the last day to ask for one, counted
    from the decision date (the earlier, safer date). A decision served later says so, and
    that an extension can be asked for. No deadline before the time limit existed."""
    if getattr(decision, "reconsideration", None) is not None:
        return []
    deadline = clocks.reconsideration_deadline(decision.decided_on)
    if deadline is None:
        return [
            Owed(
                "reconsideration_no_limit",
                f"The negative {label} decision was made before reconsideration requests had a time "
                "limit: no deadline applies",
                decision.decided_on,
            )
        ]
    if today > deadline:
        return []
    limit = reconsideration_limit(decision.decided_on)
    text = f"Reconsideration must be requested by {long_date(deadline)} ({limit})"
    served = decision.served_on
    if served is not None and served > decision.decided_on:
        text += (
            f". It was served {_days((served - decision.decided_on).days)} later, on {long_date(served)}: "
            "the competent authority can be asked for an extension"
        )
    return [
        Owed("reconsideration_deadline", text, deadline, attention=clocks.is_closing_soon(deadline, today))
    ]


def disqualification_stands(referral) -> bool:
    """A public order disqualification is recorded and no reconsideration has overturned it."""
    disqualification = getattr(referral, "disqualification", None)
    return (
        disqualification is not None
        and disqualification.reconsideration_outcome != DisqualificationReconsiderationOutcome.OVERTURNED
    )


def disqualification_owed(referral, *, cg_awaited: bool) -> list[Owed]:
    """What a standing disqualification means for the case: protection and support end, the CG
    is still owed (while it is awaited); a reconsideration of it is shown while it is waiting."""
    disqualification = referral.disqualification
    ground = disqualification.get_ground_display().lower() if disqualification.ground else "public order"
    owed = [
        Owed(
            "disqualified",
            f"Disqualified on {long_date(disqualification.decided_on)} ({ground}): no protection from "
            "removal and no NRM support" + (", but the CG decision is still owed" if cg_awaited else ""),
            disqualification.decided_on,
        )
    ]
    if disqualification.reconsideration_outcome == DisqualificationReconsiderationOutcome.PENDING:
        owed.append(
            Owed(
                "disqualification_reconsideration",
                "Reconsideration of the disqualification requested on "
                f"{long_date(disqualification.reconsideration_requested_on)}",
                disqualification.reconsideration_requested_on,
            )
        )
    return owed
