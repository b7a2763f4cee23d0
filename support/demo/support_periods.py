"""Support demo data: periods of support of every shape after a positive RG (continuous, with
a gap, ended early, planned to end short of the 12 months) and, after a positive CG, a Recovery
Needs Assessment and permission to stay."""

import random
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from casework.models import Case
from support.demo.nrm import BATCH, SEED, pick
from support.models import PermissionToStay, RecoveryNeedsAssessment, SupportPeriod
from support.rules.nrm_status import decision_of, latest_referral
from support.selectors.nrm import NRM_PREFETCH
from support.vocabularies import (
    DecisionKind,
    Outcome,
    PermissionDecision,
    PermissionGround,
    RnaOutcome,
    SupportEndReason,
    SupportKind,
    SupportProvider,
)

SHAPES = [("continuous", 35), ("gap", 20), ("ended_early", 15), ("planned_short", 15), ("none", 15)]


def _support_story(rng, case, today):
    """Support periods (and, after a positive CG, an RNA and permission to stay) for one case."""
    referral = latest_referral(case)
    if referral is None or not referral.is_nrm:
        return [], [], []
    rg = decision_of(referral, DecisionKind.RG)
    if rg is None or rg.outcome != Outcome.POSITIVE:
        return [], [], []
    cg = decision_of(referral, DecisionKind.CG)
    shape = pick(rng, SHAPES)
    if shape == "none":
        return [], [], []
    by = case.created_by
    period = partial(SupportPeriod, case=case, recorded_by=by)  # every period of this case
    start = max(rg.decided_on, referral.submitted_on)
    kind = SupportKind.ACCOMMODATION if rng.random() < 0.6 else SupportKind.OUTREACH
    periods = []
    if shape == "continuous" and cg is not None and cg.decided_on + timedelta(days=400) < today:
        # Supported right through the 12 months, then a planned end: the guarantee was met.
        periods.append(
            period(
                provider=SupportProvider.VICTIM_CARE_CONTRACT,
                kind=kind,
                start_on=start,
                end_on=cg.decided_on + timedelta(days=390),
                end_reason=SupportEndReason.PLANNED_END,
            )
        )
    elif shape == "continuous":
        periods.append(period(provider=SupportProvider.VICTIM_CARE_CONTRACT, kind=kind, start_on=start))
        periods.append(
            period(
                provider=SupportProvider.OWN_ORGANISATION,
                kind=SupportKind.COUNSELLING,
                start_on=min(today, start + timedelta(days=20)),
            )
        )
    elif shape == "gap":
        first_end = min(today, start + timedelta(days=rng.randint(60, 200)))
        periods.append(
            period(
                provider=SupportProvider.VICTIM_CARE_CONTRACT,
                kind=kind,
                start_on=start,
                end_on=first_end,
                end_reason=SupportEndReason.LOST_CONTACT,
            )
        )
        restart = first_end + timedelta(days=rng.randint(10, 40))
        if restart <= today:
            periods.append(
                period(provider=SupportProvider.OWN_ORGANISATION, kind=SupportKind.OUTREACH, start_on=restart)
            )
    elif shape == "ended_early":
        end = min(today, start + timedelta(days=rng.randint(90, 300)))
        periods.append(
            period(
                provider=SupportProvider.VICTIM_CARE_CONTRACT,
                kind=kind,
                start_on=start,
                end_on=end,
                end_reason=rng.choice(
                    [
                        SupportEndReason.SURVIVOR_ENDED,
                        SupportEndReason.MOVED_OUT_OF_AREA,
                        SupportEndReason.WITHDRAWN_AFTER_NEGATIVE,
                    ]
                ),
            )
        )
    else:  # planned to end before the 12 months are up
        planned = (cg.decided_on if cg else start) + timedelta(days=rng.randint(100, 300))
        periods.append(
            period(
                provider=SupportProvider.LOCAL_AUTHORITY,
                kind=kind,
                start_on=start,
                planned_end_on=max(planned, start),
            )
        )
    assessments, permissions = [], []
    if cg is not None and cg.outcome == Outcome.POSITIVE:
        due = cg.decided_on + timedelta(days=30)
        submitted = due - timedelta(days=rng.randint(0, 10)) if due < today and rng.random() < 0.7 else None
        assessments.append(
            RecoveryNeedsAssessment(
                case=case,
                due_on=due,
                submitted_on=submitted,
                outcome=RnaOutcome.EXTENDED if submitted else RnaOutcome.PENDING,
                recorded_by=by,
            )
        )
        if "GB" not in [c.code for c in case.nationalities]:
            granted = rng.random() < 0.6
            decided = min(today, cg.decided_on + timedelta(days=rng.randint(30, 120)))
            permissions.append(
                PermissionToStay(
                    case=case,
                    considered_from=cg.decided_on,
                    decision=PermissionDecision.GRANTED if granted else PermissionDecision.PENDING,
                    decided_on=decided if granted else None,
                    expires_on=decided + timedelta(days=365) if granted else None,
                    ground=PermissionGround.COMPENSATION if granted else "",
                    recorded_by=by,
                )
            )
    return periods, assessments, permissions


def seed_support(*, stdout=None) -> int:
    """Support histories of every shape for cases past a positive RG that have none yet."""
    today = timezone.localdate()
    pending = (
        Case.objects.filter(support_periods__isnull=True, referrals__isnull=False)
        .distinct()
        .prefetch_related(NRM_PREFETCH)
        .select_related("created_by")
        .order_by("id")
    )
    total, last_id = 0, 0
    while True:
        batch = list(pending.filter(id__gt=last_id)[:BATCH])
        if not batch:
            return total
        last_id = batch[-1].id
        periods, assessments, permissions = [], [], []
        for case in batch:
            rng = random.Random(SEED * 7 + case.id)  # noqa: S311 (the same demo every time, not security)
            p, a, v = _support_story(rng, case, today)
            periods += p
            assessments += a
            permissions += v
        with transaction.atomic():
            SupportPeriod.objects.bulk_create(periods)
            RecoveryNeedsAssessment.objects.bulk_create(assessments)
            PermissionToStay.objects.bulk_create(permissions)
        total += len(periods)
