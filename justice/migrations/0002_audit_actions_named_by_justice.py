"""The one "justice_recorded" audit action becomes four actions owned by this app, named by
what was recorded (the event's first field said which). The audit table is append-only
(a trigger refuses UPDATE); relabelling its codes in a migration is the one sanctioned
exception: no event is added, removed or re-dated. The audit page already showed these four
wordings (it read the first field); the subject access export's access log, which showed
"Recorded criminal-justice information" for all four, now says which record too."""

from django.db import migrations

OLD = "justice_recorded"
BY_FIRST_FIELD = {
    "proceeding": "justice.proceeding_recorded",
    "claim": "justice.claim_recorded",
    "engagement": "justice.engagement_recorded",
}
STEP = "justice.step_recorded"  # any other first field is a step's kind


def forwards(apps, schema_editor):
    import pgtrigger

    AuditEvent = apps.get_model("casework", "AuditEvent")
    with pgtrigger.ignore("casework.AuditEvent:audit_append_only"):
        for first_field, new in BY_FIRST_FIELD.items():
            AuditEvent.objects.filter(action=OLD, fields__0=first_field).update(action=new)
        AuditEvent.objects.filter(action=OLD).update(action=STEP)


def backwards(apps, schema_editor):
    import pgtrigger

    AuditEvent = apps.get_model("casework", "AuditEvent")
    with pgtrigger.ignore("casework.AuditEvent:audit_append_only"):
        AuditEvent.objects.filter(action__in=[*BY_FIRST_FIELD.values(), STEP]).update(action=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("justice", "0001_initial"),
        ("casework", "0026_audit_actions_declared_by_apps"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
