"""A risk assessment's areas (area, level, evidence) move from plaintext rows (RiskAreaLevel)
into one encrypted JSON field of the assessment: which areas a survivor is at risk in, and how
much, is special-category data and must not be readable in a dump. Three steps: the encrypted
field is added, each assessment's rows are copied into it, the rows' table is dropped (its bytes
survive only in dead row versions until VACUUM and in older backups)."""

from django.db import migrations

import casework.security.fields


def encrypt(apps, schema_editor):
    RiskAssessment = apps.get_model("support", "RiskAssessment")
    RiskAreaLevel = apps.get_model("support", "RiskAreaLevel")
    held: dict[int, dict] = {}
    for assessment_id, area, level, evidence in RiskAreaLevel.objects.order_by("pk").values_list(
        "assessment_id", "area", "level", "evidence"
    ):
        held.setdefault(assessment_id, {})[area] = {"level": level, "evidence": evidence or ""}
    for assessment in RiskAssessment.objects.filter(pk__in=list(held)).only("pk"):
        assessment.areas_encrypted = held[assessment.pk]
        assessment.save(update_fields=["areas_encrypted"])


def decrypt(apps, schema_editor):
    RiskAssessment = apps.get_model("support", "RiskAssessment")
    RiskAreaLevel = apps.get_model("support", "RiskAreaLevel")
    rows = []
    for assessment in RiskAssessment.objects.only("pk", "areas_encrypted"):
        for area, held in (assessment.areas_encrypted or {}).items():
            rows.append(
                RiskAreaLevel(
                    assessment_id=assessment.pk, area=area, level=held["level"], evidence=held.get("evidence", "")
                )
            )
    RiskAreaLevel.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0022_needs_assessment_steps_in_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="riskassessment",
            name="areas_encrypted",
            field=casework.security.fields.EncryptedJSONField(blank=True, default=dict),
        ),
        migrations.RunPython(encrypt, decrypt),
        migrations.DeleteModel(name="RiskAreaLevel"),
        migrations.RenameField(model_name="riskassessment", old_name="areas_encrypted", new_name="areas"),
    ]
