"""Support demo data: periods of support of every shape after a positive RG (continuous, with
a gap, ended early, planned to end short of the 12 months) and, after a positive CG, a Recovery
Needs Assessment and permission to stay."""

import random
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from casework import clocks
from casework.models import Case
from casework.vocabularies import Gender, Nation
from support.demo.nrm import BATCH, SEED, pick
from support.models import PermissionToStay, RecoveryNeedsAssessment, SupportPeriod
from support.rules import needs_assessments
from support.rules.entitlements import adult_rules_apply, is_child, is_devolved
from support.rules.nrm_deadlines import disqualification_stands
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

NEEDS = [
    "Counselling for trauma, weekly, for at least six months; help to register with a GP and a dentist.",
    "Safe accommodation until housing is found; support to open a bank account and claim benefits.",
    "An interpreter for appointments; help with the immigration solicitor; English classes.",
]
COMMENTS = ["I want to stay near my counsellor.", "أريد أن أبقى قريبة من المدرسة.", ""]
SERVICES = [
    "Accommodation and outreach support; counselling through the Victim Care Contract.",
    "Outreach support and financial support while the benefits claim is decided.",
]
# Every stage of an assessment, taken in turn over each caseworker's eligible cases in case order.
RNA_STAGES = ["draft", "shared", "submitted", "continued", "move_on"]


def _needs_assessments(rng, case, cg, today, turn: int) -> list[RecoveryNeedsAssessment]:
    """One Recovery Needs Assessment after a positive CG, at the stage whose turn it is: a draft,
    shared, submitted (some awaiting a decision past the policy's working days), or decided
    (continued support with the services agreed, or move-on)."""
    due = needs_assessments.first_due(cg)
    shared = due - timedelta(days=rng.randint(2, 8))
    submitted = shared + timedelta(days=rng.randint(0, 3))
    decided = submitted + timedelta(days=rng.randint(7, 30))
    stage = RNA_STAGES[turn % len(RNA_STAGES)]  # in turn, so even a small caseload has every stage
    # Never a step dated after today (the forms refuse it): after a recent CG the steps are
    # drawn closer together, each still on or after the one before and the CG's receipt.
    decided = min(decided, today)
    submitted = min(submitted, decided)
    shared = min(shared, submitted)
    assessment = RecoveryNeedsAssessment(
        case=case, due_on=due, needs=rng.choice(NEEDS), recorded_by=case.created_by
    )
    if stage != "draft":
        assessment.shared_on = shared
        assessment.survivor_comments = rng.choice(COMMENTS)
    if stage in ("submitted", "continued", "move_on"):
        assessment.submitted_on = submitted
    if stage == "continued":
        until = decided + timedelta(days=rng.randint(90, 180))
        assessment.decided_on = decided
        assessment.outcome = RnaOutcome.CONTINUED
        assessment.services_agreed = rng.choice(SERVICES)
        assessment.support_until = until
        assessment.next_review_on = until - timedelta(days=14)
        assessment.reasons = (
            "Recovery needs arising from the exploitation that other services cannot yet meet."
        )
    elif stage == "move_on":
        assessment.decided_on = decided
        assessment.outcome = RnaOutcome.MOVE_ON
        assessment.reasons = "Needs can be met by local services; a transition plan is agreed."
    return [assessment]


SHAPES = [("continuous", 35), ("gap", 20), ("ended_early", 15), ("planned_short", 15), ("none", 15)]


