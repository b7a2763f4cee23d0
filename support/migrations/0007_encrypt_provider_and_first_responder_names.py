"""SupportPeriod.provider_name and Referral.first_responder_other move into encrypted
columns (security review, item 4): a provider's name can locate a safe house. Each value is
copied into a new encrypted column (NULL where none was given), the plaintext column is
blanked in the same UPDATE so no live row keeps it after the column is dropped, then the new
column takes the old name. The plaintext survives only in dead row versions until VACUUM and
in older backups."""

import fernet_fields.fields
from django.db import migrations, models

OTHER = "other"


def chunks(queryset, size=500):
    """The rows of `queryset` in batches, the primary keys read first: the loop then updates
    a table it is not reading from a cursor (which SQLite warns about and may not handle)."""
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), size):
        yield from queryset.model.objects.filter(pk__in=pks[start : start + size]).order_by("pk")


def encrypt(apps, schema_editor):
    # Only rows still holding plaintext: run a second time, this leaves the values already
    # encrypted alone instead of writing the blanked "" over them.
    SupportPeriod = apps.get_model("support", "SupportPeriod")
    for period in chunks(SupportPeriod.objects.exclude(provider_name="").only("pk", "provider_name")):
        period.provider_name_encrypted = period.provider_name
        period.provider_name = ""
        period.save(update_fields=["provider_name_encrypted", "provider_name"])
    Referral = apps.get_model("support", "Referral")
    for referral in chunks(
        Referral.objects.exclude(first_responder_other="").only(
            "pk", "first_responder", "first_responder_other"
        )
    ):
        referral.first_responder_other_encrypted = referral.first_responder_other
        referral.first_responder_other = ""
        referral.save(update_fields=["first_responder_other_encrypted", "first_responder_other"])


def decrypt(apps, schema_editor):
    SupportPeriod = apps.get_model("support", "SupportPeriod")
    for period in chunks(SupportPeriod.objects.only("pk", "provider_name_encrypted")):
        period.provider_name = period.provider_name_encrypted or ""
        period.save(update_fields=["provider_name"])
    Referral = apps.get_model("support", "Referral")
    for referral in chunks(Referral.objects.only("pk", "first_responder_other_encrypted")):
        referral.first_responder_other = referral.first_responder_other_encrypted or ""
        referral.save(update_fields=["first_responder_other"])


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0006_record_versions"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="supportperiod", name="support_other_provider_named"),
        migrations.RemoveConstraint(model_name="referral", name="referral_other_fro_named"),
        migrations.AddField(
            model_name="supportperiod",
            name="provider_name_encrypted",
            field=fernet_fields.fields.EncryptedCharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="referral",
            name="first_responder_other_encrypted",
            field=fernet_fields.fields.EncryptedCharField(blank=True, max_length=200, null=True),
        ),
        migrations.RunPython(encrypt, decrypt),
        migrations.RemoveField(model_name="supportperiod", name="provider_name"),
        migrations.RemoveField(model_name="referral", name="first_responder_other"),
        migrations.RenameField(
            model_name="supportperiod", old_name="provider_name_encrypted", new_name="provider_name"
        ),
        migrations.RenameField(
            model_name="referral", old_name="first_responder_other_encrypted", new_name="first_responder_other"
        ),
        migrations.AddConstraint(
            model_name="supportperiod",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("provider", OTHER), _negated=True),
                    ("provider_name__isnull", False),
                    _connector="OR",
                ),
                name="support_other_provider_named",
            ),
        ),
        migrations.AddConstraint(
            model_name="referral",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("first_responder", OTHER), _negated=True),
                    ("first_responder_other__isnull", False),
                    _connector="OR",
                ),
                name="referral_other_fro_named",
            ),
        ),
    ]
