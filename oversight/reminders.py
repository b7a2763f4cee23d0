"""The morning reminders: who is told what, and when (docs/architecture.md, "Reminders").

A dispatcher pass, run every five minutes by Celery beat (in UTC) or once by
`manage.py send_reminders`:

1. works out the local date in Europe/London; before 07:00, or on a day that is a working
   day in no UK nation, it does nothing. Each team is emailed only on its own nation's
   working days (Team.nation: a Scottish team on Easter Monday, an English one not).
   From 07:00 on, a pass that finds the day's
   emails already claimed does nothing either, so a late or restarted worker still sends
   the day's emails once;
2. for each member of staff, gathers what is owed on the cases they may see (the same
   work sources as "My work") and claims one ledger row per (recipient, kind, date) under a
   unique constraint; only the pass that wins the claim enqueues the email;
3. oversight.delivery.deliver() sends a claimed row's email once, inside a row lock, and
   marks it sent.

The ledger is the outbox: every pass first queues again the emails still claimed a few minutes
after they were queued (oversight/outbox.py), so a broker that lost its messages or a worker
killed mid-send delays an email by minutes, and loses none.

Emails name case references, counts and deadlines, and link to the app: nothing else.
"""

import gc
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction

from casework import clocks, hooks
from casework.access import access_snapshot
from casework.models import Case, Team, User
from casework.vocabularies import Nation
from oversight import outbox
from oversight.models import ReminderDelivery, ReminderRun
from oversight.vocabularies import ReminderKind

logger = logging.getLogger(__name__)

LONDON = ZoneInfo("Europe/London")
REMINDER_HOUR = 7
MANAGER_OVERDUE_DAYS = 7
MONDAY = 0


def reminder_date(now: datetime) -> date | None:
    """The local date whose morning emails are due at `now`, or None (before 07:00 UK time,
    or a working day in no UK nation; which teams are emailed is teams_at_work()). Computed
    with zoneinfo, so the clock changes in March and October
    move nothing: 07:00 is 07:00 GMT in winter and 07:00 BST in summer."""
    local = now.astimezone(LONDON)
    if local.hour < REMINDER_HOUR:
        return None
    if not any(clocks.is_working_day(local.date(), nation) for nation in Nation.values):
        return None
    return local.date()


def teams_at_work(day: date) -> set[int]:
    """The teams for which `day` is a working day in their own nation (Team.nation)."""
    return {
        pk for pk, nation in Team.objects.values_list("pk", "nation") if clocks.is_working_day(day, nation)
    }


@dataclass(frozen=True)
class Email:
    recipient: User
    kind: str
    items: list[dict]


def _item(item: hooks.WorkItem) -> dict:
    return {
        "reference": item.reference,
        "kind": item.kind,
        "group": item.group,
        "text": item.text,
        "due_on": item.due_on.isoformat(),
        "overdue": item.overdue,
    }


