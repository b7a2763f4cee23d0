"""Temporary permission to stay for confirmed victims (VTS): the decision, its ground, an
application to extend it, and (derived) the window to ask for it to be reconsidered
(docs/domain.md, "Temporary permission to stay")."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from fernet_fields import EncryptedTextField

from casework.models.revisions import version_field
from support.vocabularies import PermissionDecision, PermissionGround


class PermissionToStay(models.Model):
    """Temporary permission to stay for confirmed victims (VTS, Nationality and Borders Act
    s65), considered automatically after a positive CG for non-British survivors."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="permissions_to_stay")
    considered_from = models.DateField()
    decision = models.CharField(
        max_length=10, choices=PermissionDecision.choices, default=PermissionDecision.PENDING
    )
    decided_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    # Why it was granted (NABA 2022 s65(2)); blank while considered, when refused, or recorded
    # before the ground was asked for.
    ground = models.CharField(max_length=12, choices=PermissionGround.choices, blank=True)
    # An application to extend it (made before it expires), and the date it was made.
    extension_applied_on = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        ordering = ["considered_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=PermissionDecision.values), name="permission_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(ground__in=[*PermissionGround.values, ""]), name="permission_ground_valid"
            ),
            models.CheckConstraint(
                condition=Q(extension_applied_on__isnull=True) | Q(decision=PermissionDecision.GRANTED),
                name="permission_extension_of_a_grant",
            ),
            models.CheckConstraint(
                condition=~Q(decision=PermissionDecision.GRANTED)
                | Q(expires_on__isnull=False, decided_on__isnull=False),
                name="permission_granted_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(decided_on__isnull=True)
                | Q(expires_on__gt=F("decided_on")),
                name="permission_expires_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"Permission to stay ({self.get_decision_display()})"
