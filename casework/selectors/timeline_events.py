"""Casework's events on the case timeline: contacts, tasks done or cancelled, consent decisions,
and the case itself (opened, closed, reopened, assigned, shared for cover). Each function is one
hooks.TimelineSource's `events`: a fixed number of queries, only the columns shown, and no note."""

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from casework.models import AuditEvent, Case, Consent, Contact, Task
from casework.vocabularies import (
    AuditAction,
    ConsentDecision,
    ConsentPurpose,
    ContactKind,
    ContactPlace,
    TaskStatus,
)

CONTACT, TASK, CONSENT, CASE, ASSIGNMENT = "contact", "task", "consent", "case", "assignment"

# The order, on one day, of events that have no time (hooks.TimelineEvent.rank).
RANK_OPENED, RANK_CONSENT, RANK_TASK = 0, 20, 95

NAME_COLUMNS = ("first_name", "last_name", "username")


def _local(moment):
    local = timezone.localtime(moment)
    return local.date(), local.time().replace(second=0, microsecond=0)


def _within(queryset: QuerySet, column: str, query: TimelineQuery) -> QuerySet:
    since, before = query.period()
    if since is not None:
        queryset = queryset.filter(**{f"{column}__gte": since})
    if before is not None:
        queryset = queryset.filter(**{f"{column}__lt": before})
    return queryset


def _days(queryset: QuerySet, column: str, query: TimelineQuery) -> QuerySet:
    if query.start is not None:
        queryset = queryset.filter(**{f"{column}__gte": query.start})
    if query.end is not None:
        queryset = queryset.filter(**{f"{column}__lte": query.end})
    return queryset


def _name(first: str, last: str, username: str) -> str:
    """User.display_name from its columns (the staff of a contact are read without the rows)."""
    return f"{first} {last}".strip() or username


def contact_events(case: Case, query: TimelineQuery) -> list[TimelineEvent]:
    """The newest contacts asked for, with who took part (two queries); the note and the
    encrypted names of others present are never read."""
    contacts = _within(Contact.objects.filter(case=case), "happened_at", query).order_by(
        "-happened_at", "-id"
    )
    if query.limit is not None:
        contacts = contacts[: query.limit]
    rows = list(
        contacts.values(
            "pk",
            "happened_at",
            "kind",
            "duration_minutes",
            "place",
            "interpreter_used",
            "safeguarding_concern",
            "survivor_distressed",
            "exploiter_contact_reported",
        )
    )
    # One query whatever the page holds (a subquery, not a list of ids: an empty list would skip it).
    staff: dict[int, list[str]] = {}
    taking_part = (
        Contact.staff.through.objects.filter(contact_id__in=contacts.values("pk"))
        .order_by("user__first_name", "user__last_name", "user__username")
        .values_list("contact_id", *(f"user__{column}" for column in NAME_COLUMNS))
    )
    for contact_id, *names in taking_part:
        staff.setdefault(contact_id, []).append(_name(*names))
    events = []
    for row in rows:
        on, at = _local(row["happened_at"])
        details = []
        if row["place"]:
            details.append(ContactPlace(row["place"]).label)
        if row["duration_minutes"]:
            minutes = row["duration_minutes"]
            details.append(f"{minutes} minute{'' if minutes == 1 else 's'}")
        if row["interpreter_used"]:
            details.append("Interpreter used")
        tags = []
        if row["safeguarding_concern"]:
            tags.append(("Safeguarding concern", "red"))
        if row["exploiter_contact_reported"]:
            tags.append(("Exploiter contact reported", "red"))
        if row["survivor_distressed"]:
            tags.append(("Survivor distressed", "orange"))
        events.append(
            TimelineEvent(
                on=on,
                at=at,
                kind=CONTACT,
                title=f"Contact: {_lower_first(ContactKind(row['kind']).label)}",
                by=", ".join(staff.get(row["pk"], [])),
                details=(", ".join(details),) if details else (),
                tags=tuple(tags),
                key=row["pk"],
            )
        )
    return events


