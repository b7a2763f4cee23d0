"""The stage of the NRM an entitlement received (or refused) falls in, for the managers' report
(docs/domain.md, Entitlements received). Taken per referral: the NRM referral in force on the
day (the latest submitted on or before it) is "during the NRM" until it ends, at the earliest of
its Conclusive Grounds decision, a negative Reasonable Grounds decision (unless overturned on
reconsideration) and its withdrawal; "after the NRM" from that day until a re-referral starts a
new one. An earlier referral's CG never makes a later referral's NRM "after". Before any NRM
referral is its own stage. Not what the law provides: support/rules/entitlements.py."""

from dataclasses import dataclass
from datetime import date

BEFORE_NRM, DURING_NRM, AFTER_NRM = "before", "during", "after"
STAGES = [
    (BEFORE_NRM, "Before an NRM referral"),
    (DURING_NRM, "During the NRM"),
    (AFTER_NRM, "After the NRM ended"),
]


@dataclass(frozen=True)
class NrmSpan:
    """One NRM referral: the day it was submitted and the day its NRM ended (None: not yet)."""

    submitted_on: date
    ended_on: date | None


def nrm_end(*, cg_on: date | None, negative_rg_on: date | None, withdrawn_on: date | None) -> date | None:
    """The earliest of the CG decision, a negative RG decision and the withdrawal."""
    days = [day for day in (cg_on, negative_rg_on, withdrawn_on) if day is not None]
    return min(days) if days else None


def stage(day: date, spans: list[NrmSpan]) -> str:
    """The stage on `day`, by the referral in force then (the latest submitted on or before it)."""
    in_force = [span for span in spans if span.submitted_on <= day]
    if not in_force:
        return BEFORE_NRM
    current = max(in_force, key=lambda span: span.submitted_on)
    if current.ended_on is None or day < current.ended_on:
        return DURING_NRM
    return AFTER_NRM
