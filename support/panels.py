"""The NRM section of the case page, registered with casework in SupportConfig.ready()."""

from django.db.models import prefetch_related_objects
from django.utils import timezone

from support.nrm import decision_of, position
from support.selectors import NRM_PREFETCH, referral_timeline
from support.vocabularies import DecisionKind, NrmStatus, Outcome, ReconsiderationOutcome


def nrm_panel_context(request, case) -> dict:
    prefetch_related_objects([case], NRM_PREFETCH)
    today = timezone.localdate()
    where = position(case, today)
    referral = where.referral
    rg = decision_of(referral, DecisionKind.RG) if referral else None
    cg = decision_of(referral, DecisionKind.CG) if referral else None
    open_referral = (
        referral is not None
        and referral.is_nrm
        and where.status
        not in (
            NrmStatus.WITHDRAWN,
            NrmStatus.DISQUALIFIED,
        )
    )
    decisions = [d for d in (rg, cg) if d is not None]
    return {
        "nrm": where,
        "timeline": referral_timeline(case),
        "decisions": decisions,
        "can_refer": referral is None
        or where.status
        in (
            NrmStatus.DTN_ONLY,
            NrmStatus.WITHDRAWN,
            NrmStatus.RG_NEGATIVE,
            NrmStatus.CG_NEGATIVE,
            NrmStatus.DISQUALIFIED,
            NrmStatus.CG_POSITIVE,
        ),
        "can_decide": open_referral
        and (rg is None or (cg is None and rg.effective_outcome == Outcome.POSITIVE)),
        "can_disqualify": open_referral
        and rg is not None
        and rg.effective_outcome == Outcome.POSITIVE
        and cg is None,
        "can_withdraw": open_referral and cg is None and referral.age_at_referral == "adult",
        "reconsiderable": [
            d
            for d in decisions
            if d.outcome == Outcome.NEGATIVE and getattr(d, "reconsideration", None) is None
        ],
        "pending_reconsiderations": [
            d
            for d in decisions
            if getattr(d, "reconsideration", None) is not None
            and d.reconsideration.outcome == ReconsiderationOutcome.PENDING
        ],
    }
