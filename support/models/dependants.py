"""Children and other dependants of the survivor (docs/domain.md, Dependants): who they are,
where they are and their own risks and needs, all encrypted; only the relationship is plain."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from fernet_fields import EncryptedCharField, EncryptedDateField, EncryptedTextField

from casework.models.revisions import version_field
from support.vocabularies import DependantRelationship


class Dependant(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="dependants")
    name = EncryptedCharField(max_length=200, blank=True)  # blank only once erased
    date_of_birth = EncryptedDateField(null=True, blank=True)
    relationship = models.CharField(max_length=20, choices=DependantRelationship.choices)
    whereabouts = EncryptedTextField(blank=True)  # where they are: with the survivor, abroad, in care
    risks_and_needs = EncryptedTextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)  # for the timeline: when they were added
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relationship__in=DependantRelationship.values),
                name="dependant_relationship_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Dependant ({self.get_relationship_display()})"
