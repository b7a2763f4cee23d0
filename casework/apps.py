from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self):
        from casework import extensions, justice, services, signals, versioning
        from casework.justice_demo import seed_justice
        from casework.justice_panel import justice_panel_context, justice_work_items

        assert signals  # imported to connect the audit receivers
        extensions.register_blind_index_refresher(services.person_blind_indexes_refresh)
        extensions.register_case_panel(
            extensions.CasePanel(
                order=30, template="casework/_justice_panel.html", context=justice_panel_context
            )
        )
        extensions.register_work_source(justice_work_items)
        extensions.register_demo_seeder(seed_justice)
        extensions.register_export_section(justice.justice_export_section)
        extensions.register_eraser(justice.justice_erase_personal_data)
        extensions.register_eraser(versioning.erase_history)
        extensions.register_export_section(versioning.history_export_section)
        _register_record_kinds()


def _register_record_kinds():
    """What each editable record is called, and its fields' labels (the forms' own)."""
    from django_countries import countries

    from casework import versioning
    from casework.forms import ConsentForm, ConsentWithdrawForm, SurvivorDetailsForm
    from casework.justice_forms import ClaimForm, EngagementForm, MilestoneForm, ProceedingForm
    from casework.models import Case, Claim, Consent, Milestone, Person, Proceeding
    from casework.vocabularies import ExploitationType, RiskFlag

    versioning.register_kind(
        "person",
        title="The survivor's details",
        models=(Person, Case),
        form_class=SurvivorDetailsForm,
        labels={"nationalities": "Nationality"},
        choices={
            "nationalities": dict(countries),
            "exploitation_types": dict(ExploitationType.choices),
            "risk_flags": dict(RiskFlag.choices),
        },
    )
    versioning.register_kind(
        "assignment",
        title="Assignment",
        models=(Case,),
        labels={"assignee": "Assigned to"},
        version_attr="assignment_version",
    )
    versioning.register_kind(
        "consent",
        title="Consent decision",
        models=(Consent,),
        form_class=ConsentForm,
        labels={"withdrawn_on": ConsentWithdrawForm.base_fields["withdrawn_on"].label},
    )
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
