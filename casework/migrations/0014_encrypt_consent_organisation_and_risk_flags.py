"""Consent.organisation and Person.risk_flags move into encrypted columns (security review,
item 4). Each value is copied into a new encrypted column, the plaintext column is blanked
in the same UPDATE (PostgreSQL's DROP COLUMN only hides a column: the bytes would stay in
every live row until it was next rewritten), then dropped, and the new column takes its name.
The plaintext survives only in dead row versions until VACUUM and in older backups."""

import fernet_fields.fields
from django.db import migrations, models

import casework.security.fields

SHARING = "organisation_sharing"


def chunks(queryset, size=500):
    """The rows of `queryset` in batches, the primary keys read first: the loop then updates
    a table it is not reading from a cursor (which SQLite warns about and may not handle)."""
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), size):
        yield from queryset.model.objects.filter(pk__in=pks[start : start + size]).order_by("pk")


def encrypt(apps, schema_editor):
    # Only rows still holding plaintext: run a second time (a migration interrupted on a
    # database without transactional DDL), this leaves the values already encrypted alone
    # instead of encrypting the blanked "" over them.
    Consent = apps.get_model("casework", "Consent")
    for consent in chunks(Consent.objects.exclude(organisation="").only("pk", "purpose", "organisation")):
        consent.organisation_encrypted = consent.organisation if consent.purpose == SHARING else None
        consent.organisation = ""
        consent.save(update_fields=["organisation_encrypted", "organisation"])
    Person = apps.get_model("casework", "Person")
    for person in chunks(Person.objects.exclude(risk_flags=[]).only("pk", "risk_flags")):
        person.risk_flags_encrypted = list(person.risk_flags or [])
        person.risk_flags = []
        person.save(update_fields=["risk_flags_encrypted", "risk_flags"])


def decrypt(apps, schema_editor):
    Consent = apps.get_model("casework", "Consent")
    for consent in chunks(Consent.objects.only("pk", "organisation_encrypted")):
        consent.organisation = consent.organisation_encrypted or ""
        consent.save(update_fields=["organisation"])
    Person = apps.get_model("casework", "Person")
    for person in chunks(Person.objects.only("pk", "risk_flags_encrypted")):
        person.risk_flags = person.risk_flags_encrypted or []
        person.save(update_fields=["risk_flags"])


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0013_audit_actions_for_team_removal_and_views"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="consent", name="consent_organisation_only_for_sharing"),
        migrations.AddField(
            model_name="consent",
            name="organisation_encrypted",
            field=fernet_fields.fields.EncryptedCharField(
                blank=True,
                help_text="The organisation information may be shared with.",
                max_length=200,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="risk_flags_encrypted",
            field=casework.security.fields.EncryptedJSONField(blank=True, default=list),
        ),
        migrations.RunPython(encrypt, decrypt),
        migrations.RemoveField(model_name="consent", name="organisation"),
        migrations.RemoveField(model_name="person", name="risk_flags"),
        migrations.RenameField(model_name="consent", old_name="organisation_encrypted", new_name="organisation"),
        migrations.RenameField(model_name="person", old_name="risk_flags_encrypted", new_name="risk_flags"),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("organisation__isnull", False), ("purpose", SHARING)),
                    models.Q(models.Q(("purpose", SHARING), _negated=True), ("organisation__isnull", True)),
                    _connector="OR",
                ),
                name="consent_organisation_only_for_sharing",
            ),
        ),
    ]
