"""Home Office deadlines count England and Wales bank holidays (the competent authority's
calendar), whatever the survivor's nation: referrals recorded with another calendar get the
England and Wales one and their RG target worked out again.

The calculation is frozen here, as it stood when this migration was written (5 working days
after the referral, on the England and Wales calendar), so a later change to casework/clocks.py
cannot change what this migration does."""

from datetime import timedelta

import holidays
from django.db import migrations

ENGLAND = "ENG"  # casework.vocabularies.Nation.ENGLAND when this was written
RG_WORKING_DAYS = 5  # the rg_working_days policy row in force for every referral then


def _is_working_day(day, cache):
    if day.year not in cache:
        cache[day.year] = frozenset(holidays.country_holidays("GB", subdiv=ENGLAND, years=day.year).keys())
    return day.weekday() < 5 and day not in cache[day.year]


def _rg_due(submitted_on, cache):
    current, remaining = submitted_on, RG_WORKING_DAYS
    while remaining:
        current += timedelta(days=1)
        if _is_working_day(current, cache):
            remaining -= 1
    return current


def forwards(apps, schema_editor):
    Referral = apps.get_model("support", "Referral")
    cache: dict = {}
    for referral in Referral.objects.exclude(working_day_calendar=ENGLAND).iterator():
        referral.working_day_calendar = ENGLAND
        referral.rg_due_on = _rg_due(referral.submitted_on, cache)
        referral.save(update_fields=["working_day_calendar", "rg_due_on"])


class Migration(migrations.Migration):
    dependencies = [("support", "0013_disqualification_ground_reconsideration")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
