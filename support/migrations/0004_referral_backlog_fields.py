from django.db import migrations, models
from django.db.models import Q


def fill(apps, schema_editor):
    from casework import clocks

    Referral = apps.get_model("support", "Referral")
    latest = {}
    for referral in Referral.objects.order_by("case_id", "submitted_on", "id"):
        referral.rg_due_on = clocks.rg_due(referral.submitted_on, referral.working_day_calendar)
        referral.is_current = False
        referral.save(update_fields=["rg_due_on", "is_current"])
        latest[referral.case_id] = referral.pk
    Referral.objects.filter(pk__in=latest.values()).update(is_current=True)


class Migration(migrations.Migration):
    dependencies = [("support", "0003_support_periods")]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="rg_due_on",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="referral",
            name="is_current",
            field=models.BooleanField(default=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="referral",
            name="rg_due_on",
            field=models.DateField(editable=False),
        ),
        migrations.AddConstraint(
            model_name="referral",
            constraint=models.UniqueConstraint(
                condition=Q(is_current=True), fields=("case",), name="referral_one_current"
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(condition=Q(is_current=True), fields=["rg_due_on"], name="referral_current_rg_due"),
        ),
    ]
