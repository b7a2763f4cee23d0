"""A child's own records beside the NRM referral (docs/domain.md, Children): the Independent
Child Trafficking Guardian, an age dispute, and the local authority that leads on the child.
Whether the person is treated as a child is derived (support/rules/children.py), never stored."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from fernet_fields import EncryptedCharField, EncryptedTextField

from casework.models.revisions import version_field
from support.vocabularies import AgeDisputeOutcome, GuardianService


class ChildGuardian(models.Model):
    """A referral to the guardian service (MSA 2015 s48; HTE (Scotland) Act 2015 s11;
    HTE (NI) Act 2015 s21)."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="child_guardians")
    referred_on = models.DateField()
    service = models.CharField(max_length=25, choices=GuardianService.choices)
    # The service area (a region or local authority): encrypted, as with the child's age it
    # narrows down where a child is.
    area = EncryptedCharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        ordering = ["referred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__in=GuardianService.values), name="child_guardian_service_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Guardian referral of {self.referred_on}"


class AgeDispute(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="age_disputes")
    raised_on = models.DateField()
    outcome = models.CharField(
        max_length=10, choices=AgeDisputeOutcome.choices, default=AgeDisputeOutcome.PENDING
    )
    assessed_on = models.DateField(null=True, blank=True)  # the age assessment, once made
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        ordering = ["raised_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=AgeDisputeOutcome.values), name="age_dispute_outcome_valid"
            ),
            models.CheckConstraint(  # an outcome comes from an assessment, dated on or after the dispute
                condition=Q(outcome=AgeDisputeOutcome.PENDING, assessed_on__isnull=True)
                | (~Q(outcome=AgeDisputeOutcome.PENDING) & Q(assessed_on__gte=F("raised_on"))),
                name="age_dispute_outcome_assessed",
            ),
        ]

    def __str__(self) -> str:
        return f"Age dispute raised {self.raised_on}"


class LocalAuthorityLead(models.Model):
    """The local authority with the child in its care, and who leads there."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="local_authority_leads")
    authority = EncryptedCharField(max_length=200)
    # The social worker's role and how to reach them: free text, encrypted.
    social_worker = EncryptedTextField(blank=True)
    since = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        ordering = ["since", "id"]

    def __str__(self) -> str:
        return f"Local authority lead since {self.since}"
