from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0024_membership_suspended_after_admin_resets'),
        ('justice', '0001_initial'),
    ]

    operations = [
        # The tables stay where they are (db_table); only Django's idea of the app changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='milestone',
                name='proceeding',
            ),
            migrations.RemoveField(
                model_name='milestone',
                name='recorded_by',
            ),
            migrations.RemoveField(
                model_name='proceeding',
                name='case',
            ),
            migrations.RemoveField(
                model_name='proceeding',
                name='created_by',
            ),
            migrations.DeleteModel(
                name='Claim',
            ),
            migrations.DeleteModel(
                name='Milestone',
            ),
            migrations.DeleteModel(
                name='Proceeding',
            ),
            ],
            database_operations=[],
        ),
    ]
