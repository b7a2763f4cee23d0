import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Permissions and content types follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ('reminderdelivery', 'reminderrun'):
        if not ContentType.objects.filter(app_label="oversight", model=model).exists():
            ContentType.objects.filter(app_label="support", model=model).update(app_label="oversight")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('support', '0008_reminder_outbox'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are (db_table); only Django's idea of the app changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='ReminderRun',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('local_date', models.DateField(unique=True)),
                    ('completed_at', models.DateTimeField(auto_now_add=True)),
                    ('claimed', models.PositiveIntegerField(default=0)),
                ],
                options={
                    'db_table': 'support_reminderrun',
                },
            ),
            migrations.CreateModel(
                name='ReminderDelivery',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('daily', 'Morning reminder'), ('manager_daily', "Manager's morning reminder"), ('manager_weekly', "Manager's Monday summary")], max_length=20)),
                    ('local_date', models.DateField()),
                    ('status', models.CharField(choices=[('claimed', 'Waiting to send'), ('sent', 'Sent'), ('failed', 'Could not be delivered')], default='claimed', max_length=10)),
                    ('items', models.JSONField(default=list)),
                    ('claimed_at', models.DateTimeField(auto_now_add=True)),
                    ('queued_at', models.DateTimeField(blank=True, null=True)),
                    ('sent_at', models.DateTimeField(blank=True, null=True)),
                    ('attempts', models.PositiveIntegerField(default=0)),
                    ('last_error', models.CharField(blank=True, max_length=200)),
                    ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'support_reminderdelivery',
                    'ordering': ['-local_date', 'recipient_id', 'kind'],
                    'indexes': [models.Index(condition=models.Q(('status', 'claimed')), fields=['status'], name='reminder_unsent'), models.Index(condition=models.Q(('status', 'sent'), _negated=True), fields=['claimed_at'], name='reminder_not_sent')],
                    'constraints': [models.UniqueConstraint(fields=('recipient', 'kind', 'local_date'), name='reminder_once_a_day'), models.CheckConstraint(condition=models.Q(('kind__in', ['daily', 'manager_daily', 'manager_weekly'])), name='reminder_kind_valid')],
                },
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
