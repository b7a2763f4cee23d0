"""The reminder ledger is the outbox; the broker is only the doorbell.

A claimed `ReminderDelivery` is the promise to send an email; the Celery message that names it
is a hint to send it now. Messages can be lost (a Redis restarted empty, as a managed Redis may
on failover) or held (a worker killed mid-send leaves its message unacknowledged until Redis's
one-hour visibility timeout). So every dispatcher pass, before anything else, rings the bell
again for each delivery still claimed `REMINDER_REQUEUE_AFTER_MINUTES` after it was last
queued (or after its retry was due). Extra messages are harmless: deliver() locks the row and
sends only while it is still claimed.

One window remains, and it is documented: if the SMTP server accepts an email and the worker
dies before the ledger row is committed as sent, the email is sent again. It carries the same
Message-ID (derived from the ledger row), so mail systems and people can tell it is the same.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from oversight.models import ReminderDelivery
from oversight.vocabularies import DeliveryStatus

# An email not sent an hour after it was claimed is shown to managers and administrators.
OVERDUE_AFTER = timedelta(hours=1)
# How far back the managers' page and /healthz look for emails that never went.
SHOWN_FOR = timedelta(days=7)
REQUEUE_BATCH = 1000


def requeue_stale(now: datetime, enqueue) -> list[int]:
    """Queue again every delivery still claimed a few minutes after it was last queued."""
    cutoff = now - timedelta(minutes=settings.REMINDER_REQUEUE_AFTER_MINUTES)
    stale = ReminderDelivery.objects.filter(status=DeliveryStatus.CLAIMED).filter(
        Q(queued_at__lt=cutoff) | Q(queued_at__isnull=True, claimed_at__lt=cutoff)
    )
    ids = list(stale.order_by("pk").values_list("pk", flat=True)[:REQUEUE_BATCH])
    ReminderDelivery.objects.filter(pk__in=ids).update(queued_at=now)
    for delivery_id in ids:
        enqueue(delivery_id)
    return ids


def note_retry(delivery_id: int, countdown: int) -> None:
    """A send failed and Celery will retry in `countdown` seconds: the dispatcher waits for
    that retry (plus its usual margin) before queueing the email again itself."""
    ReminderDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.CLAIMED).update(
        queued_at=timezone.now() + timedelta(seconds=countdown)
    )


def unsent(now: datetime | None = None):
    """Emails of the last week not sent an hour after they were claimed: still waiting, or
    refused by the mail server. Staff and kinds only; the rows' items are never shown."""
    now = now or timezone.now()
    return (
        ReminderDelivery.objects.exclude(status=DeliveryStatus.SENT)
        .filter(claimed_at__lt=now - OVERDUE_AFTER, claimed_at__gte=now - SHOWN_FOR)
        .select_related("recipient")
        .order_by("claimed_at")
    )


def unsent_for_teams(team_ids, now: datetime | None = None):
    """The unsent emails of the staff of these teams (for their managers)."""
    return unsent(now).filter(recipient__memberships__team_id__in=team_ids).distinct()


def health_lines():
    """For /healthz, administrators only: how many emails have not gone, and since when."""
    waiting = list(unsent().values_list("status", "claimed_at"))
    yield f"reminder emails not sent after an hour (last 7 days): {len(waiting)}"
    if waiting:
        oldest = min(claimed_at for _status, claimed_at in waiting)
        failed = sum(1 for status, _ in waiting if status == DeliveryStatus.FAILED)
        yield f"  oldest claimed at {oldest:%Y-%m-%d %H:%M} UTC; refused by the mail server: {failed}"
