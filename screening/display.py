"""Answers as a reader sees them: labels instead of codes, one row per question."""

from datetime import date

from casework.ui.dates import long_date
from screening.questions import DATE, INDICATORS, YES_NO, questionnaire

YES_NO_LABELS = {"yes": "Yes", "no": "No"}


def _shown(question, value) -> str | list[str]:
    if value in (None, "", [], {}):
        return ""
    if question.kind == INDICATORS:
        labels = dict(question.choices)
        return [f"{labels.get(code, code)}: {evidence}" for code, evidence in value.items()]
    if question.kind == YES_NO:
        return YES_NO_LABELS.get(value, value)
    if question.kind == DATE:
        return long_date(date.fromisoformat(value))
    if question.choices:
        labels = dict(question.choices)
        if isinstance(value, list):
            return [labels.get(v, v) for v in value]
        return labels.get(value, value)
    return value


def answer_sections(interview) -> list[dict]:
    """Every section of the interview's own questionnaire version, with its answers."""
    answers = interview.answers
    return [
        {
            "section": section,
            "status": interview.progress.get(section.slug, "not_started"),
            "rows": [
                {"question": q, "value": _shown(q, answers.get(section.slug, {}).get(q.key))}
                for q in section.questions
            ],
        }
        for section in questionnaire(interview.version).sections
    ]


def amendment_rows(interview) -> list[dict]:
    sections = {s.slug: s for s in questionnaire(interview.version).sections}
    rows = []
    for amendment in interview.amendments.select_related("amended_by"):
        section = sections.get(amendment.section)
        questions = {q.key: q for q in section.questions} if section else {}
        rows.append(
            {
                "amendment": amendment,
                "section": section.title if section else amendment.section,
                "before": [
                    {
                        "label": questions[key].label if key in questions else key,
                        "value": _shown(questions[key], value) if key in questions else value,
                    }
                    for key, value in amendment.previous.items()
                ],
            }
        )
    return rows
