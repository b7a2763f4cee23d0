"""The stage of the NRM an entitlement received (or refused) falls in, for the managers' report
(docs/domain.md, Entitlements received): during the NRM until the Conclusive Grounds decision,
after it from the day of the decision. Not what the law provides: support/rules/entitlements.py."""

from datetime import date

DURING_NRM, AFTER_NRM = "during", "after"
STAGES = [(DURING_NRM, "During the NRM"), (AFTER_NRM, "After the CG decision")]


def stage(start_on: date, cg_decided_on: date | None) -> str:
    """During the NRM: before the case's first CG decision, or while there is none."""
    if cg_decided_on is None or start_on < cg_decided_on:
        return DURING_NRM
    return AFTER_NRM
