"""The screening interview's audit actions move from casework's list to this app, with
namespaced codes ("screening_started" becomes "screening.started"). The audit table is
append-only (a trigger refuses UPDATE); relabelling its codes in a migration is the one
sanctioned exception: no event is added, removed or re-dated, and the words shown stay the same."""

from django.db import migrations

RENAMED = {
    "screening_started": "screening.started",
    "screening_section_saved": "screening.section_saved",
    "screening_completed": "screening.completed",
    "screening_amended": "screening.amended",
    "screening_stopped": "screening.stopped",
    "screening_viewed": "screening.viewed",
    "screening_printed": "screening.printed",
}


def relabel(apps, renamed: dict[str, str]) -> None:
    import pgtrigger

    AuditEvent = apps.get_model("casework", "AuditEvent")
    with pgtrigger.ignore("casework.AuditEvent:audit_append_only"):
        for old, new in renamed.items():
            AuditEvent.objects.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    relabel(apps, RENAMED)


def backwards(apps, schema_editor):
    relabel(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0004_vocabularies_valid"),
        ("casework", "0026_audit_actions_declared_by_apps"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
