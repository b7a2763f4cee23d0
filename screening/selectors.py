"""Reads of screening interviews for the other pages of a case: its timeline's events."""

from django.utils import timezone

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from screening.models import ScreeningInterview
from screening.vocabularies import InterviewOutcome, StopReason

SCREENING = "screening"


def _local(moment):
    local = timezone.localtime(moment)
    return local.date(), local.time().replace(second=0, microsecond=0)


def screening_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """Each interview started, completed or stopped (one query; the answers are not read)."""
    interviews = (
        ScreeningInterview.objects.filter(case=case)
        .select_related("started_by")
        .only(
            "pk",
            "started_at",
            "completed_at",
            "stopped_at",
            "stop_reason",
            "outcome",
            "started_by__first_name",
            "started_by__last_name",
            "started_by__username",
        )
    )
    events = []
    for interview in interviews:
        on, at = _local(interview.started_at)
        by = interview.started_by.display_name
        events.append(
            TimelineEvent(
                on=on, at=at, kind=SCREENING, title="Screening interview started", by=by, key=interview.pk
            )
        )
        if interview.completed_at is not None:
            on, at = _local(interview.completed_at)
            outcome = InterviewOutcome(interview.outcome).label if interview.outcome else ""
            events.append(
                TimelineEvent(
                    on=on,
                    at=at,
                    kind=SCREENING,
                    title="Screening interview completed",
                    details=(f"Outcome: {outcome}",) if outcome else (),
                    key=interview.pk,
                )
            )
        if interview.stopped_at is not None:
            on, at = _local(interview.stopped_at)
            reason = StopReason(interview.stop_reason).label if interview.stop_reason else ""
            events.append(
                TimelineEvent(
                    on=on,
                    at=at,
                    kind=SCREENING,
                    title="Screening interview stopped",
                    details=(reason,) if reason else (),
                    key=interview.pk,
                )
            )
    return events


SOURCES = [TimelineSource(kinds=[(SCREENING, "Screening interviews")], events=screening_events)]
