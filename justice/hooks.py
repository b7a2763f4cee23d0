"""What the criminal-justice journey adds to the case file: its panel, deadlines on
My work, its data area (export and erasure), demo data and record kinds."""

from django.utils import timezone

from casework import hooks
from casework.ui import labels
from casework.ui.dates import long_date
from justice.demo import seed_justice
from justice.overview import justice_overview_context
from justice.panels import justice_panel_context, justice_work_items
from justice.selectors.timeline import SOURCES as timeline_sources
from justice.services import data
from justice.vocabularies import ClaimKind, JusticeAction, MilestoneKind

hooks.register(
    hooks.AppHooks(
        app="justice",
        areas=[hooks.CaseArea(order=70, slug="justice", title="Justice")],
        panels=[
            hooks.CasePanel(
                order=30,
                template="justice/_overview.html",
                context=justice_overview_context,
                area=hooks.OVERVIEW,
            ),
            hooks.CasePanel(
                order=30,
                template="justice/_justice_panel.html",
                context=justice_panel_context,
                area="justice",
            ),
        ],
        work_sources=[justice_work_items],
        data_areas=[
            hooks.DataArea(
                order=40,
                title="Criminal justice and claims",
                export=data.justice_export_section,
                erase=data.justice_erase_personal_data,
            )
        ],
        audit_actions=JusticeAction,
        demo_seeders=[seed_justice],
        timeline_sources=timeline_sources,
    )
)

labels.register(MilestoneKind.choices)
labels.register(ClaimKind.choices)
labels.register(
    {  # the pages of a case (casework.ui.labels PAGES)
        "case_justice": "Justice page",
        "proceeding_new": "Record a criminal proceeding page",
        "milestone_new": "Record a step in a proceeding page",
        "engagement_edit": "Record the survivor's engagement page",
        "proceeding_change": "Change a criminal proceeding page",
        "proceeding_delete": "Delete a criminal proceeding page",
        "milestone_change": "Change a step in a proceeding page",
        "milestone_delete": "Delete a step in a proceeding page",
        "claim_new": "Record a compensation claim page",
        "claim_change": "Change a compensation claim page",
        "claim_settle": "Record what happened to a claim page",
        "claim_delete": "Delete a compensation claim page",
    }
)


def register_record_kinds():
    """What each editable record is called, and its fields' labels (the forms' own)."""
    from casework.services.record_kinds import register_kind
    from justice.forms import ClaimForm, EngagementForm, MilestoneForm, ProceedingForm
    from justice.models import Claim, Milestone, Proceeding

    register_kind(
        "proceeding",
        title="Criminal proceeding",
        models=(Proceeding,),
        form_class=ProceedingForm,
        task_subject_case="case",
        task_subject_name=_proceeding_name,
    )
    register_kind(
        "engagement",
        title="The survivor's engagement",
        models=(Proceeding,),
        labels={
            "engagement": EngagementForm.base_fields["engagement"].label,
            "engagement_changed_on": EngagementForm.base_fields["changed_on"].label,
            "disengagement_reason": "Why they paused or withdrew",
        },
    )
    register_kind(
        "milestone",
        title="Step in a proceeding",
        models=(Milestone,),
        form_class=MilestoneForm,
        task_subject_case="proceeding__case",
        task_subject_name=lambda step: f"{step.get_kind_display()} on {long_date(step.on)}",
        document_subject=True,  # a charge letter, a court's notice
    )
    register_kind(
        "claim",
        title="Compensation or civil claim",
        models=(Claim,),
        form_class=ClaimForm,
        task_subject_case="case",
        task_subject_name=_claim_name,
    )


def _proceeding_name(proceeding) -> str:
    recorded = long_date(timezone.localtime(proceeding.created_at).date())
    return f"{proceeding.get_kind_display()} ({proceeding.get_police_force_display()}) recorded {recorded}"


# A claim as caseworkers call it (the vocabulary's label spells CICA out).
CLAIM_NAMES = {
    ClaimKind.CICA: "CICA claim",
    ClaimKind.EMPLOYMENT_TRIBUNAL: "Employment tribunal claim",
    ClaimKind.CIVIL: "Civil claim",
}


def _claim_name(claim) -> str:
    """A claim by its kind and dates ("CICA claim submitted 1 May 2026"): two differ by them."""
    name = CLAIM_NAMES.get(claim.kind, f"{claim.get_kind_display()} claim")
    if claim.submitted_on is not None:
        return f"{name} submitted {long_date(claim.submitted_on)}"
    return f"{name} about {long_date(claim.incident_on)}, not yet submitted"


register_record_kinds()