def _recipients():
    return (
        User.objects.filter(is_active=True, memberships__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("id")
    )


CHUNK = 2000


@dataclass(frozen=True)
class _Owner:
    case_id: int
    assignee_id: int | None
    team_id: int
    assignee_name: str  # display name: full name, else username


def _items_by_case(day: date) -> tuple[dict[str, list], dict[str, _Owner]]:
    """Everything owed on every open case, from the same work sources as "My work", read in
    chunks of open cases (a fixed number of queries per chunk)."""
    owners: dict[str, _Owner] = {}
    items: dict[str, list] = defaultdict(list)
    open_cases = (
        Case.objects.open()
        .order_by("pk")
        .values_list(
            "pk",
            "reference",
            "assignee_id",
            "team_id",
            "assignee__username",
            "assignee__first_name",
            "assignee__last_name",
        )
    )
    # Reading every open case makes and drops millions of model instances while the items found so
    # far stay alive; Python's automatic cycle collection kept rescanning those as they grew (about
    # 40% of the pass at 100,000 cases). It is paused for the pass and run on each chunk's new
    # objects instead (the prefetched records refer to their cases and back: only it frees them).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _read_chunks(open_cases, items, owners, day)
    finally:
        if paused:
            gc.enable()


def _read_chunks(open_cases, items, owners, day: date):
    last = 0
    while True:
        gc.collect(0)
        chunk = list(open_cases.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return items, owners
        first_pk, last = chunk[0][0], chunk[-1][0]
        for pk, reference, assignee_id, team_id, username, first, last_name in chunk:
            full_name = f"{first} {last_name}".strip() if assignee_id else ""
            owners[reference] = _Owner(pk, assignee_id, team_id, full_name or username or "")
        # The chunk as a range of ids, not a list of two thousand: the work sources use it as a
        # subquery, and binding thousands of ids into each of their queries cost more than running
        # them. A case reopened since the read above is left out (its owner was not read); the next
        # morning's pass has it.
        chunk_cases = Case.objects.open().filter(pk__gte=first_pk, pk__lte=last).only("pk", "reference")
        for item in hooks.work_items(chunk_cases, day):
            if item.reference in owners:
                items[item.reference].append(item)


def morning_emails(day: date) -> list[Email]:
    """Every email due this morning. Each case's items go to the person it is assigned to (while
    a member of the case's team) and to the managers of its team: the two parts of the access
    rule (visible_to) that make a case someone's responsibility. A colleague covering a case
    sees it in "My work" but is not emailed about it; its assignee still is. An item for someone
    in particular (a task's, WorkItem.for_user_id) goes to them instead of the case's assignee
    while they may still open the case (the access rule: the case's assignee, a manager of its
    team, or cover that has not expired, as a confirmed member of its team); a task whose
    assignee lost the case (cover ended, the case reassigned, no longer a manager) is the case's
    people's again, as if it were nobody's in particular, so its caseworker hears of it."""
    items, owners = _items_by_case(day)
    # Only the teams at work today (their own nation's bank holidays) are emailed about.
    at_work = teams_at_work(day)
    # The access rule read once for the pass (memberships and live shares), not per item. Like
    # visible_to(), only a current member of the case's team is told about it: an assignee moved
    # to another team is not, even if the assignment was left behind. Confirmed roles only.
    access = access_snapshot(today=day)
    managed: dict[int, list[int]] = defaultdict(list)
    for user_id, team_id in sorted(access.managers):
        managed[user_id].append(team_id)
    by_assignee: dict[int, list] = defaultdict(list)
    by_team: dict[int, list] = defaultdict(list)
    for reference, case_items in items.items():
        owner = owners[reference]
        if owner.team_id not in at_work:
            continue
        case_items = [_for_whom(item, owner, access) for item in case_items]
        items[reference] = case_items
        for item in case_items:
            # Items for the managers (WorkItem.escalate) are not the assignee's to clear; a
            # task's item is its own assignee's (WorkItem.for_user_id), not the case's.
            person = owner.assignee_id if item.for_user_id is None else item.for_user_id
            if not item.escalate and person is not None and (person, owner.team_id) in access.members:
                by_assignee[person].append(item)
        by_team[owner.team_id] += case_items

    # Whose tasks they are, by name, for the managers' weekly counts (one query).
    task_people = {
        user.pk: user.display_name
        for user in User.objects.filter(
            pk__in={i.for_user_id for case_items in items.values() for i in case_items if i.for_user_id}
        )
    }
    emails = []
    for user in _recipients():
        own = sorted(by_assignee.get(user.pk, []), key=_order)
        if own:
            emails.append(Email(user, ReminderKind.DAILY, [_item(i) for i in own]))
        if user.pk in managed:
            team_items = sorted(
                (i for team in managed[user.pk] if team in at_work for i in by_team.get(team, [])), key=_order
            )
            # A week overdue, or something managers must hear of at once (a safeguarding concern).
            long_overdue = [
                i
                for i in team_items
                if i.escalate or (i.overdue and (day - i.due_on).days > MANAGER_OVERDUE_DAYS)
            ]
            if long_overdue:
                emails.append(Email(user, ReminderKind.MANAGER_DAILY, [_item(i) for i in long_overdue]))
            if day.weekday() == MONDAY and team_items:
                emails.append(
                    Email(user, ReminderKind.MANAGER_WEEKLY, _weekly_summary(team_items, owners, task_people))
                )
    return emails


def _for_whom(item: hooks.WorkItem, owner: _Owner, access) -> hooks.WorkItem:
    """The item as its recipients see it: a task's item stays its assignee's only while they may
    open the case; otherwise it is the case's people's (for_user_id None)."""
    if item.for_user_id is None or access.may_open(
        item.for_user_id, case_id=owner.case_id, team_id=owner.team_id, assignee_id=owner.assignee_id
    ):
        return item
    return replace(item, for_user_id=None)


def _order(item):
    return (not item.overdue, item.due_on, item.reference)


def _weekly_summary(items, owners: dict[str, _Owner], people: dict[int, str]) -> list[dict]:
    """Counts only: per heading, and per caseworker (staff names, not survivors). An item for
    someone in particular (a task) counts for them, not for the case's caseworker."""
    by_group = Counter(item.group for item in items)
    by_group_overdue = Counter(item.group for item in items if item.overdue)
    by_person = Counter(
        (people.get(item.for_user_id, "") if item.for_user_id else owners[item.reference].assignee_name)
        or "(unassigned)"
        for item in items
        if item.overdue
    )
    summary = [
        {"row": "group", "label": group, "count": count, "overdue": by_group_overdue[group]}
        for group, count in sorted(by_group.items())
    ]
    summary += [
        {"row": "person", "label": person, "count": count, "overdue": count}
        for person, count in sorted(by_person.items())
    ]
    return summary


def _claim(email: Email, day: date, now: datetime) -> ReminderDelivery | None:
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(
                recipient=email.recipient, kind=email.kind, local_date=day, items=email.items, queued_at=now
            )
    except IntegrityError:
        return None  # another dispatcher (or an earlier pass) already claimed it


def dispatch(now: datetime, enqueue) -> list[ReminderDelivery]:
    """One dispatcher pass. `enqueue(delivery_id)` is called for each newly claimed email
    (the Celery task passes send_reminder.delay_on_commit; the command sends at once), and
    for each email claimed earlier that has still not gone (oversight/outbox.py)."""
    outbox.requeue_stale(now, enqueue)
    day = reminder_date(now)
    if day is None or ReminderRun.objects.filter(local_date=day).exists():
        return []
    already = set(ReminderDelivery.objects.filter(local_date=day).values_list("recipient_id", "kind"))
    claimed = []
    for email in morning_emails(day):
        if (email.recipient.pk, email.kind) in already:
            continue
        delivery = _claim(email, day, now)
        if delivery is not None:
            enqueue(delivery.pk)
            claimed.append(delivery)
    ReminderRun.objects.get_or_create(local_date=day, defaults={"claimed": len(claimed)})
    logger.info("Reminder dispatcher claimed %d emails for %s", len(claimed), day)
    return claimed