def task_events(case: Case, query: TimelineQuery) -> list[TimelineEvent]:
    """Tasks done or cancelled, with their titles (the reader may see the case): one query,
    and only the titles of the newest asked for are decrypted."""
    tasks = (
        Task.objects.filter(case=case, status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .annotate(ended_on=Coalesce("done_on", "cancelled_on"))
        .filter(ended_on__isnull=False)
        .select_related("assignee")
        .only("pk", "title", "status", "done_on", "cancelled_on", *(f"assignee__{c}" for c in NAME_COLUMNS))
        .order_by("-ended_on", "-id")
    )
    tasks = _days(tasks, "ended_on", query)
    if query.limit is not None:
        tasks = tasks[: query.limit]
    return [
        TimelineEvent(
            on=task.ended_on,
            kind=TASK,
            title="Task done" if task.status == TaskStatus.DONE else "Task cancelled",
            typed=task.title,
            by=task.assignee.display_name,
            rank=RANK_TASK,
            key=task.pk,
        )
        for task in tasks
    ]


def consent_events(case: Case, query: TimelineQuery) -> list[TimelineEvent]:
    """Each decision and each withdrawal (a handful per case: all of them, one query)."""
    events = []
    rows = Consent.objects.filter(case=case).values("pk", "purpose", "decision", "decided_on", "withdrawn_on")
    for row in rows:
        words = ConsentPurpose(row["purpose"]).label
        given = row["decision"] == ConsentDecision.GIVEN
        events.append(
            TimelineEvent(
                on=row["decided_on"],
                kind=CONSENT,
                title=f"Consent {'given' if given else 'refused'}: {_lower_first(words)}",
                rank=RANK_CONSENT,
                key=row["pk"],
            )
        )
        if row["withdrawn_on"] is not None:
            events.append(
                TimelineEvent(
                    on=row["withdrawn_on"],
                    kind=CONSENT,
                    title=f"Consent withdrawn: {_lower_first(words)}",
                    rank=RANK_CONSENT + 1,
                    key=row["pk"],
                )
            )
    return events


def _lower_first(words: str) -> str:
    return words[:1].lower() + words[1:]


# The case's own changes, from the audit trail: the case row keeps only its latest closure and
# assignee, the trail has every one of them (append-only, written by the services themselves).
# Every one of them is in vocabularies.CASE_HISTORY_ACTIONS, which a partial index holds.
CASE_ACTIONS = {
    AuditAction.CASE_CLOSED: CASE,
    AuditAction.CASE_REOPENED: CASE,
    AuditAction.CASE_ASSIGNED: ASSIGNMENT,
    AuditAction.CASE_UNASSIGNED: ASSIGNMENT,
    AuditAction.CASE_SHARED: ASSIGNMENT,
    AuditAction.CASE_SHARE_ENDED: ASSIGNMENT,
}


def _audit_title(event: AuditEvent) -> str:
    subject = event.subject_user.display_name if event.subject_user else ""
    match event.action:
        case AuditAction.CASE_CLOSED:
            return "Case closed"
        case AuditAction.CASE_REOPENED:
            return "Case reopened"
        case AuditAction.CASE_ASSIGNED if subject:
            return f"Assigned to {subject}"
        case AuditAction.CASE_ASSIGNED | AuditAction.CASE_UNASSIGNED:
            return "Unassigned"
        case AuditAction.CASE_SHARED:
            return f"Shared for cover with {subject}"
        case _:
            return f"Cover by {subject} ended"


def case_events(case: Case, query: TimelineQuery) -> list[TimelineEvent]:
    """The case opened (from the case: the day it was opened, not the day it was typed in), and
    its closures, reopenings, assignments and cover shares (one query of the audit trail)."""
    events = []
    if query.wants(CASE):
        events.append(TimelineEvent(on=case.opened_on, kind=CASE, title="Case opened", rank=RANK_OPENED))
    actions = [action for action, kind in CASE_ACTIONS.items() if query.wants(kind)]
    if not actions:
        return events
    audit = _within(AuditEvent.objects.filter(case=case, action__in=actions), "at", query)
    users = ("actor", "subject_user", "previous_subject_user")
    audit = audit.select_related(*users).only(
        "pk", "at", "action", *(f"{user}__{column}" for user in users for column in NAME_COLUMNS)
    )
    audit = audit.order_by("-at", "-id")
    if query.limit is not None:
        audit = audit[: query.limit]
    for event in audit:
        on, at = _local(event.at)
        details = ()
        if event.action == AuditAction.CASE_ASSIGNED and event.previous_subject_user:
            details = (f"Before: {event.previous_subject_user.display_name}",)
        events.append(
            TimelineEvent(
                on=on,
                at=at,
                kind=CASE_ACTIONS[event.action],
                title=_audit_title(event),
                by=event.actor.display_name if event.actor else "",
                details=details,
                key=event.pk,
            )
        )
    return events


SOURCES = [
    TimelineSource(kinds=[(CONTACT, "Contacts")], events=contact_events),
    TimelineSource(kinds=[(TASK, "Tasks done or cancelled")], events=task_events),
    TimelineSource(kinds=[(CONSENT, "Consent")], events=consent_events),
    TimelineSource(
        kinds=[(CASE, "Case opened, closed or reopened"), (ASSIGNMENT, "Assignments and cover")],
        events=case_events,
    ),
]
