from django.conf import settings
from django.db import models
from django.db.models import F, Q
from fernet_fields import EncryptedCharField, EncryptedTextField

from casework.models.revisions import version_field
from casework.vocabularies import ConsentDecision, ConsentPurpose


class ConsentQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """Records not withdrawn (by `on`, if given)."""
        if on is None:
            return self.filter(withdrawn_on__isnull=True)
        return self.filter(decided_on__lte=on).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))


class Consent(models.Model):
    """One dated consent decision for one purpose. Separate purposes are separate records
    (consent to an NRM referral is not consent to share with the police); a given consent
    can later be withdrawn, which keeps the record and dates the withdrawal."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=30, choices=ConsentPurpose.choices)
    # Only for sharing with a named organisation (NULL otherwise, which the constraint below
    # can check: ciphertext cannot be compared with ""). Encrypted: a name can locate someone.
    organisation = EncryptedCharField(
        max_length=200, null=True, blank=True, help_text="The organisation information may be shared with."
    )
    decision = models.CharField(max_length=10, choices=ConsentDecision.choices)
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    version = version_field()

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=ConsentPurpose.values), name="consent_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=ConsentDecision.values), name="consent_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(purpose=ConsentPurpose.ORGANISATION_SHARING, organisation__isnull=False)
                | (~Q(purpose=ConsentPurpose.ORGANISATION_SHARING) & Q(organisation__isnull=True)),
                name="consent_organisation_only_for_sharing",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(decision=ConsentDecision.GIVEN, withdrawn_on__gte=F("decided_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_decision_display()} on {self.decided_on}"

    @property
    def is_given(self) -> bool:
        return self.decision == ConsentDecision.GIVEN and self.withdrawn_on is None
