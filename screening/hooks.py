"""What the screening interview adds to the case file: its panel, drafts left open,
its data area (export and erasure), its demo data and words."""

from casework import hooks
from casework.ui import labels
from screening.demo import seed_screening
from screening.panels import (
    draft_work_items,
    screening_erase_personal_data,
    screening_export_section,
    screening_panel_context,
)
from screening.questions import question_label
from screening.selectors import SOURCES as timeline_sources
from screening.vocabularies import ScreeningAction, StopReason

hooks.register(
    hooks.AppHooks(
        app="screening",
        areas=[hooks.CaseArea(order=40, slug="screening", title="Screening")],
        panels=[
            hooks.CasePanel(
                order=5, template="screening/_panel.html", context=screening_panel_context, area="screening"
            )
        ],
        work_sources=[draft_work_items],
        data_areas=[
            hooks.DataArea(
                order=10,
                title="Screening interviews",
                export=screening_export_section,
                erase=screening_erase_personal_data,
            )
        ],
        audit_actions=ScreeningAction,
        demo_seeders=[seed_screening],
        timeline_sources=timeline_sources,
    )
)
labels.register(StopReason.choices)
labels.register(
    {  # the pages of a case (casework.ui.labels PAGES)
        "case_screening": "Screening page",
        "screening_start": "Start a screening interview page",
        "screening_interview": "Screening interview page",
        "screening_check": "Check screening answers page",
        "screening_stop": "Stop a screening interview page",
        "screening_print": "Print a screening interview page",
        "screening_amend": "Amend a screening answer page",
        "screening_section": "Screening interview section page",
    }
)
labels.register({"started": "Started", "questions_version": "Questions version"})
labels.register_resolver(question_label)


def register_record_kind():
    """Answers are edited as "section.question": their labels and choices, every edition."""
    from casework.services.record_kinds import register_kind
    from screening.models import ScreeningInterview
    from screening.questions import QUESTIONNAIRES

    labels, choices = {}, {}
    for edition in QUESTIONNAIRES.values():
        for section in edition.sections:
            for question in section.questions:
                name = f"{section.slug}.{question.key}"
                labels[name] = f"{section.title}: {question.label}"
                if question.choices:
                    choices[name] = dict(question.choices)
    register_kind(
        "screening",
        title="Screening interview",
        models=(ScreeningInterview,),
        labels=labels,
        choices=choices,
        version_attr="edit_version",
        in_case_history=False,  # the interview's own page shows its corrections
    )


register_record_kind()
