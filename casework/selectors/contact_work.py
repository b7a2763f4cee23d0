"""The contact clocks as work items, for "My work" and the reminders: a new case not yet
contacted (or tried) within CONTACT_FIRST_HOURS of being opened, and an open case without
contact for longer than its team's gap (Team.contact_gap_days); and safeguarding concerns no
manager has seen yet. Two queries, nothing decrypted."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import DateField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Least, TruncDate
from django.utils import timezone

from casework.hooks import WorkItem
from casework.models import Case, Contact, Team
from casework.models.contacts import NOT_WITH_SURVIVOR
from casework.ui.dates import long_date
from casework.vocabularies import CaseStatus

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
        Contact.objects.filter(
            case__in=cases.filter(status=CaseStatus.OPEN),
            safeguarding_concern=True,
            safeguarding_seen_at__isnull=True,
        )
        .values_list("case__reference", "happened_at")
        .order_by("happened_at")
    )
    return [
        WorkItem(
            due_on=timezone.localtime(happened_at).date(),
            reference=reference,
            kind="safeguarding_concern",
            text=f"Safeguarding concern on a contact of {long_date(timezone.localtime(happened_at).date())}: "
            "not yet seen by a manager",
            overdue=True,
            group=SAFEGUARDING_GROUP,
            escalate=True,
        )
        for reference, happened_at in concerns
    ]


def _latest(contacts) -> Subquery:
    """The newest contact's time, per case, read from the (case, -happened_at) indexes."""
    return Subquery(contacts.filter(case=OuterRef("pk")).order_by("-happened_at").values("happened_at")[:1])


def last_reached() -> Subquery:
    """Per case, when the survivor was last reached (attempts and calls about them do not count):
    the case list's "last contact" column and sort."""
    return _latest(Contact.objects.exclude(kind__in=NOT_WITH_SURVIVOR))


def _opened(opened_on: date, created_at: datetime) -> datetime:
    """When a case's contact clocks start: when it was entered, or, for a case entered after
    the day it was opened (a back-dated opening), from the start of that day."""
    if opened_on < timezone.localtime(created_at).date():
        return timezone.make_aware(datetime.combine(opened_on, time()))
    return created_at


def _clock_items(cases, today: date) -> list[WorkItem]:
    now = timezone.now()
    rows = (
        cases.filter(status=CaseStatus.OPEN)
        .annotate(
            # An attempt counts as the first move on a new case, not as being in contact.
            any_contact=_latest(Contact.objects.all()),
            last_reached=_latest(Contact.objects.exclude(kind__in=NOT_WITH_SURVIVOR)),
        )
        .values_list(
            "reference",
            "opened_on",
            "created_at",
            "contact_clock_from",
            "team__contact_gap_days",
            "any_contact",
            "last_reached",
        )
        .order_by()
    )
    items = []
    for reference, opened_on, created_at, clock_from, gap_days, any_contact, last_reached in rows:
        opened = _opened(opened_on, created_at)
        if any_contact is None and clock_from is None:
            items.append(_first_contact(reference, opened, now))
            continue
        # Attempts and calls about the survivor start a case but are not contact with them.
        since = timezone.localtime(last_reached or clock_from or opened).date()
        due_day = since + timedelta(days=gap_days)
        if today < due_day:
            continue
        if last_reached:
            text = f"Not contacted for {(today - since).days} days (last contact {long_date(since)})"
        elif clock_from and any_contact is None:
            text = f"No contact logged since the contact log started on {long_date(since)}"
        else:
            text = f"Not reached since {long_date(since)}: only attempts or calls about the survivor"
        items.append(
            WorkItem(
                due_on=due_day, reference=reference, kind="contact_gap", text=text, overdue=True, group=GROUP
            )
        )
    return items


def out_of_contact(cases, today: date):
    """The open cases among these not reached for their team's gap (Team.contact_gap_days) or
    longer, counted as the contact clock counts (_clock_items: from the UK day of the last contact
    that reached the survivor, else of when the log started, else of the opening): the case list's
    "no contact" filter and the backlog's figure. A case never contacted at all counts once the
    gap has passed since it opened. A filter in SQL (a QuerySet, no ids bound into later
    queries), over the contact_case_reached index; one condition per distinct gap (a handful)."""
    zone = timezone.get_current_timezone()
    since = Coalesce(
        TruncDate(last_reached(), tzinfo=zone),
        TruncDate("contact_clock_from", tzinfo=zone),
        # _opened(): the opening day when the case was entered later than it, else the day entered.
        Least("opened_on", TruncDate("created_at", tzinfo=zone)),
        output_field=DateField(),
    )
    gaps = sorted(set(Team.objects.values_list("contact_gap_days", flat=True)))
    quiet = Q(pk__in=[])
    for gap in gaps:
        quiet |= Q(team__contact_gap_days=gap, contact_since__lte=today - timedelta(days=gap))
    return cases.filter(status=CaseStatus.OPEN).alias(contact_since=since).filter(quiet)


def _first_contact(reference: str, created_at: datetime, now: datetime) -> WorkItem:
    due = timezone.localtime(first_contact_due(created_at))
    when = f"{due:%H:%M} on {long_date(due.date())}"
    return WorkItem(
        due_on=due.date(),
        reference=reference,
        kind="contact_first",
        text=f"No contact logged since the case was opened: first contact was due by {when}"
        if due < now
        else f"First contact due by {when}",
        overdue=due < now,
        group=GROUP,
    )


def unseen_concerns_for_manager(user):
    """Safeguarding concerns on open cases of the teams this user manages, not yet seen; the
    cases read through the access rule (visible_to), as every read of cases for a user is."""
    from casework.access import managed_team_ids  # access imports models; keep this module light

    cases = Case.objects.visible_to(user).filter(team_id__in=managed_team_ids(user), status=CaseStatus.OPEN)
    return (
        Contact.objects.filter(case__in=cases, safeguarding_concern=True, safeguarding_seen_at__isnull=True)
        .select_related("case", "recorded_by")
        .order_by("happened_at")
    )
