"""Demo data for one child's case: a guardian referral, an age dispute settled by an
assessment, and the local authority lead (invented names, no real person or office)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from support.models import AgeDispute, ChildGuardian, LocalAuthorityLead, Referral
from support.vocabularies import AgeDisputeOutcome, AgeGroup, GuardianService


def seed_children(*, stdout=None) -> int:
    """Idempotent: the first child's referral without any child records gets them; 0 if there
    is none or it already has them."""
    referral = (
        Referral.objects.filter(
            age_at_referral=AgeGroup.CHILD, is_current=True, case__age_disputes__isnull=True
        )
        .select_related("case")
        .order_by("case_id")
        .first()
    )
    if referral is None or ChildGuardian.objects.exists():
        return 0
    case, day, today = referral.case, referral.submitted_on, timezone.localdate()
    with transaction.atomic():
        ChildGuardian.objects.create(
            case=case,
            referred_on=min(day + timedelta(days=2), today),
            service=GuardianService.ICTG,
            area="West Midlands",
            recorded_by=case.created_by,
        )
        AgeDispute.objects.create(
            case=case,
            raised_on=day,
            outcome=AgeDisputeOutcome.CHILD,
            assessed_on=min(day + timedelta(days=21), today),
            recorded_by=case.created_by,
        )
        LocalAuthorityLead.objects.create(
            case=case,
            authority="Example City Council",
            social_worker="Allocated social worker, children's services duty line 0000 000 0000",
            since=day,
            recorded_by=case.created_by,
        )
    if stdout is not None:
        stdout.write(f"Child records for case {case.reference}\n")
    return 1
