"""Every vocabulary column of a proceeding, a step and a claim holds one of its codes (or the
empty "none" where the field may be blank). The forms and services already allowed only these."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0026_audit_actions_declared_by_apps'),
        ('justice', '0002_audit_actions_named_by_justice'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['cica', 'employment_tribunal', 'civil'])), name='claim_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__in', ['pending', 'awarded', 'settled', 'refused', 'withdrawn', 'not_pursued'])), name='claim_outcome_valid'),
        ),
        migrations.AddConstraint(
            model_name='milestone',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['reported', 'crime_recorded', 'abe_interview', 'early_advice', 'suspect_arrested', 'charging_decision', 'first_appearance', 'plea', 'special_measures_applied', 'special_measures_granted', 'trial_listed', 'trial_started', 'trial_adjourned', 'verdict', 'vps_made', 'vps_read', 'sentence', 'prevention_order', 'risk_order', 'reparation_order', 'appeal', 'hearing'])), name='milestone_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='milestone',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__in', ['', 'charged', 'nfa', 'guilty', 'not_guilty', 'mixed'])), name='milestone_outcome_valid'),
        ),
        migrations.AddConstraint(
            model_name='proceeding',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['victim_witness', 'defendant'])), name='proceeding_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='proceeding',
            constraint=models.CheckConstraint(condition=models.Q(('police_force__in', ['avon_somerset', 'bedfordshire', 'cambridgeshire', 'cheshire', 'city_of_london', 'cleveland', 'cumbria', 'derbyshire', 'devon_cornwall', 'dorset', 'durham', 'dyfed_powys', 'essex', 'gloucestershire', 'greater_manchester', 'gwent', 'hampshire', 'hertfordshire', 'humberside', 'kent', 'lancashire', 'leicestershire', 'lincolnshire', 'merseyside', 'metropolitan', 'norfolk', 'north_wales', 'north_yorkshire', 'northamptonshire', 'northumbria', 'nottinghamshire', 'south_wales', 'south_yorkshire', 'staffordshire', 'suffolk', 'surrey', 'sussex', 'thames_valley', 'warwickshire', 'west_mercia', 'west_midlands', 'west_yorkshire', 'wiltshire', 'police_scotland', 'psni', 'btp', 'nca', 'glaa'])), name='proceeding_police_force_valid'),
        ),
        migrations.AddConstraint(
            model_name='proceeding',
            constraint=models.CheckConstraint(condition=models.Q(('engagement__in', ['engaged', 'paused', 'withdrawn'])), name='proceeding_engagement_valid'),
        ),
        migrations.AddConstraint(
            model_name='proceeding',
            constraint=models.CheckConstraint(condition=models.Q(('disengagement_reason__in', ['fear_of_reprisals', 'trauma', 'support_ended', 'lost_contact', 'moved_away', 'immigration_concerns', 'delays', 'other', ''])), name='proceeding_disengagement_reason_valid'),
        ),
        migrations.AddConstraint(
            model_name='proceeding',
            constraint=models.CheckConstraint(condition=models.Q(('s45_outcome__in', ['', 'pending', 'accepted', 'rejected'])), name='proceeding_s45_outcome_valid'),
        ),
    ]
