"""The survivor's own ratings of the outcomes that matter to them (docs/domain.md, Outcomes):
each of the seven Modern Slavery Core Outcome Set outcomes they choose, on a scale of 1 to 5,
with their own words, at intake, at each plan review, or another time."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from fernet_fields import EncryptedTextField

from casework.models.revisions import version_field
from support.vocabularies import CoreOutcome, RatingOccasion

LOWEST_SCORE, HIGHEST_SCORE = 1, 5


class OutcomeRating(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="outcome_ratings")
    rated_on = models.DateField()
    occasion = models.CharField(max_length=15, choices=RatingOccasion.choices)
    outcome = models.CharField(max_length=15, choices=CoreOutcome.choices)
    score = models.PositiveSmallIntegerField()
    words = EncryptedTextField(blank=True)  # the survivor's own words about it
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        ordering = ["rated_on", "id"]
        indexes = [models.Index(fields=["case", "outcome", "rated_on"], name="outcome_rating_case_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(occasion__in=RatingOccasion.values), name="outcome_rating_occasion_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=CoreOutcome.values), name="outcome_rating_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=LOWEST_SCORE, score__lte=HIGHEST_SCORE),
                name="outcome_rating_score_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} rated {self.score} on {self.rated_on}"
