"""Thin Celery wrappers: ids in, the dispatcher and the sender do the work (docs/architecture.md,
"Reminders")."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from oversight import delivery, outbox, reminders


# The names predate the move from the support app: messages already queued and the beat
# schedule keep working across the upgrade.
@shared_task(name="support.tasks.dispatch_reminders", acks_late=True)
def dispatch_reminders() -> int:
    """Run by beat every five minutes (UTC). Claims the day's emails and queues them."""
    claimed = reminders.dispatch(timezone.now(), enqueue=send_reminder.delay_on_commit)
    return len(claimed)


@shared_task(
    name="support.tasks.send_reminder", bind=True, acks_late=True, max_retries=delivery.MAX_ATTEMPTS - 1
)
def send_reminder(self, delivery_id: int) -> bool:
    try:
        return delivery.deliver(delivery_id)
    except delivery.TransientSendError as error:
        # Exponential backoff, capped below Redis's visibility timeout (one hour).
        countdown = min(settings.REMINDER_RETRY_BASE_SECONDS * 2**self.request.retries, 1800)
        outbox.note_retry(delivery_id, countdown)  # the dispatcher waits for this retry
        raise self.retry(exc=error, countdown=countdown) from error
