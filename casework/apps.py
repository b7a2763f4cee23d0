from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self):
        from casework import hooks, signals
        from casework.contacts_demo import seed_contacts
        from casework.selectors.contact_work import contact_work_items
        from casework.selectors.documents import TIMELINE as document_timeline
        from casework.selectors.task_work import task_work_items
        from casework.selectors.timeline_events import SOURCES as timeline_sources
        from casework.services.cases import person_blind_indexes_refresh, person_erase, person_export
        from casework.services.consent import consent_erase, consent_export
        from casework.services.contacts import contact_erase, contact_export
        from casework.services.documents import document_erase, document_export
        from casework.services.history import erase_history, history_export_section
        from casework.services.tasks import task_erase, task_export
        from casework.tasks_demo import seed_tasks
        from casework.views.documents import register_labels as register_document_labels
        from casework.vocabularies import AuditAction

        assert signals  # imported to connect the audit receivers
        hooks.register(
            hooks.AppHooks(
                app="casework",
                data_areas=[
                    hooks.DataArea(
                        order=1, title="Personal details", export=person_export, erase=person_erase
                    ),
                    hooks.DataArea(order=2, title="Consent", export=consent_export, erase=consent_erase),
                    hooks.DataArea(order=3, title="Contacts", export=contact_export, erase=contact_erase),
                    hooks.DataArea(order=4, title="Tasks", export=task_export, erase=task_erase),
                    hooks.DataArea(order=5, title="Documents", export=document_export, erase=document_erase),
                    hooks.DataArea(
                        order=90,
                        title="History of changes and corrections",
                        export=history_export_section,
                        erase=erase_history,
                    ),
                ],
                audit_actions=AuditAction,
                work_sources=[contact_work_items, task_work_items],
                demo_seeders=[seed_contacts, seed_tasks],
                blind_index_refreshers=[person_blind_indexes_refresh],
                timeline_sources=[*timeline_sources, document_timeline],
            )
        )
        _register_record_kinds()
        register_document_labels()


def _consent_name(consent) -> str:
    from casework.ui.dates import long_date
    from casework.ui.labels import lower_first

    decided = f"{consent.get_decision_display().lower()} {long_date(consent.decided_on)}"
    return f"Consent {decided}: {lower_first(consent.get_purpose_display())}"


def _contact_name(contact) -> str:
    from casework.ui.dates import local_day_and_time, long_date

    day, hour = local_day_and_time(contact.happened_at)
    return f"{contact.get_kind_display()} on {long_date(day)} at {hour:%H:%M}"


def _subject_kind_title(code, _row) -> str:
    from casework.services.record_kinds import KINDS
    from casework.ui.labels import label

    return KINDS[code].title if code in KINDS else label(code)


def _subject_record_name(pk, row) -> str:
    """The record a task is about, by its name: its kind is among the values changed with it
    when known, else the record is not named (an id means nothing to a reader)."""
    from casework.selectors.task_subjects import subject_name

    return subject_name(row["about_kind"], pk) if row.get("about_kind") else "A record of the case"


def _register_record_kinds():
    """What each editable record is called, and its fields' labels (the forms' own)."""
    from django_countries import countries

    from casework.forms.cases import SurvivorDetailsForm
    from casework.forms.consent import ConsentForm, ConsentWithdrawForm
    from casework.forms.contacts import ContactForm
    from casework.forms.tasks import TaskCancelForm, TaskForm
    from casework.models import Case, Consent, Contact, Person, Task
    from casework.services.record_kinds import register_kind
    from casework.vocabularies import ExploitationType, RiskFlag

    register_kind(
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
    register_kind(
        "assignment",
        title="Assignment",
        models=(Case,),
        labels={"assignee": "Assigned to"},
        version_attr="assignment_version",
    )
    register_kind(
        "consent",
        title="Consent decision",
        models=(Consent,),
        form_class=ConsentForm,
        task_subject_case="case",
        task_subject_name=_consent_name,
        document_subject=True,  # its signed form
        labels={"withdrawn_on": ConsentWithdrawForm.base_fields["withdrawn_on"].label},
    )
    register_kind(
        "contact",
        title="Contact",
        models=(Contact,),
        form_class=ContactForm,
        task_subject_case="case",
        task_subject_name=_contact_name,
        labels={
            "happened_at": "Date and time",
            "staff": "Staff who took part",
            "concern_seen": "Safeguarding concern seen by",
        },
    )
    register_kind(
        "task",
        title="Task",
        models=(Task,),
        form_class=TaskForm,
        labels={
            "cancel_reason": TaskCancelForm.base_fields["cancel_reason"].label,
            "about_kind": "What it is about",
            "about_id": "Record it is about",
        },
        # Named in words, never as codes or ids.
        displays={"about_kind": _subject_kind_title, "about_id": _subject_record_name},
    )
