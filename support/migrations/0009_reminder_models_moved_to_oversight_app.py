from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('support', '0008_reminder_outbox'),
        ('oversight', '0001_initial'),
    ]

    operations = [
        # The tables stay where they are (db_table); only Django's idea of the app changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='reminderdelivery',
                name='recipient',
            ),
            migrations.DeleteModel(
                name='ReminderRun',
            ),
            migrations.DeleteModel(
                name='ReminderDelivery',
            ),
            ],
            database_operations=[],
        ),
    ]
