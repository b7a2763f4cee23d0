from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from oversight import delivery, reminders
from oversight.models import ReminderDelivery


class Command(BaseCommand):
    help = (
        "Run one reminder dispatcher pass now, synchronously: the same code as the Celery task, "
        "sending through the configured email backend. Sends nothing before 07:00 UK time, on "
        "weekends and bank holidays, or if today's emails were already sent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--at",
            help="Pretend it is this time (ISO 8601, e.g. 2026-11-24T07:05+00:00), to try the "
            "reminders outside the morning window.",
        )

    def handle(self, *args, at=None, **options):
        now = timezone.now()
        if at:
            try:
                now = datetime.fromisoformat(at)
            except ValueError:
                raise CommandError(
                    "--at must be an ISO 8601 date and time, like 2026-11-24T07:05+00:00"
                ) from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now, reminders.LONDON)
        if reminders.reminder_date(now) is None:
            self.stdout.write("Nothing to send: before 07:00 UK time, or not a working day.")
            return
        claimed_ids = []
        reminders.dispatch(now, enqueue=claimed_ids.append)
        sent = 0
        for delivery_id in claimed_ids:
            try:
                if delivery.deliver(delivery_id):
                    sent += 1
            except delivery.TransientSendError as error:
                self.stderr.write(f"Reminder {delivery_id} not sent yet ({error}); run again later.")
        for claimed in ReminderDelivery.objects.filter(pk__in=claimed_ids).select_related("recipient"):
            self.stdout.write(
                f"  {claimed.recipient.username}: {claimed.get_kind_display()}, "
                f"{len(claimed.items)} items, {claimed.get_status_display().lower()}"
            )
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} reminder email{'s' if sent != 1 else ''}."))
