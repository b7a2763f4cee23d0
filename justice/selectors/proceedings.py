"""What the case page and My work read of a proceeding or a claim."""

from datetime import date

from casework import clocks
from justice import rules
from justice.models import Claim, Proceeding
from justice.vocabularies import ProceedingKind
from support.selectors.nrm import rg_decision_date


def claim_deadline(claim: Claim) -> date:
    return clocks.claim_deadline(claim.kind, claim.incident_on)


def hearing_before_rg(proceeding: Proceeding) -> date | None:
    """The first hearing of a survivor prosecuted before the NRM's RG decision, or None. The
    RG decision should come first: a positive one is evidence for the survivor's section 45
    defence (docs/domain.md, "Criminal justice")."""
    if proceeding.kind != ProceedingKind.DEFENDANT:
        return None
    hearings = sorted(m.on for m in proceeding.milestones.all() if m.kind in rules.HEARINGS)
    if not hearings:
        return None
    rg_on = rg_decision_date(proceeding.case)
    if rg_on is None or rg_on > hearings[0]:
        return hearings[0]
    return None
