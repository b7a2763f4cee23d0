"""Casework's events on the case timeline: contacts, tasks done or cancelled, consent decisions,
and the case itself (opened, closed, reopened, assigned, shared for cover). Each function is one
hooks.TimelineSource's `events`: a fixed number of queries, only the columns shown, and no note.

The sources of many rows (contacts, tasks, the audit trail) read only the newest `query.limit`
below the page's cursor (`query.before`), in the timeline's own order (TimelineEvent.sort_key)."""

from datetime import datetime, time

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from casework.models import AuditEvent, Case, CaseShare, Consent, Contact, Task
from casework.ui.dates import local_day_and_time, long_date
from casework.ui.labels import choice_label, lower_first
from casework.vocabularies import (
    TASK_CANCELLED_BY_CLOSURE,
    AuditAction,
    ConsentDecision,
    ConsentPurpose,
    ContactKind,
    ContactPlace,
    TaskStatus,
)

CONTACT, TASK, CONSENT, CASE, ASSIGNMENT = "contact", "task", "consent", "case", "assignment"

# The order, on one day, of events that have no time (hooks.TimelineEvent.rank); a closure
# dated by its closing date is the last thing of its day.
RANK_OPENED, RANK_CONSENT, RANK_TASK, RANK_CLOSED = 0, 20, 95, 99
RANK_TIMED = TimelineEvent.__dataclass_fields__["rank"].default  # events with an instant keep it

NAME_COLUMNS = ("first_name", "last_name", "username")


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


def _below_instants(queryset: QuerySet, column: str, query: TimelineQuery, kind: str | None) -> QuerySet:
    """Rows of instants (`column`) whose events sort below the page's cursor. `kind`: the one
    kind of the rows (None: several, which never share an instant)."""
    if query.before is None:
        return queryset
    on, timed, moment, rank, before_kind, pk = query.before
    if not timed:
        # Below an event known by its date: the instants of earlier days only.
        return queryset.filter(
            **{f"{column}__lt": datetime.combine(on, time.min, timezone.get_current_timezone())}
        )
    mine = (RANK_TIMED, kind)
    if kind is None or mine == (rank, before_kind):
        return queryset.filter(Q(**{f"{column}__lt": moment}) | Q(**{column: moment, "pk__lt": pk}))
    return queryset.filter(**{f"{column}__{'lte' if mine < (rank, before_kind) else 'lt'}": moment})


def _below_days(queryset: QuerySet, column: str, query: TimelineQuery, rank: int, kind: str) -> QuerySet:
    """Rows known by a date (`column`) whose events sort below the page's cursor."""
    if query.before is None:
        return queryset
    on, timed, _moment, before_rank, before_kind, pk = query.before
    if timed or (rank, kind) < (before_rank, before_kind):
        # Below an instant: its day and earlier (a day's dated events are under its instants).
        return queryset.filter(**{f"{column}__lte": on})
    if (rank, kind) > (before_rank, before_kind):
        return queryset.filter(**{f"{column}__lt": on})
    return queryset.filter(Q(**{f"{column}__lt": on}) | Q(**{column: on, "pk__lt": pk}))


def contact_events(case: Case, query: TimelineQuery) -> list[TimelineEvent]:
    """The newest contacts asked for, with who took part (two queries); the note and the
    encrypted names of others present are never read."""
    contacts = _below_instants(
        _within(Contact.objects.filter(case=case), "happened_at", query), "happened_at", query, CONTACT
    ).order_by("-happened_at", "-id")
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
        .select_related("user")
        .only("contact_id", *(f"user__{column}" for column in NAME_COLUMNS))
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    for row in taking_part:
        staff.setdefault(row.contact_id, []).append(row.user.display_name)
    events = []
    for row in rows:
        details = []
        if row["place"]:
            details.append(choice_label(ContactPlace, row["place"]))
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
            TimelineEvent.happened(
                row["happened_at"],
                kind=CONTACT,
                title=f"Contact: {lower_first(choice_label(ContactKind, row['kind']))}",
                by=", ".join(staff.get(row["pk"], [])),
                details=(", ".join(details),) if details else (),
                tags=tuple(tags),
                key=row["pk"],
            )
        )
    return events


