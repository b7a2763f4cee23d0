"""Tasks on a case: what someone who may see the case has to do, and by when. The title and
details are encrypted (they say things about the survivor); the status and dates are plain, for
"My work", the reminders and the backlog."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from fernet_fields import EncryptedCharField, EncryptedTextField

from casework.models.revisions import version_field
from casework.vocabularies import TaskStatus


class Task(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedCharField(max_length=200)
    details = EncryptedTextField(blank=True)
    due_on = models.DateField()
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasks")
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)
    # The day it was cancelled (the case timeline dates it; the revision only holds who and why).
    cancelled_on = models.DateField(null=True, blank=True, editable=False)
    cancel_reason = EncryptedCharField(max_length=500, blank=True)
    # The record the task is about, if any: a record kind (casework.services.record_kinds, one
    # with task_subject) and the record's id on this case. Not a foreign key: a task can be
    # about a record of any app (a decision, a proceeding, later a plan's goal) and casework
    # does not import them; a record deleted later leaves the task saying so.
    about_kind = models.CharField(max_length=40, blank=True)
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["case", "due_on"], name="task_open_by_case", condition=Q(status="open")),
            models.Index(
                fields=["assignee", "due_on"], name="task_open_by_assignee", condition=Q(status="open")
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TaskStatus.values), name="task_status_valid"),
            models.CheckConstraint(
                condition=Q(status=TaskStatus.DONE, done_on__isnull=False)
                | (~Q(status=TaskStatus.DONE) & Q(done_on__isnull=True)),
                name="task_done_on_only_when_done",
            ),
            models.CheckConstraint(
                condition=Q(about_kind="", about_id__isnull=True)
                | (~Q(about_kind="") & Q(about_id__isnull=False)),
                name="task_about_kind_and_id_together",
            ),
            # A cancelled task has its day, and only a cancelled task (as done_on above).
            models.CheckConstraint(
                condition=Q(status=TaskStatus.CANCELLED, cancelled_on__isnull=False)
                | (~Q(status=TaskStatus.CANCELLED) & Q(cancelled_on__isnull=True)),
                name="task_cancelled_on_when_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"Task due {self.due_on:%Y-%m-%d} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN
