from django.apps import AppConfig


class JusticeConfig(AppConfig):
    """Criminal proceedings, their steps, the survivor's engagement, and compensation and
    civil claims (depends on support for the date of the RG decision)."""

    name = "justice"

    def ready(self):
        from casework import hooks
        from justice import services
        from justice.demo import seed_justice
        from justice.panels import justice_panel_context, justice_work_items

        hooks.register_case_panel(
            hooks.CasePanel(order=30, template="justice/_justice_panel.html", context=justice_panel_context)
        )
        hooks.register_work_source(justice_work_items)
        hooks.register_demo_seeder(seed_justice)
        hooks.register_export_section(services.justice_export_section)
        hooks.register_eraser(services.justice_erase_personal_data)
        _register_record_kinds()


def _register_record_kinds():
    """What each editable record is called, and its fields' labels (the forms' own)."""
    from casework.services import versioning
    from justice.forms import ClaimForm, EngagementForm, MilestoneForm, ProceedingForm
    from justice.models import Claim, Milestone, Proceeding

    versioning.register_kind(
        "proceeding", title="Criminal proceeding", models=(Proceeding,), form_class=ProceedingForm
    )
    versioning.register_kind(
        "engagement",
        title="The survivor's engagement",
        models=(Proceeding,),
        labels={
            "engagement": EngagementForm.base_fields["engagement"].label,
            "engagement_changed_on": EngagementForm.base_fields["changed_on"].label,
            "disengagement_reason": "Why they paused or withdrew",
        },
    )
    versioning.register_kind(
        "milestone", title="Step in a proceeding", models=(Milestone,), form_class=MilestoneForm
    )
    versioning.register_kind(
        "claim", title="Compensation or civil claim", models=(Claim,), form_class=ClaimForm
    )
