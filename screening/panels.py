from datetime import date, timedelta

from casework.extensions import WorkItem
from screening.models import InterviewStatus, ScreeningInterview

DRAFT_REMINDER_DAYS = 14


def screening_panel_context(request, case) -> dict:
    return {"interviews": case.screening_interviews.select_related("started_by")}


def draft_work_items(cases, today: date) -> list[WorkItem]:
    """Screening interviews left in draft for 14 days or more."""
    stale = today - timedelta(days=DRAFT_REMINDER_DAYS)
    drafts = (
        ScreeningInterview.objects.filter(
            case__in=cases, status=InterviewStatus.DRAFT, updated_at__date__lte=stale
        )
        .select_related("case")
        .only("updated_at", "case__reference")
    )
    return [
        WorkItem(
            due_on=draft.updated_at.date() + timedelta(days=DRAFT_REMINDER_DAYS),
            reference=draft.case.reference,
            kind="screening_draft",
            text=f"Screening interview in draft since {draft.updated_at:%-d %B %Y}",
            overdue=True,
            group="Screening interviews left in draft",
        )
        for draft in drafts
    ]
