"""The needs and support plan a caseworker builds with the survivor (docs/domain.md, Needs and
support plan): needs by domain in the survivor's own words, goals for each, actions (casework
tasks about a goal), dated reviews, and the survivor's agreement to a version of the plan.

Everything typed is encrypted. The plan's `edition` counts its versions: every need, goal or
action added, changed or deleted makes a new one, so an agreement (PlanAgreement.edition) says
which version the survivor saw, and the page can say when they have not seen the current one."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from fernet_fields import EncryptedTextField

from casework.models.revisions import version_field
from support.vocabularies import GoalStatus, NeedDomain, NeedPriority, NeedStatus


class SupportPlan(models.Model):
    """One per case, made with its first need."""

    case = models.OneToOneField("casework.Case", on_delete=models.CASCADE, related_name="support_plan")
    # The plan's version, shown to people ("version 3"): one more with every change to what it
    # says (not with a review or an agreement, which are about a version).
    edition = models.PositiveIntegerField(default=1, editable=False)
    next_review_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # "My work" and the reminders: plans whose review is due.
            models.Index(fields=["next_review_on"], name="plan_review_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(edition__gte=1), name="plan_edition_positive"),
        ]

    def __str__(self) -> str:
        return f"Support plan, version {self.edition}"


class PlanAgreement(models.Model):
    """The survivor saw and agreed this version of the plan on this date (a plan that goes to
    the Home Office, with a Recovery Needs Assessment, must have been seen by them first)."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="agreements")
    edition = models.PositiveIntegerField()
    agreed_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(edition__gte=1), name="plan_agreement_edition_positive"),
        ]

    def __str__(self) -> str:
        return f"Support plan version {self.edition} agreed on {self.agreed_on}"


class Need(models.Model):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="needs")
    domain = models.CharField(max_length=20, choices=NeedDomain.choices)
    # What the survivor says they need, in their own words; the caseworker's notes beside it.
    survivor_words = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    priority = models.CharField(max_length=10, choices=NeedPriority.choices, default=NeedPriority.MEDIUM)
    status = models.CharField(max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    # The day it was marked met (the timeline dates it); only while it is met.
    met_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(domain__in=NeedDomain.values), name="need_domain_valid"),
            models.CheckConstraint(condition=Q(priority__in=NeedPriority.values), name="need_priority_valid"),
            models.CheckConstraint(condition=Q(status__in=NeedStatus.values), name="need_status_valid"),
            models.CheckConstraint(
                condition=Q(status=NeedStatus.MET, met_on__isnull=False)
                | (~Q(status=NeedStatus.MET) & Q(met_on__isnull=True)),
                name="need_met_on_only_when_met",
            ),
        ]

    def __str__(self) -> str:
        return f"Need: {self.get_domain_display()}"


class Goal(models.Model):
    """What the survivor wants to achieve for a need. Numbered within the plan ("goal 3"), which
    is how a task about it is named without decrypting its words."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="goals")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="goals")
    number = models.PositiveIntegerField(editable=False)
    text = EncryptedTextField()
    status = models.CharField(max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GoalStatus.values), name="goal_status_valid"),
            models.UniqueConstraint(fields=["plan", "number"], name="goal_number_unique_in_plan"),
        ]

    def __str__(self) -> str:
        return f"Support plan goal {self.number}"


class PlanReview(models.Model):
    """A review of the plan with the survivor: when, what changed, and when the next one is."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    changes = EncryptedTextField(blank=True)
    next_review_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__gt=F("reviewed_on")), name="plan_review_next_after_review"
            ),
        ]

    def __str__(self) -> str:
        return f"Support plan review of {self.reviewed_on}"
