"""`make bench` only: gives every case of the bench database a support plan (a few needs, a
goal for each), a risk assessment (a few areas at their levels) and three outcome ratings, as
issue 19's Speed section asks, with PostgreSQL's COPY (casework/demo_copy.py insert_rows, the
way the contact and task seeders write), so 100,000 cases take minutes.

The demo's own seeders (support/demo/plans.py, risk.py, outcomes.py) show each stage on a few
cases; this one only fills the volume. It tops up: a case that already has a plan, an
assessment or any rating is left as it is, so it can run on every bench and does nothing the
second time. Fixed seed per case; invented words, no real person; each distinct sentence is
encrypted once (demo_copy's trade-off, acceptable only for made-up data)."""

import json
import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from casework.demo_copy import insert_rows
from casework.models import Case
from support.models import (
    Goal,
    Need,
    OutcomeRating,
    PlanAgreement,
    PlanReview,
    RiskAssessment,
    SupportPlan,
)
from support.rules.risk import DEFAULT_REVIEW_DAYS
from support.vocabularies import (
    CoreOutcome,
    GoalStatus,
    NeedDomain,
    NeedPriority,
    NeedStatus,
    RatingOccasion,
    RiskArea,
    RiskLevel,
)

SEED = 19_2026
BATCH = 5000

# (domain, the survivor's words, notes, goal)
NEEDS = [
    (
        NeedDomain.HOUSING,
        "I want a place where I can close the door and feel safe.",
        "In safe house accommodation; move-on to plan with the housing team.",
        "To move into a flat of my own.",
    ),
    (
        NeedDomain.MEDICAL,
        "I cannot sleep and my back still hurts.",
        "Not registered with a GP yet. Interpreter needed for appointments.",
        "To see a doctor with an interpreter.",
    ),
    (
        NeedDomain.LEGAL_IMMIGRATION,
        "I need to know if I can stay.",
        "Legal aid solicitor to be found for an immigration appointment.",
        "To have my own solicitor.",
    ),
    (
        NeedDomain.EDUCATION,
        "I want to learn English properly.",
        "ESOL course at the college, two mornings a week.",
        "To start an English course.",
    ),
    (
        NeedDomain.MONEY,
        "The money is late and I cannot buy food for the week.",
        "Subsistence payments delayed twice; raised with the support provider.",
        "To have my payments on time.",
    ),
    (
        NeedDomain.SAFETY,
        "I do not want them to find me.",
        "Safety plan in place; new phone number.",
        "To feel safe going out alone.",
    ),
]
EVIDENCE = [
    "Approached near the hostel by people who knew the old address.",
    "Messages from an unknown number asking where they live now.",
    "Untreated injury; waiting for a GP registration.",
    "Safe house placement ends soon with no move-on address yet.",
    "Says money is still owed for the journey.",
]
SAFETY_PLANS = [
    "Phone with a new number. Calls only from the team's numbers. If approached: nearest shop, call 999.",
    "Does not use the old route to the town centre. Crisis line saved under a friend's name.",
    "Meets only at the partner venue, never at home.",
]
WORDS = ["Things are better since I moved.", "Nothing has changed yet.", "I am worried again.", ""]
STATUSES = (NeedStatus.OPEN, NeedStatus.IN_PROGRESS, NeedStatus.MET)
LOWER = {RiskLevel.HIGH: RiskLevel.MEDIUM, RiskLevel.MEDIUM: RiskLevel.LOW, RiskLevel.LOW: RiskLevel.LOW}
LEVELS = [(RiskLevel.HIGH, 15), (RiskLevel.MEDIUM, 40), (RiskLevel.LOW, 45)]


def _pick(rng, weighted):
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _by(case) -> int:
    return case.assignee_id or case.created_by_id


def _since(rng, case, today, days: int):
    """A day in the last `days` days, not before the case was opened."""
    start = max(case.opened_on, today - timedelta(days=days))
    return start + timedelta(days=rng.randint(0, max(0, (today - start).days)))


