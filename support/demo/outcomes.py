"""Demo outcome ratings: most cases rated at intake and at plan reviews every three months,
some rising, some flat and some falling (invented words, no real person)."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework.models import Case
from support.demo.nrm import BATCH, SEED, pick
from support.models import OutcomeRating
from support.vocabularies import CoreOutcome, RatingOccasion

REVIEW_EVERY = timedelta(days=90)
TRAJECTORIES = [("improves", 40), ("flat", 25), ("worsens", 20), ("once", 15)]
WORDS = {
    "improves": ["Things are better since I moved.", "I feel safer now.", "I have started my course."],
    "flat": ["Nothing has changed yet.", "Still waiting to hear.", ""],
    "worsens": ["I am worried again.", "The new place is not safe.", "I stopped going, it was too hard."],
    "once": ["I don't know yet.", ""],
}


def _scores(rng, trajectory: str, count: int) -> list[int]:
    start = rng.randint(1, 3) if trajectory == "improves" else rng.randint(2, 5)
    if trajectory == "once":
        return [start]
    step = {"improves": 1, "flat": 0, "worsens": -1}[trajectory]
    return [min(5, max(1, start + step * i)) for i in range(count)]


def _ratings(rng, case, today) -> list[OutcomeRating]:
    if rng.random() < 0.3:
        return []
    intake = case.opened_on + timedelta(days=rng.randint(0, 14))
    days = [intake + REVIEW_EVERY * i for i in range(4) if intake + REVIEW_EVERY * i <= today]
    if not days:
        return []
    ratings = []
    for outcome in rng.sample(CoreOutcome.values, rng.randint(2, 4)):
        trajectory = pick(rng, TRAJECTORIES)
        for i, score in enumerate(_scores(rng, trajectory, len(days))):
            ratings.append(
                OutcomeRating(
                    case=case,
                    rated_on=days[i],
                    occasion=RatingOccasion.INTAKE if i == 0 else RatingOccasion.PLAN_REVIEW,
                    outcome=outcome,
                    score=score,
                    words=rng.choice(WORDS[trajectory]),
                    recorded_by_id=case.created_by_id,
                )
            )
    return ratings


def seed_outcomes(*, stdout=None) -> int:
    """Idempotent: only cases without ratings are rated (each case's own random numbers, so a
    case left unrated stays so)."""
    today = timezone.localdate()
    pending = Case.objects.filter(outcome_ratings__isnull=True, erased_at__isnull=True).order_by("id")
    total, last_id = 0, 0
    while True:
        batch = list(pending.filter(id__gt=last_id).only("id", "opened_on", "created_by")[:BATCH])
        if not batch:
            break
        last_id = batch[-1].id
        ratings = [
            rating
            for case in batch
            for rating in _ratings(random.Random(SEED + 19 + case.id), case, today)  # noqa: S311 (demo)
        ]
        with transaction.atomic():
            OutcomeRating.objects.bulk_create(ratings)
        total += len(ratings)
    if stdout is not None and total:
        stdout.write(f"{total} outcome ratings\n")
    return total
