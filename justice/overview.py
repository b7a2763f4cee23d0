"""What the criminal-justice journey adds to the case's Overview (registered in
justice/hooks.py on the area hooks.OVERVIEW): the next hearing, and how many proceedings and
claims there are. Two queries whatever the case holds; nothing decrypted."""

from django.db.models import Count, Q
from django.utils import timezone

from casework.models import Case
from justice.models import Milestone
from justice.rules import HEARINGS
from justice.vocabularies import ClaimOutcome


def justice_overview_context(request, case) -> dict:
    today = timezone.localdate()
    counts = Case.objects.filter(pk=case.pk).aggregate(
        proceedings=Count("proceedings", distinct=True),
        claims=Count("claims", filter=Q(claims__outcome=ClaimOutcome.PENDING), distinct=True),
    )
    next_hearing = (
        Milestone.objects.filter(proceeding__case=case, kind__in=HEARINGS, on__gte=today)
        .select_related("proceeding")
        .only("kind", "on", "proceeding__kind")
        .order_by("on", "id")
        .first()
    )
    return {"next_hearing": next_hearing, **counts}
