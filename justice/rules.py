"""The order of the steps of a proceeding: what each step needs first (no verdict before a
charge), which steps carry an outcome, which may be listed ahead. The services check a step
against these rules when it is recorded, corrected or deleted; the panel, My work and the
backlog read HEARINGS."""

from datetime import date

from casework.ui.dates import long_date
from justice.models import Proceeding
from justice.vocabularies import MilestoneKind, MilestoneOutcome, ProceedingKind

CONVICTED = (MilestoneOutcome.GUILTY, MilestoneOutcome.MIXED)

# What each milestone needs first: (kind, outcomes that count, or None for any).
REQUIRES: dict[str, tuple[tuple[str, tuple | None], ...]] = {
    MilestoneKind.CRIME_RECORDED: ((MilestoneKind.REPORTED, None),),
    MilestoneKind.ABE_INTERVIEW: ((MilestoneKind.REPORTED, None),),
    MilestoneKind.EARLY_ADVICE: ((MilestoneKind.REPORTED, None),),
    MilestoneKind.SUSPECT_ARRESTED: ((MilestoneKind.REPORTED, None),),
    MilestoneKind.FIRST_APPEARANCE: ((MilestoneKind.CHARGING_DECISION, (MilestoneOutcome.CHARGED,)),),
    MilestoneKind.PLEA: ((MilestoneKind.FIRST_APPEARANCE, None),),
    MilestoneKind.SPECIAL_MEASURES_APPLIED: ((MilestoneKind.CHARGING_DECISION, (MilestoneOutcome.CHARGED,)),),
    MilestoneKind.SPECIAL_MEASURES_GRANTED: ((MilestoneKind.SPECIAL_MEASURES_APPLIED, None),),
    MilestoneKind.TRIAL_LISTED: ((MilestoneKind.FIRST_APPEARANCE, None),),
    MilestoneKind.TRIAL_STARTED: ((MilestoneKind.TRIAL_LISTED, None),),
    MilestoneKind.TRIAL_ADJOURNED: ((MilestoneKind.TRIAL_LISTED, None),),
    MilestoneKind.VERDICT: ((MilestoneKind.CHARGING_DECISION, (MilestoneOutcome.CHARGED,)),),
    MilestoneKind.VPS_READ: ((MilestoneKind.VPS_MADE, None),),
    MilestoneKind.SENTENCE: ((MilestoneKind.VERDICT, CONVICTED),),
    MilestoneKind.REPARATION_ORDER: ((MilestoneKind.VERDICT, CONVICTED),),  # needs a conviction (MSA s8)
    MilestoneKind.APPEAL: ((MilestoneKind.VERDICT, None),),
    # The Victims' Right to Review is of a decision not to charge (justice/rights.py).
    MilestoneKind.VRR_REQUESTED: ((MilestoneKind.CHARGING_DECISION, (MilestoneOutcome.NO_FURTHER_ACTION,)),),
    MilestoneKind.VRR_DECISION: ((MilestoneKind.VRR_REQUESTED, None),),
}
# For a victim-witness proceeding the charging decision follows the report.
VICTIM_REQUIRES: dict[str, tuple[tuple[str, tuple | None], ...]] = {
    MilestoneKind.CHARGING_DECISION: ((MilestoneKind.REPORTED, None),)
}
OUTCOMES: dict[str, tuple[str, ...]] = {
    MilestoneKind.CHARGING_DECISION: (MilestoneOutcome.CHARGED, MilestoneOutcome.NO_FURTHER_ACTION),
    MilestoneKind.PLEA: (MilestoneOutcome.GUILTY, MilestoneOutcome.NOT_GUILTY, MilestoneOutcome.MIXED),
    MilestoneKind.VERDICT: (MilestoneOutcome.GUILTY, MilestoneOutcome.NOT_GUILTY, MilestoneOutcome.MIXED),
    MilestoneKind.VRR_DECISION: (MilestoneOutcome.UPHELD, MilestoneOutcome.OVERTURNED),
}
# Hearings are listed ahead: their dates may be in the future.
HEARINGS = (
    MilestoneKind.FIRST_APPEARANCE,
    MilestoneKind.TRIAL_LISTED,
    MilestoneKind.TRIAL_STARTED,
    MilestoneKind.HEARING,
)
MAY_BE_FUTURE = HEARINGS
DEFENDANT_ONLY = (MilestoneKind.HEARING,)
VICTIM_ONLY = (MilestoneKind.VRR_REQUESTED, MilestoneKind.VRR_DECISION)

NEEDS_FIRST = "Record “{needed}” first: {kind} cannot come before it."
BEFORE_PREREQUISITE = "{kind} cannot be dated before “{needed}” ({day})."


def requirements(proceeding: Proceeding, kind: str):
    if proceeding.kind == ProceedingKind.VICTIM_WITNESS and kind in VICTIM_REQUIRES:
        return VICTIM_REQUIRES[kind]
    return REQUIRES.get(kind, ())


def unmet(proceeding: Proceeding, kind: str, on: date, existing) -> dict | None:
    """What `kind` on `on` needs first and the other steps do not give, as {field: message}."""
    label = MilestoneKind(kind).label
    for needed, outcomes in requirements(proceeding, kind):
        found = [m for m in existing if m.kind == needed and (outcomes is None or m.outcome in outcomes)]
        needed_label = MilestoneKind(needed).label + (
            f" ({MilestoneOutcome(outcomes[0]).label.lower()})" if outcomes else ""
        )
        if not found:
            return {"kind": NEEDS_FIRST.format(needed=needed_label, kind=label)}
        earliest = min(m.on for m in found)
        if on < earliest:
            return {
                "on": BEFORE_PREREQUISITE.format(kind=label, needed=needed_label, day=long_date(earliest))
            }
    return None
