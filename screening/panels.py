from datetime import date, timedelta

from casework.hooks import WorkItem
from casework.ui.dates import long_date
from screening import rules
from screening.display import amendment_rows, answer_sections
from screening.models import ScreeningAmendment, ScreeningInterview
from screening.vocabularies import InterviewOutcome, InterviewStatus

DRAFT_REMINDER_DAYS = 14


def screening_panel_context(request, case) -> dict:
    interviews = list(case.screening_interviews.select_related("started_by"))
    # One interview at a time: while one is in progress the panel offers to continue it.
    open_interview = next((i for i in interviews if rules.may_answer(i)), None)
    return {
        "interviews": interviews,
        "open_interview": open_interview,
        # The template compares stored codes with these, never with string literals.
        "InterviewStatus": InterviewStatus,
        "InterviewOutcome": InterviewOutcome,
    }


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
            text=f"Screening interview in draft since {long_date(draft.updated_at)}",
            overdue=True,
            group="Screening interviews left in draft",
        )
        for draft in drafts
    ]


def screening_export_section(case):
    """Every interview with its answers and corrections, for the subject access export."""
    records = []
    for interview in case.screening_interviews.all():
        record = {
            "record": f"Screening interview ({interview.get_status_display()})",
            "started": interview.started_at.date(),
            "questions_version": interview.version,
        }
        if interview.stop_note:
            record["stop_note"] = interview.stop_note
        for item in answer_sections(interview):
            for row in item["rows"]:
                if row["value"]:
                    record[f"{item['section'].title}: {row['question'].label}"] = row["value"]
        for amendment in amendment_rows(interview):
            record[f"Correction of {amendment['section']} ({amendment['amendment'].amended_at:%Y-%m-%d})"] = (
                f"{amendment['amendment'].reason}; before: "
                + "; ".join(f"{row['label']}: {row['value']}" for row in amendment["before"])
            )
        records.append(record)
    return records


def screening_erase_personal_data(case) -> None:
    """At the end of retention every answer, note and correction goes; the interview's dates,
    status and outcome code stay for the statistics."""
    interviews = ScreeningInterview.objects.filter(case=case)
    amendments = ScreeningAmendment.objects.filter(interview__in=interviews)
    amendments.update(reason="", previous_json="{}")  # overwritten before the rows go
    amendments.delete()
    interviews.update(answers_json="{}", stop_note="")
