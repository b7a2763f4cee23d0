"""Demo dependants on a few cases: children with the survivor, abroad or in care (invented
names, no real person)."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework.models import Case
from support.demo.nrm import BATCH, SEED
from support.models import Dependant
from support.vocabularies import DependantRelationship

NAMES = ["Amira", "Daniel", "Ioana", "Kofi", "Lan", "Mihai", "Nadia", "Tomas", "Yusuf", "Zara"]
WHERE = [
    "With the survivor in the safe house.",
    "With their grandmother abroad; the survivor calls weekly.",
    "In local authority foster care; contact arranged by the social worker.",
    "Not known: the survivor believes they are with the exploiter's family.",
]
NEEDS = [
    "Needs a school place.",
    "Nightmares since the move; GP referral to children's mental health services.",
    "The exploiter knows where they are: safeguarding referral made.",
    "",
]


def _dependants(rng, case, today) -> list[Dependant]:
    if rng.random() >= 0.25:
        return []
    dependants = []
    for _ in range(rng.randint(1, 2)):
        born = today - timedelta(days=rng.randint(365, 16 * 365))
        dependants.append(
            Dependant(
                case=case,
                name=rng.choice(NAMES),
                date_of_birth=born if rng.random() < 0.8 else None,
                relationship=DependantRelationship.CHILD
                if rng.random() < 0.8
                else DependantRelationship.SIBLING,
                whereabouts=rng.choice(WHERE),
                risks_and_needs=rng.choice(NEEDS),
                recorded_by_id=case.created_by_id,
            )
        )
    return dependants


def seed_dependants(*, stdout=None) -> int:
    """Idempotent: cases without dependants get theirs from their own random numbers."""
    today = timezone.localdate()
    pending = Case.objects.filter(dependants__isnull=True, erased_at__isnull=True).order_by("id")
    total, last_id = 0, 0
    while True:
        batch = list(pending.filter(id__gt=last_id).only("id", "created_by")[:BATCH])
        if not batch:
            break
        last_id = batch[-1].id
        rows = [d for case in batch for d in _dependants(random.Random(SEED + 5 + case.id), case, today)]  # noqa: S311
        with transaction.atomic():
            Dependant.objects.bulk_create(rows)
        total += len(rows)
    if stdout is not None and total:
        stdout.write(f"{total} dependants\n")
    return total