def task_events(case: Case, query: TimelineQuery) -> list[TimelineEvent]:
    """Tasks done or cancelled, with their titles (the reader may see the case): one query,
    and only the titles of the newest asked for are decrypted. Every such task has its day
    (the database says so: done_on and cancelled_on are set exactly for those statuses)."""
    tasks = (
        Task.objects.filter(case=case, status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .annotate(ended_on=Coalesce("done_on", "cancelled_on"))
        .select_related("assignee")
        .only(
            "pk",
            "title",
            "status",
            "done_on",
            "cancelled_on",
            "cancel_reason",
            *(f"assignee__{c}" for c in NAME_COLUMNS),
        )
        .order_by("-ended_on", "-id")
    )
    tasks = _below_days(_days(tasks, "ended_on", query), "ended_on", query, RANK_TASK, TASK)
    if query.limit is not None:
        tasks = tasks[: query.limit]
    events = []
    for task in tasks:
        done = task.status == TaskStatus.DONE
        # Whoever marked it: the task says whose it was, and a closure cancels it for everyone.
        if not done and task.cancel_reason == TASK_CANCELLED_BY_CLOSURE:
            details: tuple[str, ...] = ("Cancelled when the case closed",)
        else:
            details = (f"Assigned to {task.assignee.display_name}",)
        events.append(
            TimelineEvent(
                on=task.ended_on,
                kind=TASK,
                title="Task done" if done else "Task cancelled",
                typed=task.title,
                details=details,
                rank=RANK_TASK,
                key=task.pk,
            )
        )
    return events


def consent_events(case: Case, query: TimelineQuery) -> list[TimelineEvent]:
    """Each decision and each withdrawal (a handful per case: all of them, one query)."""
    events = []
    rows = Consent.objects.filter(case=case).values("pk", "purpose", "decision", "decided_on", "withdrawn_on")
    for row in rows:
        words = lower_first(choice_label(ConsentPurpose, row["purpose"]))
        given = row["decision"] == ConsentDecision.GIVEN
        events.append(
            TimelineEvent(
                on=row["decided_on"],
                kind=CONSENT,
                title=f"Consent {'given' if given else 'refused'}: {words}",
                rank=RANK_CONSENT,
                key=row["pk"],
            )
        )
        if row["withdrawn_on"] is not None:
            events.append(
                TimelineEvent(
                    on=row["withdrawn_on"],
                    kind=CONSENT,
                    title=f"Consent withdrawn: {words}",
                    rank=RANK_CONSENT + 1,
                    key=row["pk"],
                )
            )
    return events


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
USERS = ("actor", "subject_user", "previous_subject_user")


def _audit_title(event: AuditEvent) -> str:
    subject = event.subject_user.display_name if event.subject_user else ""
    match event.action:
        case AuditAction.CASE_CLOSED:
            # An earlier closure: the trail keeps the day it was recorded, not the closing
            # date typed (which the case row holds for the current closure only).
            return "Case closure recorded"
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


def _history(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(*USERS).only(
        "pk",
        "at",
        "action",
        "subject_user_id",
        *(f"{user}__{column}" for user in USERS for column in NAME_COLUMNS),
    )


def _current_closure(case: Case) -> TimelineEvent | None:
    """A closed case's closure, dated by its closing date (which may be earlier than the day it
    was entered), saying when it was recorded (one query)."""
    if case.is_open or case.closed_on is None:
        return None
    recorded = (
        _history(AuditEvent.objects.filter(case=case, action=AuditAction.CASE_CLOSED))
        .order_by("-at", "-id")
        .first()
    )
    details = ()
    if recorded is not None:
        day, hour = local_day_and_time(recorded.at)
        details = (f"Recorded on {long_date(day)} at {hour:%H:%M}",)
    return TimelineEvent(
        on=case.closed_on,
        kind=CASE,
        title="Case closed",
        by=recorded.actor.display_name if recorded is not None and recorded.actor else "",
        details=details,
        rank=RANK_CLOSED,
        key=recorded.pk if recorded is not None else 0,
    )


def case_events(case: Case, query: TimelineQuery) -> list[TimelineEvent]:
    """The case opened (from the case: the day it was opened, not the day it was typed in), its
    current closure (dated by its closing date), and its earlier closures, reopenings,
    assignments and cover shares (one query of the audit trail, one more if the case is closed)."""
    events = []
    current = None
    if query.wants(CASE):
        events.append(TimelineEvent(on=case.opened_on, kind=CASE, title="Case opened", rank=RANK_OPENED))
        current = _current_closure(case)
        if current is not None:
            events.append(current)
    actions = [action for action, kind in CASE_ACTIONS.items() if query.wants(kind)]
    if not actions:
        return events
    audit = _within(AuditEvent.objects.filter(case=case, action__in=actions), "at", query)
    if current is not None:
        audit = audit.exclude(pk=current.key)
    audit = _history(_below_instants(audit, "at", query, None)).order_by("-at", "-id")
    if query.limit is not None:
        audit = audit[: query.limit]
    # A share ends by itself on its expiry day, without an entry in the trail: the colleague's
    # latest share says until when it covers (one query).
    covering = (
        dict(CaseShare.objects.filter(content_object=case).values_list("user_id", "expires_on"))
        if query.wants(ASSIGNMENT)
        else {}
    )
    said: set[int] = set()  # colleagues whose latest share (or its end) is already read
    today = timezone.localdate()
    for event in audit:
        details: tuple[str, ...] = ()
        if event.action == AuditAction.CASE_ASSIGNED and event.previous_subject_user:
            details = (f"Before: {event.previous_subject_user.display_name}",)
        elif event.action in (AuditAction.CASE_SHARED, AuditAction.CASE_SHARE_ENDED):
            colleague = event.subject_user_id
            until = covering.get(colleague) if event.action == AuditAction.CASE_SHARED else None
            if until is not None and colleague not in said:
                details = (f"{'Covering' if until >= today else 'Covered'} until {long_date(until)}",)
            said.add(colleague)
        events.append(
            TimelineEvent.happened(
                event.at,
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
