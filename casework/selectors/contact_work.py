"""The contact clocks as work items, for "My work" and the reminders: a new case not yet
contacted (or tried) within CONTACT_FIRST_HOURS of being opened, and an open case without
contact for longer than its team's gap (Team.contact_gap_days); and safeguarding concerns no
manager has seen yet. Two queries, nothing decrypted."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from casework.hooks import WorkItem
from casework.models import Contact
from casework.ui.dates import long_date
from casework.vocabularies import CaseStatus, ContactKind

GROUP = "Contact with survivors"
SAFEGUARDING_GROUP = "Safeguarding concerns"


def first_contact_due(created_at: datetime) -> datetime:
    return created_at + timedelta(hours=settings.CONTACT_FIRST_HOURS)


def contact_work_items(cases, today: date) -> list[WorkItem]:
    return _clock_items(cases, today) + _concern_items(cases)


def _concern_items(cases) -> list[WorkItem]:
    """Safeguarding concerns no manager has marked seen: on the case's "My work" and in the
    team managers' next morning email. The reference and a date, never what was said."""
    concerns = (
        Contact.objects.filter(case__in=cases, safeguarding_concern=True, safeguarding_seen_at__isnull=True)
        .values_list("case__reference", "happened_at")
        .order_by("happened_at")
    )
    return [
        WorkItem(
            due_on=timezone.localtime(happened_at).date(),
            reference=reference,
            kind="safeguarding_concern",
            text=f"Safeguarding concern logged on {long_date(timezone.localtime(happened_at).date())}: "
            "not yet seen by a manager",
            overdue=True,
            group=SAFEGUARDING_GROUP,
            escalate=True,
        )
        for reference, happened_at in concerns
    ]


def _clock_items(cases, today: date) -> list[WorkItem]:
    now = timezone.now()
    rows = (
        cases.filter(status=CaseStatus.OPEN)
        .annotate(
            # An attempt counts as the first move on a new case, not as being in contact.
            any_contact=Max("contacts__happened_at"),
            last_reached=Max("contacts__happened_at", filter=~Q(contacts__kind=ContactKind.ATTEMPTED)),
        )
        .values_list("reference", "created_at", "team__contact_gap_days", "any_contact", "last_reached")
        .order_by()
    )
    items = []
    for reference, created_at, gap_days, any_contact, last_reached in rows:
        if any_contact is None:
            due = first_contact_due(created_at)
            due_day = timezone.localtime(due).date()
            items.append(
                WorkItem(
                    due_on=due_day,
                    reference=reference,
                    kind="contact_first",
                    text=(
                        f"No contact logged since the case was opened: first contact was due by "
                        f"{timezone.localtime(due):%H:%M} on {long_date(due_day)}"
                        if due < now
                        else f"First contact due by {timezone.localtime(due):%H:%M} on {long_date(due_day)}"
                    ),
                    overdue=due < now,
                    group=GROUP,
                )
            )
            continue
        since = timezone.localtime(last_reached or created_at).date()
        due_day = since + timedelta(days=gap_days)
        if today >= due_day:
            days = (today - since).days
            items.append(
                WorkItem(
                    due_on=due_day,
                    reference=reference,
                    kind="contact_gap",
                    text=(
                        f"Not contacted for {days} days (last contact {long_date(since)})"
                        if last_reached
                        else f"Only attempts since the case was opened on {long_date(since)}: not reached"
                    ),
                    overdue=True,
                    group=GROUP,
                )
            )
    return items


def unseen_concerns_for_manager(user):
    """Safeguarding concerns on the cases of the teams this user manages, not yet seen."""
    from casework.access import managed_team_ids  # access imports models; keep this module light

    return (
        Contact.objects.filter(
            case__team_id__in=managed_team_ids(user),
            safeguarding_concern=True,
            safeguarding_seen_at__isnull=True,
        )
        .select_related("case", "recorded_by")
        .order_by("happened_at")
    )
