"""Demo entitlements received and refused, before and after the CG decision (invented reasons)."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework.models import Case
from support.demo.nrm import BATCH, SEED
from support.models import EntitlementReceived
from support.vocabularies import EntitlementKind, EntitlementResult

REFUSALS = {
    EntitlementKind.LEGAL_AID: "Legal aid agency said the means test was not met.",
    EntitlementKind.HEALTHCARE: "GP practice asked for proof of address the survivor does not have.",
    EntitlementKind.COUNSELLING: "Waiting list closed to new referrals.",
    EntitlementKind.EDUCATION: "College said enrolment has closed for the year.",
    EntitlementKind.TRAVEL: "Travel to the solicitor refused as not essential.",
}


def _entitlements(rng, case, today) -> list[EntitlementReceived]:
    if rng.random() < 0.2:
        return []
    rows = []
    for kind in rng.sample(EntitlementKind.values, rng.randint(2, 5)):
        start = case.opened_on + timedelta(days=rng.randint(0, 400))
        if start > today:
            continue
        refused = kind in REFUSALS and rng.random() < 0.3
        end = start + timedelta(days=rng.randint(30, 200))
        rows.append(
            EntitlementReceived(
                case=case,
                kind=kind,
                result=EntitlementResult.REFUSED if refused else EntitlementResult.RECEIVED,
                start_on=start,
                end_on=None if refused or end > today or rng.random() < 0.5 else end,
                refusal_reason=REFUSALS[kind] if refused else "",
                notes="" if rng.random() < 0.6 else "Arranged by the caseworker.",
                recorded_by_id=case.created_by_id,
            )
        )
    return rows


def seed_entitlements(*, stdout=None) -> int:
    """Idempotent: cases without entitlements recorded get theirs from their own random numbers."""
    today = timezone.localdate()
    pending = Case.objects.filter(entitlements_received__isnull=True, erased_at__isnull=True).order_by("id")
    total, last_id = 0, 0
    while True:
        batch = list(pending.filter(id__gt=last_id).only("id", "opened_on", "created_by")[:BATCH])
        if not batch:
            break
        last_id = batch[-1].id
        rows = [e for case in batch for e in _entitlements(random.Random(SEED + 6 + case.id), case, today)]  # noqa: S311
        with transaction.atomic():
            EntitlementReceived.objects.bulk_create(rows)
        total += len(rows)
    if stdout is not None and total:
        stdout.write(f"{total} entitlements received or refused\n")
    return total
