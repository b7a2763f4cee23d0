"""Home Office deadlines count England and Wales bank holidays (the competent authority's
calendar), whatever the survivor's nation: referrals recorded with another calendar get the
England and Wales one and their RG target worked out again."""

from django.db import migrations

from casework import clocks


def forwards(apps, schema_editor):
    Referral = apps.get_model("support", "Referral")
    for referral in Referral.objects.exclude(working_day_calendar=clocks.HOME_OFFICE_CALENDAR).iterator():
        referral.working_day_calendar = clocks.HOME_OFFICE_CALENDAR
        referral.rg_due_on = clocks.rg_due(referral.submitted_on, clocks.HOME_OFFICE_CALENDAR)
        referral.save(update_fields=["working_day_calendar", "rg_due_on"])


class Migration(migrations.Migration):
    dependencies = [("support", "0013_disqualification_ground_reconsideration")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
