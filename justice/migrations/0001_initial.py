import django.db.models.deletion
import fernet_fields.fields
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Permissions and content types follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ('proceeding', 'milestone', 'claim'):
        if not ContentType.objects.filter(app_label="justice", model=model).exists():
            ContentType.objects.filter(app_label="casework", model=model).update(app_label="justice")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('casework', '0024_membership_suspended_after_admin_resets'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are (db_table); only Django's idea of the app changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Claim',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('cica', 'Criminal Injuries Compensation Authority'), ('employment_tribunal', 'Employment tribunal'), ('civil', 'Civil claim')], max_length=25)),
                    ('incident_on', models.DateField(help_text='The incident (CICA) or the act complained of.')),
                    ('submitted_on', models.DateField(blank=True, null=True)),
                    ('outcome', models.CharField(choices=[('pending', 'Waiting'), ('awarded', 'Awarded'), ('settled', 'Settled'), ('refused', 'Refused'), ('withdrawn', 'Withdrawn'), ('not_pursued', 'Not pursued')], default='pending', max_length=12)),
                    ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('notes', fernet_fields.fields.EncryptedTextField(blank=True)),
                    ('version', models.PositiveIntegerField(default=1, editable=False)),
                    ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='claims', to='casework.case')),
                    ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'casework_claim',
                    'ordering': ['incident_on', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Proceeding',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('victim_witness', 'Survivor as victim and witness'), ('defendant', 'Survivor prosecuted (as defendant)')], max_length=20)),
                    ('police_force', models.CharField(choices=[('avon_somerset', 'Avon and Somerset'), ('bedfordshire', 'Bedfordshire'), ('cambridgeshire', 'Cambridgeshire'), ('cheshire', 'Cheshire'), ('city_of_london', 'City of London'), ('cleveland', 'Cleveland'), ('cumbria', 'Cumbria'), ('derbyshire', 'Derbyshire'), ('devon_cornwall', 'Devon and Cornwall'), ('dorset', 'Dorset'), ('durham', 'Durham'), ('dyfed_powys', 'Dyfed-Powys'), ('essex', 'Essex'), ('gloucestershire', 'Gloucestershire'), ('greater_manchester', 'Greater Manchester'), ('gwent', 'Gwent'), ('hampshire', 'Hampshire and Isle of Wight'), ('hertfordshire', 'Hertfordshire'), ('humberside', 'Humberside'), ('kent', 'Kent'), ('lancashire', 'Lancashire'), ('leicestershire', 'Leicestershire'), ('lincolnshire', 'Lincolnshire'), ('merseyside', 'Merseyside'), ('metropolitan', 'Metropolitan Police'), ('norfolk', 'Norfolk'), ('north_wales', 'North Wales'), ('north_yorkshire', 'North Yorkshire'), ('northamptonshire', 'Northamptonshire'), ('northumbria', 'Northumbria'), ('nottinghamshire', 'Nottinghamshire'), ('south_wales', 'South Wales'), ('south_yorkshire', 'South Yorkshire'), ('staffordshire', 'Staffordshire'), ('suffolk', 'Suffolk'), ('surrey', 'Surrey'), ('sussex', 'Sussex'), ('thames_valley', 'Thames Valley'), ('warwickshire', 'Warwickshire'), ('west_mercia', 'West Mercia'), ('west_midlands', 'West Midlands'), ('west_yorkshire', 'West Yorkshire'), ('wiltshire', 'Wiltshire'), ('police_scotland', 'Police Scotland'), ('psni', 'Police Service of Northern Ireland'), ('btp', 'British Transport Police'), ('nca', 'National Crime Agency'), ('glaa', 'Gangmasters and Labour Abuse Authority')], max_length=30)),
                    ('crime_reference', fernet_fields.fields.EncryptedCharField(blank=True, max_length=50)),
                    ('officer_in_charge', fernet_fields.fields.EncryptedCharField(blank=True, max_length=200)),
                    ('offence', fernet_fields.fields.EncryptedTextField(blank=True)),
                    ('engagement', models.CharField(choices=[('engaged', 'Engaged'), ('paused', 'Paused'), ('withdrawn', 'Withdrawn')], default='engaged', max_length=10)),
                    ('engagement_changed_on', models.DateField(blank=True, null=True)),
                    ('disengagement_reason', models.CharField(blank=True, choices=[('fear_of_reprisals', 'Fear of reprisals'), ('trauma', 'Trauma or ill health'), ('support_ended', 'Support ended'), ('lost_contact', 'Lost contact'), ('moved_away', 'Moved away'), ('immigration_concerns', 'Immigration concerns'), ('delays', 'Delays in the process'), ('other', 'Other')], max_length=25)),
                    ('s45_outcome', models.CharField(blank=True, choices=[('', 'Not raised'), ('pending', 'Raised, not yet decided'), ('accepted', 'Accepted (charges dropped or acquitted)'), ('rejected', 'Rejected')], max_length=10, verbose_name='Section 45 defence')),
                    ('notes', fernet_fields.fields.EncryptedTextField(blank=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('version', models.PositiveIntegerField(default=1, editable=False)),
                    ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proceedings', to='casework.case')),
                    ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'casework_proceeding',
                    'ordering': ['created_at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Milestone',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('reported', 'Reported to police'), ('crime_recorded', 'Crime recorded'), ('abe_interview', 'Achieving Best Evidence interview'), ('early_advice', 'Early investigative advice from the CPS'), ('suspect_arrested', 'Suspect arrested'), ('charging_decision', 'Charging decision'), ('first_appearance', 'First appearance in court'), ('plea', 'Plea'), ('special_measures_applied', 'Special measures applied for'), ('special_measures_granted', 'Special measures granted'), ('trial_listed', 'Trial listed'), ('trial_started', 'Trial started'), ('trial_adjourned', 'Trial adjourned'), ('verdict', 'Verdict'), ('vps_made', 'Victim Personal Statement made'), ('vps_read', 'Victim Personal Statement read in court'), ('sentence', 'Sentence'), ('prevention_order', 'Slavery and Trafficking Prevention Order'), ('risk_order', 'Slavery and Trafficking Risk Order'), ('reparation_order', 'Slavery and Trafficking Reparation Order'), ('appeal', 'Appeal'), ('hearing', 'Hearing (survivor as defendant)')], max_length=30)),
                    ('on', models.DateField()),
                    ('outcome', models.CharField(blank=True, choices=[('', 'Not applicable'), ('charged', 'Charged'), ('nfa', 'No further action'), ('guilty', 'Guilty'), ('not_guilty', 'Not guilty'), ('mixed', 'Guilty of some counts')], max_length=12)),
                    ('survivor_told_on', models.DateField(blank=True, null=True)),
                    ('defendant', fernet_fields.fields.EncryptedCharField(blank=True, max_length=50)),
                    ('custody_months', models.PositiveIntegerField(blank=True, null=True)),
                    ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('notes', fernet_fields.fields.EncryptedTextField(blank=True)),
                    ('recorded_at', models.DateTimeField(auto_now_add=True)),
                    ('version', models.PositiveIntegerField(default=1, editable=False)),
                    ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('proceeding', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='justice.proceeding')),
                ],
                options={
                    'db_table': 'casework_milestone',
                    'ordering': ['on', 'id'],
                },
            ),
            migrations.AddConstraint(
                model_name='proceeding',
                constraint=models.CheckConstraint(condition=models.Q(('engagement', 'engaged'), models.Q(('disengagement_reason', ''), _negated=True), _connector='OR'), name='proceeding_disengagement_has_reason'),
            ),
            migrations.AddConstraint(
                model_name='proceeding',
                constraint=models.CheckConstraint(condition=models.Q(('kind', 'defendant'), ('s45_outcome', ''), _connector='OR'), name='proceeding_s45_for_defendants'),
            ),
            migrations.AddIndex(
                model_name='milestone',
                index=models.Index(fields=['kind', 'on'], name='milestone_kind_on'),
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
