"""Sending one claimed reminder email: built from its ledger row, sent once inside a row
lock, and marked sent, failed, or left claimed for a retry when the failure may pass."""

import smtplib
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from oversight.models import ReminderDelivery
from oversight.vocabularies import DeliveryStatus, ReminderKind

# SMTP failures worth retrying: the server or network may recover. A 5xx reply or a refused
# recipient will not get better by trying again.
TRANSIENT_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError)


# Celery's first try and its retries; after that a delivery that keeps failing is marked
# failed, so the dispatcher stops queueing it again.
MAX_ATTEMPTS = 9


class TransientSendError(Exception):
    """Sending failed in a way a retry may fix; the ledger row stays claimed."""


def build_email(delivery: ReminderDelivery) -> EmailMultiAlternatives:
    site = settings.SITE_URL
    groups = defaultdict(list)
    for item in delivery.items:
        if "reference" in item:
            groups[item["group"]].append({**item, "url": f"{site}/cases/{item['reference']}/"})
    context = {
        "delivery": delivery,
        "name": delivery.recipient.first_name or delivery.recipient.username,
        "groups": sorted(groups.items()),
        "summary": [item for item in delivery.items if "row" in item],
        "count": len(delivery.items),
        "site_url": site,
        "day": delivery.local_date,
        "ReminderKind": ReminderKind,  # the templates compare the stored kind with it
    }
    subject = {
        ReminderKind.DAILY: "Casework: {n} thing{s} need{v} action today",
        ReminderKind.MANAGER_DAILY: "Casework: {n} item{s} in your team overdue for more than a week",
        ReminderKind.MANAGER_WEEKLY: "Casework: your team's backlog this week",
    }[delivery.kind]
    n = sum(1 for item in delivery.items if "reference" in item)
    subject = subject.format(n=n, s="" if n == 1 else "s", v="s" if n == 1 else "")
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("oversight/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.recipient.email],
        headers={"Message-ID": message_id(delivery)},
    )
    message.attach_alternative(render_to_string("oversight/email/reminder.html", context), "text/html")
    return message


def message_id(delivery: ReminderDelivery) -> str:
    """Derived from the ledger row, so a resend after a crash is recognisable as the same email."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<reminder-{delivery.pk}-{delivery.local_date:%Y%m%d}@{host}>"


def deliver(delivery_id: int) -> bool:
    """Send a claimed email once. Returns True if it was sent now, False if there was nothing
    to do (already sent, or undeliverable). Raises TransientSendError when a retry may help."""
    transient = None
    with transaction.atomic():
        delivery = (
            ReminderDelivery.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.CLAIMED:
            return False
        delivery.attempts += 1
        try:
            build_email(delivery).send()
        except smtplib.SMTPRecipientsRefused:
            delivery.status, delivery.last_error = DeliveryStatus.FAILED, "recipient refused"
        except smtplib.SMTPResponseException as error:
            if error.smtp_code >= 500:
                delivery.status, delivery.last_error = DeliveryStatus.FAILED, f"SMTP {error.smtp_code}"
            else:
                transient = error
                delivery.last_error = f"SMTP {error.smtp_code}"
        except TRANSIENT_ERRORS as error:
            transient = error
            delivery.last_error = type(error).__name__
        else:
            delivery.status, delivery.sent_at = DeliveryStatus.SENT, timezone.now()
        if transient is not None and delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, transient = DeliveryStatus.FAILED, None  # given up: shown as unsent
        delivery.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    if transient is not None:
        raise TransientSendError(delivery.last_error) from transient
    return delivery.status == DeliveryStatus.SENT
