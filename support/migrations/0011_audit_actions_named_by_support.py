"""The NRM and support audit actions are declared by this app (support.vocabularies.
SupportAuditAction) under namespaced codes; existing events are relabelled to them. The audit
table is append-only (a trigger refuses UPDATE); relabelling its codes in a migration is the
one sanctioned exception: no event is added, removed or re-dated, and the words shown stay the
same."""

import contextlib

from django.db import migrations

RENAMED = {
    "nrm_referral_recorded": "nrm.referral_recorded",
    "nrm_decision_recorded": "nrm.decision_recorded",
    "nrm_reconsideration_recorded": "nrm.reconsideration_recorded",
    "nrm_disqualification_recorded": "nrm.disqualification_recorded",
    "nrm_withdrawal_recorded": "nrm.withdrawal_recorded",
    "support_recorded": "support.recorded",
}


def _relabel(apps, schema_editor, renames):
    AuditEvent = apps.get_model("casework", "AuditEvent")
    if schema_editor.connection.vendor == "postgresql":
        import pgtrigger

        allowed = pgtrigger.ignore("casework.AuditEvent:audit_append_only")
    else:
        allowed = contextlib.nullcontext()
    with allowed:
        for old, new in renames.items():
            AuditEvent.objects.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, RENAMED)


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0010_vocabularies_checked"),
        ("casework", "0026_audit_actions_declared_by_apps"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