def _support_story(rng, case, today, turns):
    """Support periods (and, after a positive CG, an RNA and permission to stay) for one case."""
    referral = latest_referral(case)
    if referral is None or not referral.is_nrm:
        return [], [], []
    rg = decision_of(referral, DecisionKind.RG)
    if rg is None or rg.outcome != Outcome.POSITIVE:
        return [], [], []
    cg = decision_of(referral, DecisionKind.CG)
    shape = pick(rng, SHAPES)
    needs_assessment = (
        cg is not None
        and cg.outcome == Outcome.POSITIVE
        and adult_rules_apply(referral)
        and not is_devolved(referral)
    )
    if shape == "none" and needs_assessment:
        shape = "continuous"  # supported, so its Recovery Needs Assessment is seeded (and only once)
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
        if needs_assessment:
            turn = turns.get(case.assignee_id, 0)
            turns[case.assignee_id] = turn + 1
            assessments += _needs_assessments(rng, case, cg, today, turn)
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
    if not adult_rules_apply(referral) or is_devolved(referral):
        assessments = []  # the Recovery Needs Assessment is the Victim Care Contract's (adults, E&W)
    return _as_the_rules_say(periods, referral, case, cg, today), assessments, permissions


# Who gives adult NRM support outside England and Wales (made-up wording of real arrangements:
# the Scottish Government funds TARA for women and Migrant Help for men; Northern Ireland's
# Department of Justice funds Belfast and Lisburn Women's Aid and Migrant Help).
DEVOLVED_PROVIDERS = {
    Nation.SCOTLAND: ("TARA (Scottish Government support)", "Migrant Help (Scottish Government support)"),
    Nation.NORTHERN_IRELAND: (
        "Belfast and Lisburn Women's Aid (Department of Justice support)",
        "Migrant Help (Department of Justice support)",
    ),
}


def _as_the_rules_say(periods, referral, case, cg, today):
    """The stories above are drawn for an adult in England and Wales; make each follow the rules
    the case pages explain (support/rules/entitlements.py): a child is supported by the local
    authority, an adult in Scotland or Northern Ireland by its own service, never the Victim Care
    Contract; NRM support stops with a public order disqualification, and after a negative CG
    (the exit period in England and Wales, the CG itself where devolved). Our own organisation's
    support goes on."""
    women = case.gender == Gender.FEMALE
    kept = []
    for period in periods:
        if period.provider == SupportProvider.VICTIM_CARE_CONTRACT:
            if is_child(referral):
                period.provider = SupportProvider.LOCAL_AUTHORITY
            elif is_devolved(referral):
                period.provider = SupportProvider.OTHER
                period.provider_name = DEVOLVED_PROVIDERS[referral.nation][0 if women else 1]
        stop = None
        if period.provider != SupportProvider.OWN_ORGANISATION and adult_rules_apply(referral):
            if disqualification_stands(referral):
                stop = (referral.disqualification.decided_on, SupportEndReason.OTHER)
            elif cg is not None and cg.outcome == Outcome.NEGATIVE:
                end = cg.decided_on if is_devolved(referral) else clocks.exit_period_end(cg.decided_on)
                stop = (end, SupportEndReason.WITHDRAWN_AFTER_NEGATIVE)
        if stop is not None and stop[0] <= today and (period.end_on is None or period.end_on > stop[0]):
            if stop[0] < period.start_on:
                continue  # it would have started after support had stopped
            period.end_on, period.end_reason = stop
            if period.planned_end_on is not None and period.planned_end_on > period.end_on:
                period.planned_end_on = None
        kept.append(period)
    return kept


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
    turns: dict[int | None, int] = {}  # assessments drawn so far, by assignee (RNA_STAGES in turn)
    while True:
        batch = list(pending.filter(id__gt=last_id)[:BATCH])
        if not batch:
            return total
        last_id = batch[-1].id
        periods, assessments, permissions = [], [], []
        for case in batch:
            rng = random.Random(SEED * 7 + case.id)  # noqa: S311 (the same demo every time, not security)
            p, a, v = _support_story(rng, case, today, turns)
            periods += p
            assessments += a
            permissions += v
        with transaction.atomic():
            SupportPeriod.objects.bulk_create(periods)
            RecoveryNeedsAssessment.objects.bulk_create(assessments)
            PermissionToStay.objects.bulk_create(permissions)
        total += len(periods)
