"""A reminder delivery's status is one of DeliveryStatus's codes (the dispatcher and the
sender only ever write those)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('oversight', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='reminderdelivery',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['claimed', 'sent', 'failed'])), name='reminder_status_valid'),
        ),
    ]
