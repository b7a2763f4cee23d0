"""The interview's status, stop reason and outcome code each hold one of their vocabulary's
codes (the outcome: the assessment's answer, "stopped", or empty while in progress)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0026_audit_actions_declared_by_apps'),
        ('screening', '0003_interview_may_stop_before_any_section'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='screeninginterview',
            name='outcome',
            field=models.CharField(blank=True, choices=[('', 'Not yet known'), ('refer_nrm', 'Refer to the NRM'), ('dtn_only', 'Duty to Notify report only (adult does not consent)'), ('no_referral', 'No referral'), ('stopped', 'Stopped')], max_length=20),
        ),
        migrations.AddConstraint(
            model_name='screeninginterview',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'completed', 'stopped'])), name='screeninginterview_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='screeninginterview',
            constraint=models.CheckConstraint(condition=models.Q(('stop_reason__in', ['distressed', 'unsafe', 'declined', 'other', ''])), name='screeninginterview_stop_reason_valid'),
        ),
        migrations.AddConstraint(
            model_name='screeninginterview',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__in', ['', 'refer_nrm', 'dtn_only', 'no_referral', 'stopped'])), name='screeninginterview_outcome_valid'),
        ),
    ]
