"""The backlog export's audit action moves from casework's list to this app, with a
namespaced code ("backlog_exported" becomes "oversight.backlog_exported"). The audit table
is append-only (a trigger refuses UPDATE); relabelling its codes in a migration is the one
sanctioned exception: no event is added, removed or re-dated, and the words shown stay the same."""

from django.db import migrations

OLD, NEW = "backlog_exported", "oversight.backlog_exported"


def relabel(apps, old: str, new: str) -> None:
    import pgtrigger

    AuditEvent = apps.get_model("casework", "AuditEvent")
    with pgtrigger.ignore("casework.AuditEvent:audit_append_only"):
        AuditEvent.objects.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    relabel(apps, OLD, NEW)


def backwards(apps, schema_editor):
    relabel(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0002_reminder_status_valid"),
        ("casework", "0026_audit_actions_declared_by_apps"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