def _plans(cases, today, zone) -> int:
    plans, needs, goals, reviews, agreements = [], [], [], [], []
    for case in cases:
        rng = random.Random(SEED + case.id)  # noqa: S311 (demo data)
        started = _since(rng, case, today, 180)
        chosen = rng.sample(NEEDS, k=rng.randint(2, 4))
        edition = 1 + 2 * len(chosen)
        # A plan review is due within three months; about one plan in twelve is overdue.
        due_in = rng.randint(-14, 0) if rng.random() < 0.08 else rng.randint(1, 90)
        next_review = today + timedelta(days=due_in)
        reviewed = started + timedelta(days=30) if started + timedelta(days=30) < today else None
        moment = datetime.combine(started, time(10, 0), zone)
        plans.append(
            {
                "case_id": case.id,
                "edition": edition,
                "next_review_on": max(next_review, (reviewed or started) + timedelta(days=1)),
                "created_by_id": _by(case),
                "created_at": moment,
            }
        )
        needs.append(
            [
                {
                    "domain": domain,
                    "survivor_words": words,
                    "notes": notes,
                    "priority": rng.choice(NeedPriority.values),
                    "status": (status := rng.choice(STATUSES)),
                    "met_on": today if status == NeedStatus.MET else None,
                    "added_by_id": _by(case),
                    "added_at": moment,
                }
                for domain, words, notes, _goal in chosen
            ]
        )
        goals.append([(goal, rng.choice(GoalStatus.values)) for *_need, goal in chosen])
        if reviewed:
            reviews.append(
                {
                    "reviewed_on": reviewed,
                    "changes": "Went through the plan together; English course started.",
                    "next_review_on": max(next_review, reviewed + timedelta(days=1)),
                    "recorded_by_id": _by(case),
                }
            )
        else:
            reviews.append(None)
        agreed = rng.random() < 0.6
        agreements.append(
            {"edition": edition, "agreed_on": started, "recorded_by_id": _by(case)} if agreed else None
        )
    plan_ids = insert_rows(SupportPlan, plans)
    need_rows = [
        {**row, "plan_id": plan_id} for plan_id, rows in zip(plan_ids, needs, strict=True) for row in rows
    ]
    need_ids = iter(insert_rows(Need, need_rows))
    goal_rows = []
    for plan_id, plan, plan_goals in zip(plan_ids, plans, goals, strict=True):
        for number, (text, status) in enumerate(plan_goals, start=1):
            goal_rows.append(
                {
                    "plan_id": plan_id,
                    "need_id": next(need_ids),
                    "number": number,
                    "text": text,
                    "status": status,
                    "added_by_id": plan["created_by_id"],
                    "added_at": plan["created_at"],
                }
            )
    insert_rows(Goal, goal_rows)
    insert_rows(
        PlanReview, [{**r, "plan_id": p} for p, r in zip(plan_ids, reviews, strict=True) if r is not None]
    )
    agreed = [{**a, "plan_id": p} for p, a in zip(plan_ids, agreements, strict=True) if a is not None]
    insert_rows(PlanAgreement, agreed)
    return len(plan_ids)


def _risk(cases, today) -> int:
    assessments = []
    for case in cases:
        rng = random.Random(SEED + 1 + case.id)  # noqa: S311 (demo data)
        level = _pick(rng, LEVELS)
        # Mostly within the review period; some past it (overdue reviews for My work and the backlog).
        assessed = _since(rng, case, today, int(DEFAULT_REVIEW_DAYS[level] * 1.3))
        areas = {
            area: {"level": level if i == 0 else LOWER[level], "evidence": rng.choice(EVIDENCE)}
            for i, area in enumerate(rng.sample(RiskArea.values, k=rng.randint(2, 4)))
        }
        assessments.append(
            {
                "case_id": case.id,
                "assessed_on": assessed,
                "overall_level": level,
                "safety_plan": rng.choice(SAFETY_PLANS) if level != RiskLevel.LOW else "",
                # The areas are an EncryptedJSONField: it encrypts the JSON text (its
                # get_db_prep_value), which insert_rows does with the text given here.
                "areas": json.dumps(areas),
                "next_review_on": assessed + timedelta(days=DEFAULT_REVIEW_DAYS[level]),
                "recorded_by_id": _by(case),
            }
        )
    return len(insert_rows(RiskAssessment, assessments))


def _ratings(cases, today) -> int:
    """Three ratings a case: one outcome at intake and at two plan reviews, a month apart."""
    rows = []
    for case in cases:
        rng = random.Random(SEED + 2 + case.id)  # noqa: S311 (demo data)
        outcome = rng.choice(CoreOutcome.values)
        score = rng.randint(1, 3)
        first = _since(rng, case, today, 120)
        for i in range(3):
            rows.append(
                {
                    "case_id": case.id,
                    "rated_on": min(today, first + timedelta(days=30 * i)),
                    "occasion": RatingOccasion.INTAKE if i == 0 else RatingOccasion.PLAN_REVIEW,
                    "outcome": outcome,
                    "score": min(5, score + rng.randint(0, 1) * i),
                    "words": rng.choice(WORDS),
                    "recorded_by_id": case.created_by_id,
                }
            )
    insert_rows(OutcomeRating, rows)
    return len(cases)


def top_up(*, stdout=print) -> dict[str, int]:
    """Fill what is missing; returns how many cases got a plan, a risk assessment, ratings."""
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    live = Case.objects.filter(erased_at__isnull=True).only("id", "opened_on", "assignee", "created_by")
    steps = {
        "plans": (live.filter(support_plan__isnull=True), lambda batch: _plans(batch, today, zone)),
        "risk assessments": (live.filter(risk_assessments__isnull=True), lambda batch: _risk(batch, today)),
        "outcome ratings": (live.filter(outcome_ratings__isnull=True), lambda batch: _ratings(batch, today)),
    }
    made = {}
    for name, (pending, write) in steps.items():
        total, last_id = 0, 0
        while True:
            batch = list(pending.filter(id__gt=last_id).order_by("id")[:BATCH])
            if not batch:
                break
            last_id = batch[-1].id
            with transaction.atomic():
                total += write(batch)
        made[name] = total
        if total:
            stdout(f"Topped up {name} for {total:,} cases")
    return made
