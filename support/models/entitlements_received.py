"""What the survivor has received, or was refused, of what they are entitled to (docs/domain.md,
Entitlements received): not what the law provides, which support/rules/entitlements.py says."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from fernet_fields import EncryptedTextField

from casework.models.revisions import version_field
from support.vocabularies import EntitlementKind, EntitlementResult


class EntitlementReceived(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="entitlements_received")
    kind = models.CharField(max_length=20, choices=EntitlementKind.choices)
    result = models.CharField(max_length=10, choices=EntitlementResult.choices)
    # Received: from (and to, once it ended). Refused: the day it was refused.
    start_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)
    refusal_reason = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        ordering = ["start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EntitlementKind.values),
                name="entitlement_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(result__in=EntitlementResult.values), name="entitlement_result_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="entitlement_ends_after_start",
            ),
            models.CheckConstraint(  # a refusal is a day, not a period
                condition=~Q(result=EntitlementResult.REFUSED) | Q(end_on__isnull=True),
                name="entitlement_refusal_has_no_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_result_display().lower()} from {self.start_on}"
