"""Criminal-justice demo data with realistic attrition: most reports are investigated, few
are charged, fewer still end in conviction; some survivors withdraw, and why."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework.models import Case
from justice.models import Claim, Milestone, Proceeding
from justice.vocabularies import DisengagementReason, MilestoneKind, MilestoneOutcome, PoliceForce

SEED = 7_2026
BATCH = 2000

# How far a report goes (weights), and the steps on the way with the days between them.
ATTRITION = {
    "reported": 30,
    "investigated": 25,
    "no_further_action": 15,
    "charged": 10,
    "acquitted": 5,
    "convicted": 15,
}
_INVESTIGATED = [(MilestoneKind.CRIME_RECORDED, (1, 10), ""), (MilestoneKind.ABE_INTERVIEW, (5, 40), "")]
_CHARGED = [
    *_INVESTIGATED,
    (MilestoneKind.CHARGING_DECISION, (60, 300), MilestoneOutcome.CHARGED),
    (MilestoneKind.FIRST_APPEARANCE, (1, 30), ""),
    (MilestoneKind.TRIAL_LISTED, (20, 90), ""),
]
LADDERS = {
    "reported": [],
    "investigated": _INVESTIGATED,
    "no_further_action": [
        *_INVESTIGATED,
        (MilestoneKind.CHARGING_DECISION, (60, 300), MilestoneOutcome.NO_FURTHER_ACTION),
    ],
    "charged": _CHARGED,
    "acquitted": [*_CHARGED, (MilestoneKind.VERDICT, (60, 300), MilestoneOutcome.NOT_GUILTY)],
    "convicted": [
        *_CHARGED,
        (MilestoneKind.VERDICT, (60, 300), MilestoneOutcome.GUILTY),
        (MilestoneKind.SENTENCE, (14, 60), ""),
    ],
}


def _proceeding_story(rng, case, today):
    by = case.created_by
    reported = case.opened_on + timedelta(days=rng.randint(0, 60))
    if reported > today:
        return None, []
    proceeding = Proceeding(
        case=case,
        kind="victim_witness",
        police_force=rng.choice(PoliceForce.values),
        crime_reference=f"CR/{rng.randint(10000, 99999)}/{reported:%y}",
        created_by=by,
    )
    steps = [(MilestoneKind.REPORTED, reported, "")]
    day = reported
    for kind, gap, outcome in LADDERS[rng.choices(list(ATTRITION), weights=list(ATTRITION.values()))[0]]:
        day = day + timedelta(days=rng.randint(*gap))
        if day > today and kind not in (MilestoneKind.FIRST_APPEARANCE, MilestoneKind.TRIAL_LISTED):
            break  # only hearings are listed ahead
        steps.append((kind, day, outcome))
        if day > today:
            break
    if rng.random() < 0.2:
        proceeding.engagement = "withdrawn"
        proceeding.engagement_changed_on = min(today, steps[-1][1] + timedelta(days=rng.randint(5, 60)))
        proceeding.disengagement_reason = rng.choice(DisengagementReason.values)
    milestones = [
        Milestone(
            proceeding=proceeding,
            kind=kind,
            on=on,
            outcome=outcome,
            recorded_by=by,
            defendant="Defendant 1" if kind == MilestoneKind.VERDICT else "",
            custody_months=rng.randint(18, 96) if kind == MilestoneKind.SENTENCE else None,
            survivor_told_on=on + timedelta(days=rng.randint(0, 5))
            if kind == MilestoneKind.CHARGING_DECISION
            else None,
        )
        for kind, on, outcome in steps
    ]
    for m in milestones:
        if m.survivor_told_on and m.survivor_told_on > today:
            m.survivor_told_on = today
    return proceeding, milestones


def _time_limit_facts(rng, claim: Claim, today) -> None:
    """Some tribunal claims went through ACAS early conciliation (Day A within the three
    months, the certificate two to six weeks later); some CICA claims were reported to the police."""
    if claim.kind == "employment_tribunal" and rng.random() < 0.5:
        day_a = claim.incident_on + timedelta(days=rng.randint(20, 80))
        day_b = day_a + timedelta(days=rng.randint(14, 42))
        if day_b <= today:
            claim.acas_day_a, claim.acas_day_b = day_a, day_b
    if claim.kind == "cica" and rng.random() < 0.7:
        claim.first_reported_on = min(today, claim.incident_on + timedelta(days=rng.randint(0, 200)))


def seed_justice(*, stdout=None) -> int:
    """Proceedings and claims for cases that have none yet (idempotent)."""
    today = timezone.localdate()
    # Cases with neither a proceeding nor a claim: a case drawn only a claim is seeded already
    # (a second run would otherwise draw it the same claim again).
    pending = (
        Case.objects.filter(proceedings__isnull=True, claims__isnull=True)
        .select_related("created_by")
        .order_by("id")
    )
    total, last_id = 0, 0
    while True:
        batch = list(pending.filter(id__gt=last_id)[:BATCH])
        if not batch:
            return total
        last_id = batch[-1].id
        made, claims = [], []
        for case in batch:
            rng = random.Random(SEED + case.id)
            extra = random.Random(SEED * 3 + case.id)  # the time-limit facts; the story above unchanged
            if rng.random() < 0.35:
                proceeding, milestones = _proceeding_story(rng, case, today)
                if proceeding is not None:
                    made.append((proceeding, milestones))
            if rng.random() < 0.05:
                hearing = today + timedelta(days=rng.randint(-30, 20))
                defendant = Proceeding(
                    case=case,
                    kind="defendant",
                    police_force=rng.choice(PoliceForce.values),
                    s45_outcome="pending",
                    # Mostly offences the defence covers; some it leaves out (the panel warns).
                    offence_group=extra.choice(["drugs", "drugs", "documents", "theft_fraud", "robbery"]),
                    created_by=case.created_by,
                )
                made.append(
                    (
                        defendant,
                        [
                            Milestone(
                                proceeding=defendant,
                                kind=MilestoneKind.HEARING,
                                on=hearing,
                                recorded_by=case.created_by,
                            )
                        ],
                    )
                )
            if rng.random() < 0.15:
                claim = Claim(
                    case=case,
                    kind=rng.choice(["cica", "employment_tribunal", "civil"]),
                    incident_on=case.opened_on - timedelta(days=rng.randint(30, 500)),
                    recorded_by=case.created_by,
                )
                _time_limit_facts(extra, claim, today)
                claims.append(claim)
        with transaction.atomic():
            Proceeding.objects.bulk_create([p for p, _m in made])
            for proceeding, milestones in made:
                for milestone in milestones:
                    milestone.proceeding = proceeding
            Milestone.objects.bulk_create([m for _p, ms in made for m in ms])
            Claim.objects.bulk_create(claims)
        total += len(made)
