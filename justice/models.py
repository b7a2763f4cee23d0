"""The criminal-justice journey (docs/domain.md, "Criminal justice" and "Compensation and
claims"): each proceeding the survivor is part of, its milestones, the survivor's engagement,
and compensation and civil claims."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from fernet_fields import EncryptedCharField, EncryptedTextField

from casework.models.revisions import version_field
from justice.vocabularies import (
    ClaimKind,
    ClaimOutcome,
    DisengagementReason,
    Engagement,
    ExtensionOutcome,
    MilestoneKind,
    MilestoneOutcome,
    OffenceGroup,
    PoliceForce,
    ProceedingKind,
    S45Outcome,
)


class Proceeding(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(max_length=20, choices=ProceedingKind.choices)
    police_force = models.CharField(max_length=30, choices=PoliceForce.choices)
    crime_reference = EncryptedCharField(max_length=50, blank=True)
    officer_in_charge = EncryptedCharField(max_length=200, blank=True)
    offence = EncryptedTextField(blank=True)  # the survivor's own charge, as defendant
    # Its group, to check the statutory defence's excluded offences (justice.rights). Criminal
    # offence data about the survivor, so encrypted like the charge (no CheckConstraint can read
    # it: the form's choices and full_clean keep it to the vocabulary).
    offence_group = EncryptedCharField(max_length=12, choices=OffenceGroup.choices, blank=True)
    engagement = models.CharField(max_length=10, choices=Engagement.choices, default=Engagement.ENGAGED)
    engagement_changed_on = models.DateField(null=True, blank=True)
    disengagement_reason = models.CharField(max_length=25, choices=DisengagementReason.choices, blank=True)
    s45_outcome = models.CharField(
        "Section 45 defence", max_length=10, choices=S45Outcome.choices, blank=True
    )
    notes = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        db_table = "casework_proceeding"  # kept when the model moved app
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(engagement=Engagement.ENGAGED) | ~Q(disengagement_reason=""),
                name="proceeding_disengagement_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(kind=ProceedingKind.DEFENDANT) | Q(s45_outcome=""),
                name="proceeding_s45_for_defendants",
            ),
            models.CheckConstraint(condition=Q(kind__in=ProceedingKind.values), name="proceeding_kind_valid"),
            models.CheckConstraint(
                condition=Q(police_force__in=PoliceForce.values), name="proceeding_police_force_valid"
            ),
            models.CheckConstraint(
                condition=Q(engagement__in=Engagement.values), name="proceeding_engagement_valid"
            ),
            models.CheckConstraint(
                condition=Q(disengagement_reason__in=[*DisengagementReason.values, ""]),
                name="proceeding_disengagement_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(s45_outcome__in=S45Outcome.values), name="proceeding_s45_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_police_force_display()})"


class Milestone(models.Model):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=30, choices=MilestoneKind.choices)
    on = models.DateField()
    outcome = models.CharField(max_length=12, choices=MilestoneOutcome.choices, blank=True)
    survivor_told_on = models.DateField(null=True, blank=True)  # charging decision (Victims' Code right 6)
    # "Defendant 1": a verdict is per defendant. Encrypted, as someone may type a name here.
    defendant = EncryptedCharField(max_length=50, blank=True)
    custody_months = models.PositiveIntegerField(null=True, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        db_table = "casework_milestone"  # kept when the model moved app
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["kind", "on"], name="milestone_kind_on")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MilestoneKind.values), name="milestone_kind_valid"),
            models.CheckConstraint(
                condition=Q(outcome__in=MilestoneOutcome.values), name="milestone_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"


class Claim(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(max_length=25, choices=ClaimKind.choices)
    incident_on = models.DateField(help_text="The incident (CICA) or the act complained of.")
    # A period rather than one day (a period of abuse; a series of deductions from wages): its
    # last day (incident_on is its first).
    period_ended_on = models.DateField(null=True, blank=True)
    # CICA and civil claims: the caseworker says the survivor was a child at the incident. The
    # date of birth on the survivor's details decides when it is recorded (the box is then only
    # compared with it); for CICA a child's deadline also reads the first report to the police.
    uses_date_of_birth = models.BooleanField(default=False)
    first_reported_on = models.DateField(null=True, blank=True)
    # Employment tribunal: ACAS early conciliation, Day A (contacted ACAS) and Day B (certificate).
    acas_day_a = models.DateField(null=True, blank=True)
    acas_day_b = models.DateField(null=True, blank=True)
    # CICA's "exceptional circumstances" extension, asked for on a date.
    extension_asked_on = models.DateField(null=True, blank=True)
    extension_outcome = models.CharField(max_length=10, choices=ExtensionOutcome.choices, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=ClaimOutcome.choices, default=ClaimOutcome.PENDING)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        db_table = "casework_claim"  # kept when the model moved app
        ordering = ["incident_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ClaimKind.values), name="claim_kind_valid"),
            models.CheckConstraint(condition=Q(outcome__in=ClaimOutcome.values), name="claim_outcome_valid"),
            models.CheckConstraint(
                condition=Q(extension_outcome__in=ExtensionOutcome.values),
                name="claim_extension_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind=ClaimKind.EMPLOYMENT_TRIBUNAL) | Q(acas_day_a=None, acas_day_b=None),
                name="claim_acas_for_tribunals",
            ),
            models.CheckConstraint(
                condition=Q(acas_day_b=None) | Q(acas_day_a__isnull=False, acas_day_b__gte=F("acas_day_a")),
                name="claim_acas_day_b_after_day_a",
            ),
            models.CheckConstraint(
                condition=Q(period_ended_on=None) | Q(period_ended_on__gte=F("incident_on")),
                name="claim_period_ended_on_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind=ClaimKind.CICA) | Q(extension_asked_on=None, extension_outcome=""),
                name="claim_extension_for_cica",
            ),
            models.CheckConstraint(
                condition=Q(extension_outcome="") | Q(extension_asked_on__isnull=False),
                name="claim_extension_outcome_needs_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} claim"
