from django.db import migrations, models


def date_tasks_a_closure_cancelled(apps, schema_editor):
    """Migration 0032 dated a task its case's closure cancelled by the case's closing date, or,
    the case reopened since (no closing date), by the day the task was added: both wrong for a
    back-dated or undone closure. The closure cancelled it on the day it was entered (as the
    service now records it): the first closure of its case recorded at or after the task was
    added, in UK time. Such a task has no revision changing its status (a person's cancelling
    has one). Run twice, it finds the same days."""
    from django.utils import timezone

    Task = apps.get_model("casework", "Task")
    RecordRevision = apps.get_model("casework", "RecordRevision")
    AuditEvent = apps.get_model("casework", "AuditEvent")
    closures: dict[int, list] = {}
    for task in Task.objects.filter(status="cancelled").order_by("case_id", "pk"):
        revisions = RecordRevision.objects.filter(record_kind="task", record_id=task.pk)
        if any("status" in revision.fields for revision in revisions):  # SQLite has no JSON contains
            continue  # cancelled by a person: 0032 took the day of that revision
        if task.case_id not in closures:
            closures[task.case_id] = list(
                AuditEvent.objects.filter(case_id=task.case_id, action="case_closed")
                .order_by("at", "pk")
                .values_list("at", flat=True)
            )
        closed = next((at for at in closures[task.case_id] if at >= task.created_at), None)
        if closed is not None:
            day = timezone.localtime(closed).date()
        else:
            day = task.cancelled_on or timezone.localtime(task.created_at).date()
        if day != task.cancelled_on:
            Task.objects.filter(pk=task.pk).update(cancelled_on=day)


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0034_person_pronouns'),
    ]

    operations = [
        migrations.RunPython(date_tasks_a_closure_cancelled, migrations.RunPython.noop),
        # Every cancelled task now has its day, as every done task has: the timeline lists them all.
        migrations.RemoveConstraint(
            model_name='task',
            name='task_cancelled_on_only_when_cancelled',
        ),
        migrations.AddConstraint(
            model_name='task',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('cancelled_on__isnull', False), ('status', 'cancelled')), models.Q(models.Q(('status', 'cancelled'), _negated=True), ('cancelled_on__isnull', True)), _connector='OR'), name='task_cancelled_on_when_cancelled'),
        ),
    ]
