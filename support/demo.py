"""NRM demo data: referrals at every stage, in batches (for `seed_demo --cases 100000`).

Each case without a referral gets a story chosen from STAGES by a seeded random number, so
the same demo always comes out: overdue RGs, long CG waits, negative decisions with the
reconsideration window open, Scottish and Northern Irish cases, children, Duty to Notify."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework import clocks
from casework.models import Case, Consent
from casework.vocabularies import AgeAtExploitation, ConsentDecision, ConsentPurpose, Nation
from support.models import (
    Decision,
    PermissionToStay,
    PublicOrderDisqualification,
    Reconsideration,
    RecoveryNeedsAssessment,
    Referral,
    SupportPeriod,
    Withdrawal,
)
from support.rules.nrm_status import decision_of, latest_referral
from support.selectors.nrm import NRM_PREFETCH
from support.vocabularies import DecisionKind, FirstResponder, ReconsiderationOutcome

SEED = 5_2026
BATCH = 2000

# (stage, weight)
STAGES = [
    ("none", 12),
    ("dtn", 6),
    ("rg_fresh", 5),
    ("rg_overdue", 7),
    ("rg_negative_window_open", 5),
    ("rg_negative_reconsidering", 3),
    ("rg_negative_closed", 3),
    ("recovery_period", 8),
    ("cg_waiting", 30),
    ("cg_positive", 8),
    ("cg_positive_old", 8),
    ("cg_negative", 3),
    ("withdrawn", 3),
    ("disqualified", 2),
]
NATIONS = [(Nation.ENGLAND, 82), (Nation.WALES, 6), (Nation.SCOTLAND, 7), (Nation.NORTHERN_IRELAND, 5)]
FROS = [
    FirstResponder.SALVATION_ARMY,
    FirstResponder.POLICE,
    FirstResponder.LOCAL_AUTHORITY,
    FirstResponder.MIGRANT_HELP,
    FirstResponder.BARNARDOS,
    FirstResponder.UKVI,
]


def _pick(rng, weighted):
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _story(rng, case, today):
    """The referral and its records for one case, as unsaved objects (None for no referral)."""
    stage = _pick(rng, STAGES)
    if stage == "none":
        return None
    child = case.age_at_exploitation == AgeAtExploitation.CHILD
    if stage == "dtn" and child:
        stage = "cg_waiting"
    if stage == "withdrawn" and child:
        stage = "cg_positive"
    nation = _pick(rng, NATIONS)
    if stage == "dtn":
        nation = Nation.ENGLAND
    ages = {
        "rg_fresh": (0, 3),
        "rg_overdue": (10, 45),
        "rg_negative_window_open": (12, 30),
        "rg_negative_reconsidering": (40, 120),
        "rg_negative_closed": (90, 400),
        "recovery_period": (8, 30),
        "cg_waiting": (45, 900),
        "cg_positive": (200, 500),
        "cg_positive_old": (650, 1100),
        "cg_negative": (200, 900),
        "withdrawn": (20, 300),
        "disqualified": (60, 400),
        "dtn": (5, 600),
    }[stage]
    submitted = today - timedelta(days=rng.randint(*ages))
    submitted = max(submitted, case.opened_on - timedelta(days=rng.randint(0, 20)))
    referral = Referral(
        case=case,
        kind="dtn" if stage == "dtn" else "nrm",
        submitted_on=submitted,
        first_responder=rng.choice(FROS),
        referred_by=case.created_by if rng.random() < 0.6 else None,
        age_at_referral="child" if child else "adult",
        competent_authority="" if stage == "dtn" else ("sca" if child or rng.random() < 0.8 else "ieca"),
        nation=nation,
        created_by=case.created_by,
    )
    referral.rg_due_on = clocks.rg_due(submitted, referral.working_day_calendar)  # bulk_create skips save()
    consent = None
    if not child:
        consent = Consent(
            case=case,
            purpose=ConsentPurpose.NRM_REFERRAL,
            decision=ConsentDecision.REFUSED if stage == "dtn" else ConsentDecision.GIVEN,
            decided_on=submitted,
            recorded_by=case.created_by,
        )
    records = []
    if stage in ("dtn", "rg_fresh", "rg_overdue", "withdrawn"):
        if stage == "withdrawn":
            records.append(
                Withdrawal(
                    withdrawn_on=submitted + timedelta(days=rng.randint(1, 15)), recorded_by=case.created_by
                )
            )
        return referral, consent, records
    rg_on = min(submitted + timedelta(days=rng.randint(3, 12)), today)
    negative_rg = stage.startswith("rg_negative")
    served = min(rg_on + timedelta(days=rng.randint(0, 4)), today)
    rg = Decision(
        kind="rg",
        outcome="negative" if negative_rg else "positive",
        decided_on=rg_on,
        served_on=served,
        recorded_by=case.created_by,
    )
    records.append(rg)
    if stage == "rg_negative_reconsidering":
        records.append(
            (
                "reconsider",
                rg,
                Reconsideration(
                    requested_on=min(today, served + timedelta(days=rng.randint(3, 25))),
                    recorded_by=case.created_by,
                ),
            )
        )
    if stage == "recovery_period":  # submitted 8-30 days ago, so the RG is under 30 days old
        rg.decided_on = rg.served_on = min(today, submitted + timedelta(days=rng.randint(3, 7)))
    old = stage == "cg_positive_old"  # a CG over a year ago: its 12 months have run
    if old:
        stage = "cg_positive"
    if stage in ("cg_positive", "cg_negative"):
        wait = rng.randint(120, 250) if old else rng.randint(120, 700)
        cg_on = min(rg_on + timedelta(days=wait), today - timedelta(days=rng.randint(1, 60)))
        cg_on = max(cg_on, rg_on + timedelta(days=45))
        if cg_on <= today:
            records.append(
                Decision(
                    kind="cg",
                    outcome="positive" if stage == "cg_positive" else "negative",
                    decided_on=cg_on,
                    served_on=cg_on + timedelta(days=rng.randint(0, 5)),
                    recorded_by=case.created_by,
                )
            )
    if stage == "disqualified":
        records.append(
            PublicOrderDisqualification(
                decided_on=rg_on + timedelta(days=rng.randint(10, 50)), recorded_by=case.created_by
            )
        )
    return referral, consent, records


def seed_nrm(*, stdout=None) -> int:
    """Give every case without a referral its NRM story. Idempotent: cases that already
    have a referral are left alone."""
    today = timezone.localdate()
    pending = Case.objects.filter(referrals__isnull=True).select_related("created_by").order_by("id")
    total = 0
    last_id = 0
    while True:
        batch = list(pending.filter(id__gt=last_id)[:BATCH])
        if not batch:
            return total
        last_id = batch[-1].id
        stories = []
        for case in batch:
            rng = random.Random(SEED + case.id)
            story = _story(rng, case, today)
            if story is not None:
                stories.append(story)
        with transaction.atomic():
            Consent.objects.bulk_create([consent for _r, consent, _x in stories if consent is not None])
            for referral, consent, _records in stories:
                referral.consent = consent
            Referral.objects.bulk_create([referral for referral, _c, _x in stories])
            decisions, reconsiderations, others = [], [], []
            for referral, _c, records in stories:
                for record in records:
                    if isinstance(record, tuple):
                        _tag, decision, reconsideration = record
                        reconsiderations.append((decision, reconsideration))
                    elif isinstance(record, Decision):
                        record.referral = referral
                        decisions.append(record)
                    else:
                        record.referral = referral
                        others.append(record)
            Decision.objects.bulk_create(decisions)
            for decision, reconsideration in reconsiderations:
                reconsideration.decision = decision
                reconsideration.outcome = ReconsiderationOutcome.PENDING
            Reconsideration.objects.bulk_create([r for _d, r in reconsiderations])
            Withdrawal.objects.bulk_create([o for o in others if isinstance(o, Withdrawal)])
            PublicOrderDisqualification.objects.bulk_create(
                [o for o in others if isinstance(o, PublicOrderDisqualification)]
            )
        total += len(stories)
        if stdout is not None and total > BATCH:
            stdout.write(f"  {total} referrals")


SHAPES = [("continuous", 35), ("gap", 20), ("ended_early", 15), ("planned_short", 15), ("none", 15)]


def _support_story(rng, case, today):
    """Support periods (and, after a positive CG, an RNA and permission to stay) for one case."""
    referral = latest_referral(case)
    if referral is None or not referral.is_nrm:
        return [], [], []
    rg = decision_of(referral, DecisionKind.RG)
    if rg is None or rg.outcome != "positive":
        return [], [], []
    cg = decision_of(referral, DecisionKind.CG)
    shape = _pick(rng, SHAPES)
    if shape == "none":
        return [], [], []
    by = case.created_by
    start = max(rg.decided_on, referral.submitted_on)
    kind = "accommodation" if rng.random() < 0.6 else "outreach"
    periods = []
    if shape == "continuous" and cg is not None and cg.decided_on + timedelta(days=400) < today:
        # Supported right through the 12 months, then a planned end: the guarantee was met.
        periods.append(
            SupportPeriod(
                case=case,
                provider="vcc",
                kind=kind,
                start_on=start,
                end_on=cg.decided_on + timedelta(days=390),
                end_reason="planned_end",
                recorded_by=by,
            )
        )
    elif shape == "continuous":
        periods.append(SupportPeriod(case=case, provider="vcc", kind=kind, start_on=start, recorded_by=by))
        periods.append(
            SupportPeriod(
                case=case,
                provider="own",
                kind="counselling",
                start_on=min(today, start + timedelta(days=20)),
                recorded_by=by,
            )
        )
    elif shape == "gap":
        first_end = min(today, start + timedelta(days=rng.randint(60, 200)))
        periods.append(
            SupportPeriod(
                case=case,
                provider="vcc",
                kind=kind,
                start_on=start,
                end_on=first_end,
                end_reason="lost_contact",
                recorded_by=by,
            )
        )
        restart = first_end + timedelta(days=rng.randint(10, 40))
        if restart <= today:
            periods.append(
                SupportPeriod(case=case, provider="own", kind="outreach", start_on=restart, recorded_by=by)
            )
    elif shape == "ended_early":
        end = min(today, start + timedelta(days=rng.randint(90, 300)))
        periods.append(
            SupportPeriod(
                case=case,
                provider="vcc",
                kind=kind,
                start_on=start,
                end_on=end,
                end_reason=rng.choice(["survivor_left", "moved_out_of_area", "withdrawn_after_negative"]),
                recorded_by=by,
            )
        )
    else:  # planned to end before the 12 months are up
        planned = (cg.decided_on if cg else start) + timedelta(days=rng.randint(100, 300))
        periods.append(
            SupportPeriod(
                case=case,
                provider="local_authority",
                kind=kind,
                start_on=start,
                planned_end_on=max(planned, start),
                recorded_by=by,
            )
        )
    assessments, permissions = [], []
    if cg is not None and cg.outcome == "positive":
        due = cg.decided_on + timedelta(days=30)
        submitted = due - timedelta(days=rng.randint(0, 10)) if due < today and rng.random() < 0.7 else None
        assessments.append(
            RecoveryNeedsAssessment(
                case=case,
                due_on=due,
                submitted_on=submitted,
                outcome="extended" if submitted else "pending",
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
                    decision="granted" if granted else "pending",
                    decided_on=decided if granted else None,
                    expires_on=decided + timedelta(days=365) if granted else None,
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
            p, a, v = _support_story(random.Random(SEED * 7 + case.id), case, today)
            periods += p
            assessments += a
            permissions += v
        with transaction.atomic():
            SupportPeriod.objects.bulk_create(periods)
            RecoveryNeedsAssessment.objects.bulk_create(assessments)
            PermissionToStay.objects.bulk_create(permissions)
        total += len(periods)
