"""Reads of screening interviews for the other pages of a case: its timeline's events."""

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from casework.ui.labels import choice_label
from screening.models import ScreeningInterview
from screening.vocabularies import InterviewOutcome, StopReason

SCREENING = "screening"


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
        by = interview.started_by.display_name
        events.append(
            TimelineEvent.happened(
                interview.started_at,
                kind=SCREENING,
                title="Screening interview started",
                by=by,
                key=interview.pk,
            )
        )
        if interview.completed_at is not None:
            outcome = choice_label(InterviewOutcome, interview.outcome) if interview.outcome else ""
            events.append(
                TimelineEvent.happened(
                    interview.completed_at,
                    kind=SCREENING,
                    title="Screening interview completed",
                    details=(f"Outcome: {outcome}",) if outcome else (),
                    key=interview.pk,
                )
            )
        if interview.stopped_at is not None:
            reason = choice_label(StopReason, interview.stop_reason) if interview.stop_reason else ""
            events.append(
                TimelineEvent.happened(
                    interview.stopped_at,
                    kind=SCREENING,
                    title="Screening interview stopped",
                    details=(reason,) if reason else (),
                    key=interview.pk,
                )
            )
    return events


SOURCES = [TimelineSource(kinds=[(SCREENING, "Screening interviews")], events=screening_events)]
