"""What the case page and My work read of a proceeding (claims: justice/selectors/claims.py)."""

from datetime import date

from justice import rules
from justice.models import Proceeding
from justice.vocabularies import ProceedingKind
from support.selectors.nrm import rg_decision_date


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
